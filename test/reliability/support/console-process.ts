// The parent's handle on a console child (console-child.ts): the contract over the web host's own socket,
// opened with the access token of the URL the console printed — as a page would — and SIGKILL.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import WebSocket from 'ws';
import type { Result } from '../../../shared/contract';
import type { SandboxOrg } from '../../../electron/sandbox';

const CHILD = path.resolve(__dirname, 'console-child.ts');

/** Where the embedded sandbox listens: enough to read the server's side (server-truth.ts). */
export interface SandboxEndpoints {
  baseUrl: string;
  wsUrl: string;
  org: SandboxOrg;
}

export class ConsoleProcess {
  private socket: WebSocket | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: Result<unknown>) => void; reject: (error: Error) => void }>();
  private exited = false;
  readonly exit: Promise<void>;
  output = '';

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    readonly sandbox: SandboxEndpoints,
  ) {
    this.exit = new Promise((resolve) =>
      child.once('exit', () => {
        this.exited = true;
        this.failPending();
        resolve();
      }),
    );
  }

  static async start(dataDirectory: string): Promise<ConsoleProcess> {
    const child = fork(CHILD, [dataDirectory], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const ready = await new Promise<{ url: string; sandbox: SandboxEndpoints }>((resolve, reject) => {
      child.on('message', (message: { ready?: boolean; url: string; sandbox: SandboxEndpoints }) => message.ready && resolve(message));
      child.once('exit', (code) => reject(new Error(`the console exited (${code}) before it was ready:\n${output}`)));
    });
    const running = new ConsoleProcess(child, ready.url, ready.sandbox);
    child.stdout?.on('data', (chunk: Buffer) => (running.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (running.output += chunk.toString()));
    await running.connect();
    return running;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** The raw Result of a contract request; rejects if the console dies first. */
  request(channel: string, payload: unknown): Promise<Result<unknown>> {
    if (this.exited || !this.socket) return Promise.reject(new Error('the console process died'));
    const id = this.nextId++;
    const socket = this.socket;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ type: 'request', id, channel, payload }));
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
    this.socket?.terminate();
  }

  /** The page's way in: the socket with the console's own Origin, the token in the first frame. */
  private connect(): Promise<void> {
    const address = new URL(this.url);
    const token = address.searchParams.get('token') ?? '';
    const socket = new WebSocket(`ws://${address.host}/contract`, { origin: address.origin });
    this.socket = socket;
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; id?: number; result?: Result<unknown> };
      if (frame.type !== 'reply' || frame.id === undefined) return;
      this.pending.get(frame.id)?.resolve(frame.result!);
      this.pending.delete(frame.id);
    });
    socket.on('close', () => this.failPending());
    socket.on('error', () => undefined);
    return new Promise((resolve, reject) => {
      socket.once('open', () => socket.send(JSON.stringify({ type: 'access', token })));
      socket.once('message', (data) => ((JSON.parse(data.toString()) as { type: string }).type === 'ready' ? resolve() : reject(new Error(data.toString()))));
      socket.once('close', (code, reason) => reject(new Error(`the console refused the socket (${code} ${reason.toString()})`)));
    });
  }

  private failPending(): void {
    for (const waiter of this.pending.values()) waiter.reject(new Error('the console process died'));
    this.pending.clear();
  }
}
