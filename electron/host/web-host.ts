// The web host: serves the built renderer and carries the contract over a WebSocket, on 127.0.0.1 only.
// Every request and upgrade must name this host (Host `127.0.0.1:<port>` or `localhost:<port>`, against DNS
// rebinding) and, when it carries an Origin, come from that same origin. The renderer's files hold no secret
// and need nothing more; the contract socket also needs the random access token, in its first frame, checked
// in constant time before any contract traffic. No cookie is ever set: a cookie is not scoped to a port and
// would reach every other server on 127.0.0.1. A malformed target, percent-encoding or header gets a 400, a
// slow or oversized request a 408 or 431, and none of them ends the process.
import { createHash, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { contentSecurityPolicy } from '../../shared/content-security-policy';
import type { Result } from '../../shared/contract';
import {
  accessTokenOf,
  CLOSE_ACCESS_REFUSED,
  CONTRACT_SOCKET_PATH,
  parseRequestFrame,
  type EventFrame,
  type FrameId,
  type ReadyFrame,
  type ReplyFrame,
} from '../../shared/web-host-socket';
import type { ConsoleEngine } from '../engine/console/console-engine';
import { createGuardedServer, refuseRaw, type HttpServerLimits } from '../protocol/http/guarded-server';
import { decodePathSegments, isLoopbackHost, parseRequestTarget } from '../protocol/http/request-target';
import { newAccessToken } from './web-host-identity';

/** Limits against slow, greedy or hostile local clients, with the reasoning behind each number. */
export interface WebHostLimits extends HttpServerLimits {
  /** Contract sockets open at once: one per console tab. A person keeps a few; each gets every event. */
  maxSockets: number;
  /** Time a new socket has to send the access token: the page sends it the moment the socket opens. */
  accessTimeoutMs: number;
}

export const DEFAULT_WEB_HOST_LIMITS: WebHostLimits = {
  maxSockets: 16,
  accessTimeoutMs: 5_000,
  // A browser sends about 1 KiB of headers here, having no cookie to send.
  maxHeaderBytes: 8 * 1024,
  // A browser sends a request at once; a slowloris client never finishes. This host takes no bodies.
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  // A browser opens six per host; far below the process's file limit, so a flood of idle connections is
  // turned away at accept instead of exhausting descriptors.
  maxConnections: 256,
};

export interface WebHostOptions {
  engine: ConsoleEngine;
  /** Folder with the built renderer (index.html + assets). */
  rendererDirectory: string;
  port?: number;
  token?: string;
  /** The embedded sandbox's origin: besides https, the one origin the page may load agents' images from. */
  sandboxOrigin?: string;
  limits?: Partial<WebHostLimits>;
}

export interface WebHost {
  url: string; // with the token
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

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

type Admission = { ok: true; target: URL; host: string } | { ok: false; status: number; message: string };

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? newAccessToken();
  const limits = { ...DEFAULT_WEB_HOST_LIMITS, ...options.limits };
  const root = path.resolve(options.rendererDirectory);
  const imageOrigins = options.sandboxOrigin ? [options.sandboxOrigin] : [];
  let port = 0;

  /** The checks every request and upgrade passes first: a well-formed target, this host's name, its origin. */
  const admit = (req: http.IncomingMessage): Admission => {
    const target = parseRequestTarget(req.url);
    if (!target) return { ok: false, status: 400, message: 'The request target is malformed; this host serves paths such as /index.html.' };
    const host = req.headers.host?.toLowerCase();
    if (host === undefined || !isLoopbackHost(host, port)) {
      return { ok: false, status: 403, message: `This console answers only at http://127.0.0.1:${port} or http://localhost:${port}.` };
    }
    if (req.headers.origin !== undefined && req.headers.origin !== `http://${host}`) {
      return { ok: false, status: 403, message: 'Requests from other origins are refused.' };
    }
    return { ok: true, target, host };
  };

  const server = createGuardedServer(limits, plainText, (req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    // A body is never read here: answer, then close instead of draining it.
    if (hasBody(req)) res.setHeader('Connection', 'close');
    const admission = admit(req);
    if (!admission.ok) return refuse(res, admission.status, admission.message);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Only GET is served here.');
    if (hasBody(req)) return refuse(res, 413, 'This host takes no request bodies.');
    serveFile(admission.target.pathname, admission.host, res);
  });

  const serveFile = (pathname: string, host: string, res: http.ServerResponse) => {
    const segments = decodePathSegments(pathname);
    if (segments === null) return refuse(res, 400, 'The path has a malformed percent-encoding.');
    let file = path.resolve(root, ...segments);
    if (!file.startsWith(root + path.sep) && file !== root) return refuse(res, 404, 'Not found.');
    if (!isFile(file)) file = path.join(root, 'index.html');
    if (!isFile(file)) {
      return refuse(res, 503, 'The console has not been built yet. Run `npm run build:renderer`, then reload.');
    }
    const stream = fs.createReadStream(file);
    stream.on('error', () => res.destroy());
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': contentSecurityPolicy({ connect: [`ws://${host}`], images: imageOrigins }),
    });
    stream.pipe(res);
  };

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node takes its own error listener off an upgraded socket; a reset before the handshake ends must not throw.
    socket.on('error', () => socket.destroy());
    const admission = admit(req);
    if (!admission.ok) return rejectUpgrade(socket, admission.status, admission.message);
    if (admission.target.pathname !== CONTRACT_SOCKET_PATH) return rejectUpgrade(socket, 404, 'Not found.');
    if (req.headers.origin === undefined) return rejectUpgrade(socket, 403, 'The contract socket is opened only by the console page.');
    if (sockets.clients.size >= limits.maxSockets) {
      return rejectUpgrade(socket, 503, `Too many console pages are connected (at most ${limits.maxSockets}). Close one, then reload this page.`);
    }
    sockets.handleUpgrade(req, socket, head, (ws) => awaitAccess(ws, token, limits.accessTimeoutMs, () => carryContract(ws, options.engine)));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

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

