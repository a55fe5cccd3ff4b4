// The WebSocket a guest talks through, reduced to what the guest engine needs: send text, ping, close.
// It is injected as a factory so tests drive a fake socket; `openWsSocket` is the production one on `ws`.
// A factory reports through the listener it is given, never synchronously from inside the factory call.
import WebSocket from 'ws';

export interface GuestSocketListener {
  open(): void;
  /** A text frame (a binary frame arrives as ''). */
  text(text: string): void;
  pong(): void;
  /** The server answered the upgrade with an HTTP status instead of a socket (403, 404, 429, 5xx …), and how long
   *  it asked the client to wait (Retry-After), if it did. */
  refused(status: number, retryAfterMs?: number): void;
  error(error: Error): void;
  closed(code: number): void;
}

export interface GuestSocket {
  readonly isOpen: boolean;
  send(text: string): void;
  ping(): void;
  /** A polite close (1000) that the server sees. */
  close(code: number, reason: string): void;
  /** Drop the connection at once (a dead link, a refused upgrade). */
  terminate(): void;
}

export type GuestSocketFactory = (url: URL, headers: Record<string, string>, listener: GuestSocketListener) => GuestSocket;

const HANDSHAKE_TIMEOUT_MS = 15_000;

/** The production socket on `ws`: a class, so a guest's socket costs no closures beyond its listeners, and the
 *  pong listener is added with the first ping (most sessions of a load run end before one). */
class WsGuestSocket implements GuestSocket {
  private readonly socket: WebSocket;
  private listensForPongs = false;

  constructor(
    url: URL,
    headers: Record<string, string>,
    private readonly listener: GuestSocketListener,
  ) {
    const socket = new WebSocket(url, { headers, handshakeTimeout: HANDSHAKE_TIMEOUT_MS });
    this.socket = socket;
    socket.on('open', () => listener.open());
    socket.on('message', (data, isBinary) => listener.text(isBinary ? '' : data.toString()));
    socket.on('unexpected-response', (_request, response) => {
      listener.refused(response.statusCode ?? 0, retryAfterMs(response.headers['retry-after']));
      socket.terminate();
    });
    socket.on('error', (error) => listener.error(error));
    socket.on('close', (code) => listener.closed(code));
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(text: string): void {
    this.socket.send(text);
  }

  ping(): void {
    if (!this.listensForPongs) {
      this.listensForPongs = true;
      this.socket.on('pong', () => this.listener.pong());
    }
    this.socket.ping();
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close(code, reason);
  }

  terminate(): void {
    this.socket.terminate();
  }
}

export const openWsSocket: GuestSocketFactory = (url, headers, listener) => new WsGuestSocket(url, headers, listener);

/** Retry-After as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  const seconds = Number(text.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
