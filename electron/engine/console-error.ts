// Errors as values with a kind and a message a person can act on. Engine code throws ConsoleError;
// the dispatcher turns it (and anything unexpected) into a contract `Result` exactly once.
import type { ContractError, ErrorKind } from '../../shared/contract';

export class ConsoleError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly issues?: ContractError['issues'],
  ) {
    super(message);
    this.name = 'ConsoleError';
  }

  toContractError(): ContractError {
    return this.issues ? { kind: this.kind, message: this.message, issues: this.issues } : { kind: this.kind, message: this.message };
  }
}
