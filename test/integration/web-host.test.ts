// The web host's gatekeeping and its contract socket, over real loopback sockets.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createConsoleEngine } from '../../electron/engine/console-engine';
import { createConfBackend } from '../../electron/engine/profiles/conf-backend';
import { createMemoryVault } from '../../electron/engine/profiles/secret-vault';
import { startWebHost, type WebHost } from '../../electron/host/web-host';
import { makeTempDir } from '../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let host: WebHost;

beforeAll(async () => {
  dir = makeTempDir();
  const renderer = path.join(dir.path, 'renderer');
  fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Guest Console</title>');
  fs.writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir.path, 'outside.txt'), 'must not be served');
  const engine = createConsoleEngine({
    host: 'web',
    version: '0.0.0-test',
    versions: {},
    dataDirectory: dir.path,
    settings: createConfBackend(path.join(dir.path, 'data')),
    vault: createMemoryVault(),
    sandbox: null,
  });
  host = await startWebHost({ engine, rendererDirectory: renderer });
});

afterAll(async () => {
  await host.close();
  dir.remove();
});

const get = (pathname: string, headers: Record<string, string> = {}) => fetch(`${host.origin}${pathname}`, { headers });

function openSocket(query: string, origin: string | undefined): Promise<{ ws: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/contract${query}`, origin ? { origin } : {});
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once('error', () => undefined);
  });
}

function request(ws: WebSocket, frame: unknown): Promise<{ id: unknown; result: { ok: boolean; error?: { kind: string } ; data?: unknown } }> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString())));
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

describe('the web host', () => {
  it('listens on loopback only', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses the page without the token, or with a wrong one', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get(`/?token=${host.token}x`)).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
  });

  it('serves the page with the token and sets a cookie that then opens the assets', async () => {
    const page = await get(`/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const cookie = page.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const asset = await get('/assets/app.js', { cookie: cookie.split(';')[0]! });
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log(1)');
  });

  it('refuses requests from a foreign Origin even with the token', async () => {
    expect((await get(`/?token=${host.token}`, { origin: 'http://evil.example' })).status).toBe(403);
  });

  it('does not serve files outside the renderer folder', async () => {
    const response = await get(`/..%2Foutside.txt?token=${host.token}`);
    expect(await response.text()).not.toContain('must not be served');
  });

  it('refuses the socket without the token, with a wrong one, or from a foreign Origin', async () => {
    expect(await openSocket('', host.origin)).toEqual({ status: 401 });
    expect(await openSocket('?token=nope', host.origin)).toEqual({ status: 401 });
    expect(await openSocket(`?token=${host.token}`, 'http://evil.example')).toEqual({ status: 403 });
    expect(await openSocket(`?token=${host.token}`, undefined)).toEqual({ status: 403 });
  });

  it('carries the contract over the socket and survives malformed frames', async () => {
    const opened = await openSocket(`?token=${host.token}`, host.origin);
    if (!('ws' in opened)) throw new Error(`socket refused: ${opened.status}`);
    const { ws } = opened;
    try {
      const listed = await request(ws, { type: 'request', id: 1, channel: 'profiles.list', payload: {} });
      expect(listed).toMatchObject({ id: 1, result: { ok: true, data: [] } });

      expect((await request(ws, '{not json')).result.error?.kind).toBe('InvalidRequest');
      expect((await request(ws, { type: 'hello' })).result.error?.kind).toBe('InvalidRequest');
      expect((await request(ws, { type: 'request', id: 2, channel: 'nope', payload: {} })).result.error?.kind).toBe('UnknownChannel');
      expect((await request(ws, { type: 'request', id: 3, channel: 'profiles.save', payload: { name: 5 } })).result.error?.kind).toBe(
        'InvalidRequest',
      );

      const info = await request(ws, { type: 'request', id: 4, channel: 'app.info', payload: {} });
      expect(info).toMatchObject({ id: 4, result: { ok: true, data: { host: 'web' } } });
    } finally {
      ws.close();
    }
  });

  it('pushes profiles.changed events to the page', async () => {
    const opened = await openSocket(`?token=${host.token}`, host.origin);
    if (!('ws' in opened)) throw new Error('socket refused');
    const { ws } = opened;
    try {
      const frames: { type: string; event?: string }[] = [];
      ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
      ws.send(JSON.stringify({ type: 'request', id: 1, channel: 'profiles.save', payload: { name: 'Acme', region: 'us-east-1' } }));
      await expect.poll(() => frames.find((frame) => frame.type === 'event')).toMatchObject({ event: 'profiles.changed' });
    } finally {
      ws.close();
    }
  });
});
