// The parent's handle on a reliability engine child: contract calls over IPC (rejected at once if the
// child dies mid-call), SIGKILL, and everything the child printed (stdout + stderr), kept for the
// secrets search.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Result } from '../../../shared/contract';
import type { ChildOptions } from './engine-child';

const CHILD = path.resolve(__dirname, 'engine-child.ts');

export class EngineProcess {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: Result<unknown>) => void; reject: (error: Error) => void }>();
  private exited = false;
  readonly ready: Promise<void>;
  readonly exit: Promise<number | null>;
  output = '';

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.ready = new Promise((resolve, reject) => {
      child.on('message', (message: { ready?: boolean; id?: number; result?: Result<unknown> }) => {
        if (message.ready) resolve();
        if (message.id !== undefined) {
          this.pending.get(message.id)?.resolve(message.result!);
          this.pending.delete(message.id);
        }
      });
      child.once('exit', () => reject(new Error(`the engine exited before it was ready:\n${this.output}`)));
    });
    this.exit = new Promise((resolve) =>
      child.once('exit', (code) => {
        this.exited = true;
        for (const waiter of this.pending.values()) waiter.reject(new Error('the engine process died'));
        this.pending.clear();
        resolve(code);
      }),
    );
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** The raw Result of a contract request. */
  request(channel: string, payload: unknown): Promise<Result<unknown>> {
    if (this.exited) return Promise.reject(new Error('the engine process died'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, channel, payload });
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
}

export function startEngineProcess(dataDirectory: string, options: ChildOptions): EngineProcess {
  const child = fork(CHILD, [dataDirectory, JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  return new EngineProcess(child);
}
