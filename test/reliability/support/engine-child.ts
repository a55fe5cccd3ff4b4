// The console engine in a child process for the reliability suites (a richer cousin of
// test/support/engine-child.ts): driven over IPC, its logger on stderr and every engine event on stdout
// (all a page would ever see), so a suite can SIGKILL it anywhere, restart it on the same data folder, and
// search its output for secrets. argv: <dataDirectory> <options JSON>.
import { createConsoleEngine, type SandboxConnection } from '../../../electron/engine/console/console-engine';
import { createConfBackend } from '../../../electron/engine/profiles/conf-backend';
import { createMemoryVault } from '../../../electron/engine/profiles/secret-vault';

export interface ChildOptions {
  sandbox: SandboxConnection;
  /** Print every engine event on stdout. */
  printEvents?: boolean;
}

const [dataDirectory, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson!) as ChildOptions;
const print = (stream: NodeJS.WriteStream, level: string) => (message: string, fields?: Record<string, unknown>) =>
  stream.write(`${level} ${message} ${fields ? JSON.stringify(fields) : ''}\n`);
const engine = createConsoleEngine({
  host: 'web',
  version: '0.0.0-reliability',
  versions: {},
  dataDirectory: dataDirectory!,
  settings: createConfBackend(dataDirectory!),
  vault: createMemoryVault(),
  env: process.env,
  sandbox: options.sandbox,
  logger: { info: print(process.stdout, 'info'), warn: print(process.stderr, 'warn'), error: print(process.stderr, 'error') },
  session: { pingIntervalMs: 2_000, ackTimeoutMs: 3_000, maxReconnectDelayMs: 300 },
  openMessaging: { poller: { afterGuestMessageMs: [300, 600], afterAgentMessageMs: [300, 600], idleCapMs: 1_000 }, requestTimeoutMs: 5_000 },
});
if (options.printEvents) engine.bus.subscribe((event, payload) => process.stdout.write(`event ${event} ${JSON.stringify(payload)}\n`));

process.on('message', (message: { id: number; channel: string; payload: unknown }) => {
  void engine.dispatcher.dispatch(message.channel, message.payload).then((result) => process.send?.({ id: message.id, result }));
});
process.send?.({ ready: true });
