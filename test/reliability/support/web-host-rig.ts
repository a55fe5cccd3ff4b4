// A web host on a throwaway renderer folder and a real engine + sandbox, plus a contract socket client and
// a raw HTTP client: what the page-side suites (malformed payloads, access rules, hostile requests) talk to.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';
import type { ConsoleEngine } from '../../../electron/engine/console/console-engine';
import { startWebHost, type WebHost, type WebHostLimits } from '../../../electron/host/web-host';
import { createSandbox, type Sandbox } from '../../../electron/sandbox';
import { engineFor } from '../../support/console-with-sandbox';
import { makeTempDir } from '../../support/temp-dir';

export interface WebHostRig {
  host: WebHost;
  engine: ConsoleEngine;
  sandbox: Sandbox;
  dataDirectory: string;
  close(): Promise<void>;
}

export async function startWebHostRig(limits: Partial<WebHostLimits> = {}): Promise<WebHostRig> {
  const dir = makeTempDir('guest-console-webhost-');
  const renderer = path.join(dir.path, 'renderer');
  fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Guest Console</title>');
  fs.writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  const sandbox = await createSandbox({ replyLatency: 'instant', port: 0, autoStart: false });
  const dataDirectory = path.join(dir.path, 'data');
  fs.mkdirSync(dataDirectory);
  const engine = engineFor(sandbox, dataDirectory);
  const host = await startWebHost({ engine, rendererDirectory: renderer, sandboxOrigin: sandbox.baseUrl, limits });
  return {
    host,
    engine,
    sandbox,
    dataDirectory,
    async close() {
      await host.close();
      await engine.close();
      await sandbox.close();
      dir.remove();
    },
  };
}

/** How opening a contract socket ended: admitted (the host said `ready`), refused at the HTTP upgrade, or
 *  closed after the access frame. */
export type SocketOutcome = { ws: WebSocket } | { status: number; body: string } | { closed: number; reason: string };

/** Opens /contract and sends `token` in the access frame (`null`: sends nothing). */
export function openContractSocket(
  host: WebHost,
  token: string | null,
  origin: string | undefined,
  headers: Record<string, string> = {},
): Promise<SocketOutcome> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/contract`, { headers, ...(origin ? { origin } : {}) });
    ws.once('open', () => {
      if (token !== null) ws.send(JSON.stringify({ type: 'access', token }));
    });
    ws.once('message', (data) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'ready') resolve({ ws });
    });
    ws.once('close', (code, reason) => resolve({ closed: code, reason: reason.toString() }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
        ws.terminate();
      });
    });
    ws.on('error', () => resolve({ status: 0, body: '' }));
  });
}

/** Sends bytes as they are (no client library to tidy them up) and resolves with everything the host answered
 *  until it closed the connection, or what had arrived after `waitMs`. */
export function rawExchange(port: number, bytes: string | Buffer, waitMs = 3_000): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(bytes));
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', done);
    socket.on('error', done);
  });
}

/** The status code of a raw HTTP answer, 0 when there was none. */
export function statusOf(answer: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
}

/** Replies by id (events are skipped), so many requests can be in flight on one socket. */
export class ContractClient {
  private readonly waiting = new Map<unknown, (reply: { id: unknown; result: { ok: boolean; error?: { kind: string; message: string }; data?: unknown } }) => void>();
  readonly unmatched: unknown[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; id: unknown; result: never };
      if (frame.type !== 'reply') return;
      const waiter = this.waiting.get(frame.id);
      if (waiter) {
        this.waiting.delete(frame.id);
        waiter(frame);
      } else this.unmatched.push(frame);
    });
  }

  /** Rejects when no reply comes within `timeoutMs`: silence is a failure too. */
  send(raw: string | Buffer, id: unknown, timeoutMs = 10_000): Promise<{ id: unknown; result: { ok: boolean; error?: { kind: string; message: string }; data?: unknown } }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`no reply within ${timeoutMs} ms to ${String(raw).slice(0, 300)}`));
      }, timeoutMs);
      this.waiting.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.ws.send(raw);
    });
  }

  request(id: number, channel: unknown, payload: unknown) {
    return this.send(JSON.stringify({ type: 'request', id, channel, payload }), id);
  }
}
