// The web host: serves the built renderer and carries the contract over a WebSocket, on loopback only.
// Every route needs the random access token — in the URL (`?token=`) for the first page load, then in an
// HttpOnly SameSite=Strict cookie for the page's own assets — and any request that carries an Origin
// header must come from the host's own origin. The socket needs both. Wrong/missing token → 401,
// foreign Origin → 403.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { contentSecurityPolicy } from '../../shared/content-security-policy';
import type { ConsoleEngine } from '../engine/console-engine';

export interface WebHostOptions {
  engine: ConsoleEngine;
  /** Folder with the built renderer (index.html + assets). */
  rendererDirectory: string;
  port?: number;
  token?: string;
}

export interface WebHost {
  url: string; // with the token
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const COOKIE = 'gc_token';
const MAX_FRAME_BYTES = 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

function sameSecret(given: string | undefined | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) return rest.join('=');
  }
  return undefined;
}


export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const root = path.resolve(options.rendererDirectory);
  let origin = '';
  let port = 0;

  const isForeignOrigin = (req: http.IncomingMessage) => req.headers.origin !== undefined && req.headers.origin !== origin;
  const isAuthorised = (req: http.IncomingMessage, url: URL) =>
    sameSecret(url.searchParams.get('token'), token) || sameSecret(cookieToken(req.headers.cookie), token);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    if (isForeignOrigin(req)) return refuse(res, 403, 'Requests from other origins are refused.');
    if (!isAuthorised(req, url)) {
      return refuse(res, 401, 'This console needs its access token. Open the URL the web host printed when it started.');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Only GET is served here.');
    if (sameSecret(url.searchParams.get('token'), token)) {
      res.setHeader('Set-Cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    serveFile(url.pathname, res);
  });

  const serveFile = (pathname: string, res: http.ServerResponse) => {
    let file = path.resolve(root, `.${decodeURIComponent(pathname)}`);
    if (!file.startsWith(root + path.sep) && file !== root) return refuse(res, 404, 'Not found.');
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html');
    if (!fs.existsSync(file)) {
      return refuse(res, 503, 'The console has not been built yet. Run `npm run build:renderer`, then reload.');
    }
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': contentSecurityPolicy([`ws://127.0.0.1:${port}`]),
    });
    fs.createReadStream(file).pipe(res);
  };

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const reject = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/contract') return reject(404, 'Not Found');
    if (req.headers.origin !== origin) return reject(403, 'Forbidden');
    if (!isAuthorised(req, url)) return reject(401, 'Unauthorized');
    sockets.handleUpgrade(req, socket, head, (ws) => carryContract(ws, options.engine));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function refuse(res: http.ServerResponse, status: number, message: string) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message);
}

/** One page's socket: requests in, replies and events out, every frame checked. */
function carryContract(ws: WebSocket, engine: ConsoleEngine) {
  const unsubscribe = engine.bus.subscribe((event, payload) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'event', event, payload }));
  });
  ws.on('close', unsubscribe);
  // A frame over the size limit (or any protocol violation) errors this socket only: without a listener
  // the 'error' event would be thrown and take the whole host down.
  ws.on('error', () => ws.terminate());
  ws.on('message', async (data, isBinary) => {
    let frame: unknown;
    try {
      if (isBinary) throw new Error('binary');
      frame = JSON.parse(data.toString());
    } catch {
      return reply(null, { ok: false, error: { kind: 'InvalidRequest', message: 'The frame was not a JSON text frame.' } });
    }
    const { type, id, channel, payload } = (frame ?? {}) as Record<string, unknown>;
    const replyId = typeof id === 'string' || typeof id === 'number' ? id : null;
    if (type !== 'request' || replyId === null) {
      return reply(replyId, {
        ok: false,
        error: { kind: 'InvalidRequest', message: 'A frame must be {"type":"request","id":…,"channel":…,"payload":…}.' },
      });
    }
    reply(replyId, await engine.dispatcher.dispatch(channel, payload));
  });
  function reply(id: string | number | null, result: unknown) {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'reply', id, result }));
  }
}
