// An HTTP server with limits on what a client may send and how slowly, and one answer for a request Node
// could not parse. Every loopback server of the project starts here: header size, time to send the headers
// and the whole request (slowloris headers and bodies), idle keep-alive, connections open at once; and a
// `clientError` handler, so a garbage request line, a bad header or a header block too large gets a 400
// (431, or 408 when too slow) in the server's own error shape, and the server keeps serving; a CONNECT gets
// a 400 too (Node would drop it without a word).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export interface HttpServerLimits {
  /** Request line plus headers, in bytes; a larger block is answered 431. */
  maxHeaderBytes: number;
  /** From connecting to the end of the headers; after that the connection gets 408 and is closed. */
  headersTimeoutMs: number;
  /** From connecting to the end of the body: a body that trickles in is cut with 408. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** Connections open at once (upgraded WebSockets included); more are closed at accept. null = no cap. */
  maxConnections: number | null;
}

/** How the server words a refusal it makes before any route ran: its content type and body. */
export type RefusalBody = (status: number, message: string) => { contentType: string; body: string };

/** How often Node checks the two request timeouts (its default, 30 s, would let a slow client stay that much longer). */
const TIMEOUT_CHECK_INTERVAL_MS = 1000;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

export function createGuardedServer(
  limits: HttpServerLimits,
  refusal: RefusalBody,
  listener: (req: IncomingMessage, res: ServerResponse) => void,
): Server {
  const server = createServer(
    {
      maxHeaderSize: limits.maxHeaderBytes,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_INTERVAL_MS, limits.headersTimeoutMs),
    },
    listener,
  );
  if (limits.maxConnections !== null) server.maxConnections = limits.maxConnections;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // Node's own default handler makes the same check: never write a status line into a response already under way.
    const underWay = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage?.headersSent === true;
    if (error.code === 'ECONNRESET' || !socket.writable || underWay) return void socket.destroy();
    const [status, message] = clientErrorAnswer(error.code);
    refuseRaw(socket, status, refusal(status, message));
  });
  // No server of ours is a proxy: a CONNECT (an authority-form target) is answered, not silently dropped.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    refuseRaw(socket, 400, refusal(400, 'This server is not a proxy: CONNECT is refused.'));
  });
  return server;
}

/** Write a whole HTTP response on a socket no `ServerResponse` owns (a client error, a refused upgrade) and close it. */
export function refuseRaw(socket: Duplex, status: number, answer: { contentType: string; body: string }): void {
  if (!socket.writable) return void socket.destroy();
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nContent-Type: ${answer.contentType}\r\n` +
      `Content-Length: ${Buffer.byteLength(answer.body)}\r\nConnection: close\r\n\r\n${answer.body}`,
  );
}

function clientErrorAnswer(code: string | undefined): [number, string] {
  if (code === 'HPE_HEADER_OVERFLOW') return [431, 'The request line and headers are too large.'];
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, 'The request was not sent in time; the connection is closed.'];
  return [400, `The request could not be read as HTTP/1.1 (${code ?? 'malformed'}).`];
}
