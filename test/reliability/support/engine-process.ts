// The parent's handle on a reliability engine child (engine-child.ts): contract calls over IPC, SIGKILL, and
// everything the child printed (stdout + stderr), kept for the secrets search.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Result } from '../../../shared/contract';
import { ContractChild } from './contract-child';
import type { ChildOptions } from './engine-child';

const CHILD = path.resolve(__dirname, 'engine-child.ts');

export class EngineProcess extends ContractChild {
  readonly ready: Promise<void>;

  constructor(child: ChildProcess) {
    super(child, 'the engine');
    this.ready = new Promise((resolve, reject) => {
      child.on('message', (message: { ready?: boolean; id?: number; result?: Result<unknown> }) => {
        if (message.ready) resolve();
        if (message.id !== undefined) this.settle(message.id, message.result!);
      });
      child.once('exit', () => reject(new Error(`the engine exited before it was ready:\n${this.output}`)));
    });
  }

  protected canSend(): boolean {
    return this.child.connected;
  }

  /** With a callback, a channel that closed under a SIGKILL (before 'exit') fails the calls instead of throwing. */
  protected transmit(id: number, channel: string, payload: unknown): void {
    this.child.send({ id, channel, payload }, (error) => {
      if (error) this.failPending();
    });
  }
}

export function startEngineProcess(dataDirectory: string, options: ChildOptions): EngineProcess {
  const child = fork(CHILD, [dataDirectory, JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  return new EngineProcess(child);
}
