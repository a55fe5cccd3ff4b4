// The parent's handle on a console child (console-child.ts): the contract over the web host's own socket,
// opened with the access token of the URL the console printed — as a page would — and SIGKILL.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import WebSocket from 'ws';
import type { Result } from '../../../shared/contract';
import type { SandboxOrg } from '../../../electron/sandbox';
import { ContractChild } from './contract-child';

const CHILD = path.resolve(__dirname, 'console-child.ts');

/** Where the embedded sandbox listens: enough to read the server's side (server-truth.ts). */
export interface SandboxEndpoints {
  baseUrl: string;
  wsUrl: string;
  org: SandboxOrg;
}

export class ConsoleProcess extends ContractChild {
  private socket: WebSocket | undefined;

  private constructor(
    child: ChildProcess,
    readonly url: string,
    readonly sandbox: SandboxEndpoints,
  ) {
    super(child, 'the console');
  }

  static async start(dataDirectory: string): Promise<ConsoleProcess> {
    const child = fork(CHILD, [dataDirectory], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let early = '';
    child.stdout?.on('data', (chunk: Buffer) => (early += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (early += chunk.toString()));
    const ready = await new Promise<{ url: string; sandbox: SandboxEndpoints }>((resolve, reject) => {
      child.on('message', (message: { ready?: boolean; url: string; sandbox: SandboxEndpoints }) => message.ready && resolve(message));
      child.once('exit', (code) => reject(new Error(`the console exited (${code}) before it was ready:\n${early}`)));
    });
    const running = new ConsoleProcess(child, ready.url, ready.sandbox);
    await running.connect();
    return running;
  }

  override async kill(): Promise<void> {
    await super.kill();
    this.socket?.terminate();
  }

  protected canSend(): boolean {
    return this.socket !== undefined;
  }

  protected transmit(id: number, channel: string, payload: unknown): void {
    this.socket!.send(JSON.stringify({ type: 'request', id, channel, payload }));
  }

  /** The page's way in: the socket with the console's own Origin, the token in the first frame. */
  private connect(): Promise<void> {
    const address = new URL(this.url);
    const token = address.searchParams.get('token') ?? '';
    const socket = new WebSocket(`ws://${address.host}/contract`, { origin: address.origin });
    this.socket = socket;
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; id?: number; result?: Result<unknown> };
      if (frame.type === 'reply' && frame.id !== undefined) this.settle(frame.id, frame.result!);
    });
    socket.on('close', () => this.failPending());
    socket.on('error', () => undefined);
    return new Promise((resolve, reject) => {
      socket.once('open', () => socket.send(JSON.stringify({ type: 'access', token })));
      socket.once('message', (data) => ((JSON.parse(data.toString()) as { type: string }).type === 'ready' ? resolve() : reject(new Error(data.toString()))));
      socket.once('close', (code, reason) => reject(new Error(`the console refused the socket (${code} ${reason.toString()})`)));
    });
  }
}
