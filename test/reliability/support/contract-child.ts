// What the reliability suites' child processes have in common: contract calls matched to their replies by id
// (each rejected at once if the child dies first), everything the child printed, SIGKILL, and its exit.
// Subclasses say how a request travels: IPC (engine-process.ts) or the web host's own socket (console-process.ts).
import type { ChildProcess } from 'node:child_process';
import type { Result } from '../../../shared/contract';

export abstract class ContractChild {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: Result<unknown>) => void; reject: (error: Error) => void }>();
  private exited = false;
  readonly exit: Promise<number | null>;
  /** stdout and stderr, as printed. */
  output = '';

  constructor(
    readonly child: ChildProcess,
    /** "the engine", "the console": how errors name the child. */
    private readonly name: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exit = new Promise((resolve) =>
      child.once('exit', (code) => {
        this.exited = true;
        this.failPending();
        resolve(code);
      }),
    );
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** The raw Result of a contract request; rejects if the child dies first. */
  request(channel: string, payload: unknown): Promise<Result<unknown>> {
    if (this.exited || !this.canSend()) return Promise.reject(new Error(`${this.name} process died`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.transmit(id, channel, payload);
    });
  }

  async call<T>(channel: string, payload: unknown): Promise<T> {
    const result = await this.request(channel, payload);
    if (!result.ok) throw new Error(`${channel}: ${result.error.kind}: ${result.error.message}`);
    return result.data as T;
  }

  async kill(): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGKILL');
    await this.exit;
  }

  protected abstract canSend(): boolean;
  protected abstract transmit(id: number, channel: string, payload: unknown): void;

  /** A reply arrived for request `id`. */
  protected settle(id: number, result: Result<unknown>): void {
    this.pending.get(id)?.resolve(result);
    this.pending.delete(id);
  }

  protected failPending(): void {
    for (const waiter of this.pending.values()) waiter.reject(new Error(`${this.name} process died`));
    this.pending.clear();
  }
}
