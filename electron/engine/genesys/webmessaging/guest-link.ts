// Socket health and reconnection for one guest: opens the socket through the injected factory, pings it
// every interval (no pong by the next tick: the link is dead and dropped), and reopens it on the backoff
// when asked. It knows nothing of frames; GuestSession decides when to open, reopen or close.
import type { Clock, TimerHandle } from '../../../protocol/clock';
import type { GuestSocket, GuestSocketFactory } from './guest-socket';
import type { ReconnectBackoff } from './reconnect-backoff';

/** What went wrong with a socket, as it first showed: an HTTP answer to the upgrade, or a socket error. */
export type LinkProblem = { refusedWith: number; retryAfterMs?: number } | { error: Error; afterOpen: boolean };

export interface GuestLinkListener {
  opened(): void;
  text(text: string): void;
  /** The upgrade was answered with an HTTP status; the socket is being dropped. */
  refused(status: number): void;
  /** The socket closed without being asked to; `problem` when it showed why. */
  dropped(code: number, problem: LinkProblem | undefined): void;
  note(text: string): void;
}

export interface GuestLinkOptions {
  url: URL;
  headers: Record<string, string>;
  clock: Clock;
  openSocket: GuestSocketFactory;
  backoff: ReconnectBackoff;
  pingIntervalMs: number;
  listener: GuestLinkListener;
}

export class GuestLink {
  private socket: GuestSocket | undefined;
  /** Counts sockets; events of an older socket than the current one are stale and ignored. */
  private generationValue = 0;
  private pingTimer: TimerHandle | undefined;
  private reopenTimer: TimerHandle | undefined;
  private awaitingPong = false;
  private opened = false;
  private problem: LinkProblem | undefined;

  constructor(private readonly options: GuestLinkOptions) {}

  get isOpen(): boolean {
    return this.socket?.isOpen ?? false;
  }

  /** Which socket this is: work started on one socket (an awaited sign-in) checks it is still current. */
  get generation(): number {
    return this.generationValue;
  }

  get host(): string {
    return this.options.url.host;
  }

  /** Open a socket now, unless one is open or opening (a pending reopen is brought forward). */
  open(): void {
    if (this.socket) return;
    this.clearReopen();
    const generation = ++this.generationValue;
    const { listener } = this.options;
    const current = () => generation === this.generationValue && this.socket !== undefined;
    this.awaitingPong = false;
    this.opened = false;
    this.problem = undefined;
    this.socket = this.options.openSocket(this.options.url, this.options.headers, {
      open: () => {
        if (!current()) return;
        this.opened = true;
        listener.note(`connected to ${this.options.url.host}`);
        listener.opened();
        this.schedulePing();
      },
      text: (text) => {
        if (current()) listener.text(text);
      },
      pong: () => {
        this.awaitingPong = false;
      },
      refused: (status, retryAfterMs) => {
        if (!current()) return;
        listener.note(`the server refused the WebSocket upgrade with HTTP ${status}${retryAfterMs !== undefined ? `; it asked to wait ${retryAfterMs / 1000} s` : ''}`);
        this.problem ??= { refusedWith: status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
        listener.refused(status);
      },
      error: (error) => {
        listener.note(`socket error: ${error.message}`);
        if (current()) this.problem ??= { error, afterOpen: this.opened };
      },
      closed: (code) => {
        if (!current()) return;
        this.socket = undefined;
        this.clearPing();
        listener.dropped(code, this.problem);
      },
    });
  }

  /** Reopen after the backoff's next delay, or after the wait a refusal asked for (429 Retry-After) when longer; returns the delay. */
  reopenLater(): number {
    const asked = this.problem && 'refusedWith' in this.problem ? (this.problem.retryAfterMs ?? 0) : 0;
    const delay = Math.max(this.options.backoff.next(), asked);
    this.clearReopen();
    this.reopenTimer = this.options.clock.setTimeout(() => {
      this.reopenTimer = undefined;
      this.open();
    }, delay);
    return delay;
  }

  /** The server accepted the session: the next drop starts the backoff from the beginning. */
  settled(): void {
    this.options.backoff.reset();
  }

  send(text: string): void {
    this.socket?.send(text);
  }

  /** Close without reporting a drop, and cancel any reopen and ping. */
  close(): void {
    this.clearReopen();
    this.clearPing();
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(1000, 'Guest client disconnect');
  }

  private schedulePing(): void {
    this.clearPing();
    this.pingTimer = this.options.clock.setTimeout(() => {
      this.pingTimer = undefined;
      const socket = this.socket;
      if (!socket?.isOpen) return;
      if (this.awaitingPong) {
        this.options.listener.note('no answer to the last ping; the link is dead, reconnecting');
        socket.terminate();
        return;
      }
      this.awaitingPong = true;
      socket.ping();
      this.schedulePing();
    }, this.options.pingIntervalMs);
  }

  private clearPing(): void {
    if (this.pingTimer) this.options.clock.clearTimeout(this.pingTimer);
    this.pingTimer = undefined;
  }

  private clearReopen(): void {
    if (this.reopenTimer) this.options.clock.clearTimeout(this.reopenTimer);
    this.reopenTimer = undefined;
  }
}
