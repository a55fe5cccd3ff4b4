// The web host's access rules and its limits, on every route, method and the socket. A foreign Host (a DNS
// rebinding page) or a foreign or odd Origin → 403 everywhere; no cookie is ever set; the socket is admitted
// only with the token in its first frame, a silent one is closed (the page retries), and beyond the cap a new
// one is refused in words. A malformed request line, target, header or percent-encoding, an oversized header block, a slow
// client or an unasked-for body gets its 4xx and the host keeps serving. It listens on 127.0.0.1 only.
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CLOSE_ACCESS_REFUSED } from '../../shared/web-host-socket';
import { openContractSocket, rawExchange, startWebHostRig, statusOf, type WebHostRig } from './support/web-host-rig';

const LIMITS = { maxSockets: 3, accessTimeoutMs: 300, headersTimeoutMs: 400, requestTimeoutMs: 600, maxHeaderBytes: 4 * 1024 };
let rig: WebHostRig;
beforeAll(async () => {
  rig = await startWebHostRig(LIMITS);
});
afterAll(() => rig.close());

const ROUTES = ['/', '/index.html', '/assets/app.js', '/contract', '/api/anything', '/..%2f..%2fetc%2fpasswd', '/%00'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'];
const FOREIGN_ORIGINS = (port: number) => ['null', 'http://evil.example', `http://localhost:${port}`, `https://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`, `http://127.0.0.1:${port}.evil.example`, 'http://127.0.0.1'];
const FOREIGN_HOSTS = (port: number) => ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', `0.0.0.0:${port}`, `localhost.:${port}`];

/** One raw request: `GET <target> HTTP/1.1` with these header lines (Host defaults to the host's own). */
function rawRequest(target: string, lines: string[] = [], method = 'GET') {
  const host = lines.some((line) => /^host:/i.test(line)) ? [] : [`Host: 127.0.0.1:${rig.host.port}`];
  return rawExchange(rig.host.port, [`${method} ${target} HTTP/1.1`, ...host, ...lines, 'Connection: close', '', ''].join('\r\n'));
}

async function stillServes() {
  expect((await fetch(`${rig.host.origin}/`)).status).toBe(200);
  const opened = await openContractSocket(rig.host, rig.host.token, rig.host.origin);
  if (!('ws' in opened)) throw new Error(`the socket was refused: ${JSON.stringify(opened)}`);
  opened.ws.close();
}

describe('the web host', () => {
  it('serves every route without a cookie, and sets none', async () => {
    for (const route of ROUTES) {
      for (const method of ['GET', 'HEAD']) {
        const response = await fetch(`${rig.host.origin}${route}`, { method });
        expect(response.headers.get('set-cookie'), `${method} ${route}`).toBeNull();
        expect(response.status, `${method} ${route}`).toBe(route.includes('..') ? 404 : 200);
      }
    }
  });

  it('refuses every route and method for a Host other than its own (DNS rebinding)', async () => {
    for (const host of FOREIGN_HOSTS(rig.host.port)) {
      for (const route of ROUTES) {
        for (const method of METHODS) {
          expect(statusOf(await rawRequest(route, [`Host: ${host}`], method)), `${method} ${route} for ${host}`).toBe(403);
        }
      }
      const upgrade = await rawRequest('/contract', [`Host: ${host}`, `Origin: http://${host}`, 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==']);
      expect(statusOf(upgrade), `upgrade for ${host}`).toBe(403);
    }
    expect(statusOf(await rawRequest('/', [`Host: localhost:${rig.host.port}`]))).toBe(200);
  });

  it('refuses every route and method from a foreign Origin', async () => {
    for (const origin of FOREIGN_ORIGINS(rig.host.port)) {
      for (const route of ROUTES) {
        for (const method of ['GET', 'POST']) {
          const response = await fetch(`${rig.host.origin}${route}`, { method, headers: { origin } });
          expect(response.status, `${method} ${route} from ${origin}`).toBe(403);
        }
      }
    }
  });

  it('accepts only GET and HEAD', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      expect((await fetch(`${rig.host.origin}/`, { method })).status).toBe(405);
    }
  });

  it('admits the socket only with the token in its first frame and the host\'s own Host and Origin', async () => {
    const { host } = rig;
    for (const token of ['', host.token.slice(0, -1), `${host.token}x`, host.token.toUpperCase()]) {
      expect(await openContractSocket(host, token, host.origin), token).toEqual({ closed: CLOSE_ACCESS_REFUSED, reason: expect.stringContaining('URL the web host printed') });
    }
    expect(await openContractSocket(host, host.token, undefined)).toMatchObject({ status: 403 });
    for (const origin of FOREIGN_ORIGINS(host.port)) expect(await openContractSocket(host, host.token, origin), origin).toMatchObject({ status: 403 });
    expect(await openContractSocket(host, host.token, `http://evil.example:${host.port}`, { host: `evil.example:${host.port}` })).toMatchObject({ status: 403 });
    const opened = await openContractSocket(host, host.token, host.origin);
    expect('ws' in opened).toBe(true);
    if ('ws' in opened) opened.ws.close();
  });

  it('answers no contract request before the access frame, and closes a socket that never sends one', async () => {
    const started = Date.now();
    expect(await openContractSocket(rig.host, null, rig.host.origin)).toEqual({ closed: 1008, reason: 'No access token arrived in time.' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(LIMITS.accessTimeoutMs - 50);

    const ws = new WebSocket(`ws://127.0.0.1:${rig.host.port}/contract`, { origin: rig.host.origin });
    const frames: string[] = [];
    ws.on('open', () => ws.send(JSON.stringify({ type: 'request', id: 1, channel: 'profiles.list', payload: {} })));
    ws.on('message', (data) => frames.push(data.toString()));
    const code = await new Promise<number>((resolve) => ws.on('close', resolve));
    expect({ code, frames }).toEqual({ code: CLOSE_ACCESS_REFUSED, frames: [] });
  });

  it(`holds at most ${LIMITS.maxSockets} contract sockets and refuses the next in words`, async () => {
    const open = await Promise.all(Array.from({ length: LIMITS.maxSockets }, () => openContractSocket(rig.host, rig.host.token, rig.host.origin)));
    const sockets = open.map((opened) => ('ws' in opened ? opened.ws : null));
    expect(sockets.every(Boolean)).toBe(true);
    expect(await openContractSocket(rig.host, rig.host.token, rig.host.origin)).toEqual({
      status: 503,
      body: `Too many console pages are connected (at most ${LIMITS.maxSockets}). Close one, then reload this page.`,
    });
    await new Promise((resolve) => {
      sockets[0]!.once('close', resolve);
      sockets[0]!.close();
    });
    await expect.poll(async () => {
      const opened = await openContractSocket(rig.host, rig.host.token, rig.host.origin);
      if ('ws' in opened) opened.ws.close();
      return 'ws' in opened;
    }).toBe(true);
    for (const ws of sockets.slice(1)) ws!.close();
  });

  describe('answers a malformed or hostile request with a 4xx and keeps serving', () => {
    const upgrade = ['Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='];
    it.each([
      ['an absolute-form target with a bad port', () => rawRequest('http://a:99999/'), 400],
      ['an absolute-form target with a bad port, as an upgrade', () => rawRequest('http://a:99999/', [`Origin: ${rig.host.origin}`, ...upgrade]), 400],
      ['an absolute-form target with a bad port and no Host', () => rawExchange(rig.host.port, 'GET http://a:99999/ HTTP/1.1\r\n\r\n'), 400],
      ['an absolute-form target to this very host', () => rawRequest(`${rig.host.origin}/`), 400],
      ['an authority-form target', () => rawRequest('127.0.0.1:1'), 400],
      ['a bad percent-encoding', () => rawRequest('/%c0'), 400],
      ['a bad percent-encoding, as an image URL would carry it', () => rawRequest('/assets/%E0%A4%A.png?token=x'), 400],
      ['a lone percent sign', () => rawRequest('/%'), 400],
      ['a bad percent-encoding on the socket path', () => rawRequest('/contract/%c0', [`Origin: ${rig.host.origin}`, ...upgrade]), 404],
      ['a garbage request line', () => rawExchange(rig.host.port, 'HELLO\r\n\r\n'), 400],
      ['a header without a colon', () => rawRequest('/', ['not a header']), 400],
      ['a header block over the limit', () => rawRequest('/', [`X-Big: ${'a'.repeat(LIMITS.maxHeaderBytes * 2)}`]), 431],
      ['a body on a GET', () => rawRequest('/', ['Content-Length: 5', '', 'hello']), 413],
      ['a chunked POST', () => rawRequest('/', ['Transfer-Encoding: chunked', '', '5\r\nhello\r\n0\r\n'], 'POST'), 405],
      ['headers that never end (slowloris)', () => rawExchange(rig.host.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${rig.host.port}\r\nX-Slow: 1\r\n`, 5_000), 408],
      ['a body that never ends', () => rawExchange(rig.host.port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${rig.host.port}\r\nContent-Length: 1000\r\n\r\nabc`, 5_000), 405],
    ] as const)('%s', async (_name, send, status) => {
      expect(statusOf(await send())).toBe(status);
      await stillServes();
    });
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(rig.host.origin).toBe(`http://127.0.0.1:${rig.host.port}`);
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((address) => address && !address.internal)
      .map((address) => address!.address);
    for (const address of [...others, '::1']) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = net.connect({ host: address, port: rig.host.port });
        socket.once('connect', () => (socket.destroy(), resolve('connected')));
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(outcome, address).not.toBe('connected');
    }
  });
});
