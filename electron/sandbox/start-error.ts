// Why `createSandbox` could not start, as a kind a caller can act on and a message a person can read.

export class SandboxStartError extends Error {
  constructor(
    readonly kind: 'ScriptsInvalid' | 'OptionsInvalid' | 'ListenFailed' | 'CredentialsUnavailable' | 'StateInUse' | 'StateUnavailable',
    message: string,
  ) {
    super(message);
    this.name = 'SandboxStartError';
  }
}
