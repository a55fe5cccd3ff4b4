// The web host's gatekeeping and its contract socket, over real loopback sockets: the page's files are open to
// this host's own name and origin, the socket also needs the access token in its first frame, no cookie exists.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createConsoleEngine } from '../../electron/engine/console/console-engine';
import { createConfBackend } from '../../electron/engine/profiles/conf-backend';
import { createMemoryVault } from '../../electron/engine/profiles/secret-vault';
import { startWebHost, type WebHost } from '../../electron/host/web-host';
import { CLOSE_ACCESS_REFUSED } from '../../shared/web-host-socket';
import { makeTempDir } from '../support/temp-dir';

const SANDBOX_ORIGIN = 'http://127.0.0.1:4710';
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
    env: {},
    sandbox: null,
  });
  host = await startWebHost({ engine, rendererDirectory: renderer, sandboxOrigin: SANDBOX_ORIGIN });
});

afterAll(async () => {
  await host.close();
  dir.remove();
});

const get = (pathname: string, headers: Record<string, string> = {}) => fetch(`${host.origin}${pathname}`, { headers });

type Opened = { ws: WebSocket } | { status: number } | { closed: number; reason: string };

/** Opens /contract and sends `token` in the access frame; resolves once the host said `ready`, refused or closed. */
function openSocket(token: string | null, origin: string | undefined): Promise<Opened> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/contract`, origin ? { origin } : {});
    ws.once('open', () => token !== null && ws.send(JSON.stringify({ type: 'access', token })));
    ws.once('message', (data) => JSON.parse(data.toString()).type === 'ready' && resolve({ ws }));
    ws.once('close', (closed, reason) => resolve({ closed, reason: reason.toString() }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on('error', () => undefined);
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

  it('serves the page and its assets without the token, and never sets a cookie', async () => {
    for (const pathname of ['/', `/?token=${host.token}`, '/assets/app.js']) {
      const response = await get(pathname);
      expect(response.status, pathname).toBe(200);
      expect(response.headers.get('set-cookie'), pathname).toBeNull();
    }
    expect(await (await get('/assets/app.js')).text()).toBe('console.log(1)');
  });

  it('lets the page load images only from itself, data:, blob:, https and the sandbox\'s exact origin', async () => {
    const policy = (await get('/')).headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    const images = policy.split(';').map((part) => part.trim().split(/\s+/)).find(([name]) => name === 'img-src')?.slice(1);
    expect(images).toEqual(["'self'", 'data:', 'blob:', 'https:', SANDBOX_ORIGIN]);
  });

  it('refuses requests from a foreign Origin or for a foreign Host', async () => {
    expect((await get('/', { origin: 'http://evil.example' })).status).toBe(403);
    const rebound = await new Promise<number>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port: host.port, path: '/', headers: { host: `rebind.example:${host.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(0));
    });
    expect(rebound).toBe(403);
  });

  it('does not serve files outside the renderer folder', async () => {
    const response = await get('/..%2Foutside.txt');
    expect(await response.text()).not.toContain('must not be served');
  });

  it('admits the socket only with the token in its first frame, and only from the host\'s own Origin', async () => {
    const refused = { closed: CLOSE_ACCESS_REFUSED, reason: expect.stringContaining('URL the web host printed') };
    expect(await openSocket('', host.origin)).toEqual(refused);
    expect(await openSocket('nope', host.origin)).toEqual(refused);
    expect(await openSocket(`${host.token}x`, host.origin)).toEqual(refused);
    expect(await openSocket(host.token, 'http://evil.example')).toEqual({ status: 403 });
    expect(await openSocket(host.token, undefined)).toEqual({ status: 403 });
  });

  it('carries the contract over the socket and survives malformed frames', async () => {
    const opened = await openSocket(host.token, host.origin);
    if (!('ws' in opened)) throw new Error(`socket refused: ${JSON.stringify(opened)}`);
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
    const opened = await openSocket(host.token, host.origin);
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
