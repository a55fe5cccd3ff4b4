// The engine's logger: what the composition root hands every service (a console line writer, or silence in
// tests). Fields are structured; no caller puts a secret in them (the secrets suite searches the output).

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
