// A web host on a throwaway renderer folder and a real engine + sandbox, plus a contract socket client:
// what the page-side suites (malformed payloads, access rules) talk to.
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import type { ConsoleEngine } from '../../../electron/engine/console-engine';
import { startWebHost, type WebHost } from '../../../electron/host/web-host';
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

export async function startWebHostRig(): Promise<WebHostRig> {
  const dir = makeTempDir('guest-console-webhost-');
  const renderer = path.join(dir.path, 'renderer');
  fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Guest Console</title>');
  fs.writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  const sandbox = await createSandbox({ port: 0, autoStart: false });
  const dataDirectory = path.join(dir.path, 'data');
  fs.mkdirSync(dataDirectory);
  const engine = engineFor(sandbox, dataDirectory);
  const host = await startWebHost({ engine, rendererDirectory: renderer });
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

export function openContractSocket(host: WebHost, query: string, origin: string | undefined): Promise<{ ws: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/contract${query}`, origin ? { origin } : {});
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once('error', () => resolve({ status: 0 }));
  });
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