function hasBody(req: http.IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false; // missing, unreadable, or a name the file system refuses (a NUL byte)
  }
}

function refuse(res: http.ServerResponse, status: number, message: string) {
  const { contentType, body } = plainText(status, message);
  res.writeHead(status, { 'Content-Type': contentType });
  res.end(body);
}

function plainText(_status: number, message: string) {
  return { contentType: 'text/plain; charset=utf-8', body: message };
}

/** Refuses an upgrade in words, then drops the connection even if the client never closes its side. */
function rejectUpgrade(socket: Duplex, status: number, message: string) {
  socket.once('finish', () => socket.destroy());
  refuseRaw(socket, status, plainText(status, message));
}

/** Compares digests so that neither the content nor the length of a wrong token shows in the timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** A new socket's first frame must carry the access token; until it has, nothing of the contract flows. */
function awaitAccess(ws: WebSocket, token: string, timeoutMs: number, admitted: () => void) {
  // A frame over the size limit (or any protocol violation) errors this socket only: without a listener
  // the 'error' event would be thrown and take the whole host down.
  ws.on('error', () => ws.terminate());
  // Too slow is a policy close (1008) the page retries after; only a wrong token is final (CLOSE_ACCESS_REFUSED).
  const timer = setTimeout(() => ws.close(1008, 'No access token arrived in time.'), timeoutMs);
  ws.once('close', () => clearTimeout(timer));
  ws.once('message', (data, isBinary) => {
    clearTimeout(timer);
    const given = isBinary ? null : accessTokenOf(data.toString());
    if (given === null || !sameSecret(given, token)) {
      return ws.close(CLOSE_ACCESS_REFUSED, 'The access token is missing or wrong; open the console from the URL the web host printed.');
    }
    ws.send(JSON.stringify({ type: 'ready' } satisfies ReadyFrame));
    admitted();
  });
}

/** One page's socket: requests in, replies and events out, every frame checked. */
function carryContract(ws: WebSocket, engine: ConsoleEngine) {
  const unsubscribe = engine.bus.subscribe((event, payload) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'event', event, payload } satisfies EventFrame));
  });
  ws.on('close', unsubscribe);
  ws.on('message', async (data, isBinary) => {
    const parsed = isBinary ? { ok: false as const, id: null, message: 'The frame was not a JSON text frame.' } : parseRequestFrame(data.toString());
    if (!parsed.ok) return reply(parsed.id, { ok: false, error: { kind: 'InvalidRequest', message: parsed.message } });
    const { id, channel, payload } = parsed.frame;
    reply(id, await engine.dispatcher.dispatch(channel, payload));
  });
  function reply(id: FrameId | null, result: Result<unknown>) {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'reply', id, result } satisfies ReplyFrame));
  }
}
