// One Web Messaging guest on the Guest API WebSocket (specs/web-messaging-guest-api.md): configures or
// resumes its session by token, keeps the link alive with WebSocket pings, reconnects by itself with
// backoff and full jitter, and after every reconnect reads the history with the session JWT to fill the
// gap. Sending goes through a queue that respects the per-session message rate, waits out a
// too-many-requests reply, and tracks each message until the server reflects it (the acknowledgement).
// Message ids already seen are never reported twice. It knows nothing of threads, journals or the UI.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { Clock, TimerHandle } from '../../../protocol/clock';
import {
  clientFrame,
  parseServerFrame,
  type ClientFrame,
  type ServerFrame,
  type SessionResponse,
  type WebMessagingMessage,
} from '../../../protocol/webmessaging';
import type {
  GuestConnection,
  GuestConnectionEvent,
  GuestConnectionState,
  OutgoingMessage,
} from '../../conversations/guest-connection';
import type { GuestAuthentication } from './guest-authentication';
import { describeGuestError } from './guest-errors';
import { fetchHistory, HistoryUnavailable } from './history';

export type GuestSessionState = GuestConnectionState;

export interface GuestSessionEndpoints {
  /** ws(s)://host/v1 — the deployment id is added as a query parameter. */
  webSocketUrl: string;
  /** http(s)://api host, for the history REST call. */
  apiBaseUrl: string;
  /** http(s)://api-cdn host, for the deployment's config.json. */
  configBaseUrl: string;
}

export interface GuestSessionOptions {
  endpoints: GuestSessionEndpoints;
  deploymentId: string;
  token: string;
  origin?: string;
  clock: Clock;
  random?: () => number;
  fetch?: typeof fetch;
  /** onMessage frames per second per session (spec §6.4: 2; §10: maybe 5). */
  messagesPerSecond?: number;
  pingIntervalMs?: number;
  ackTimeoutMs?: number;
  requestTimeoutMs?: number;
  maxReconnectDelayMs?: number;
  /** Ids already in the transcript (after a restart), so history does not report them again. */
  knownMessageIds?: Iterable<string>;
  /** The session existed before (restored from a journal): reconcile with history on the first connect too. */
  resumed?: boolean;
  /** An authenticated guest: configureAuthenticatedSession with this sign-in's JWT, refreshed on a 401. */
  authentication?: GuestAuthentication;
  /** Whether the deployment auto-starts conversations (Presence Join on a new session). Read once, lazily. */
  autoStart?: () => Promise<boolean>;
  listener: (event: GuestConnectionEvent) => void;
}

export type GuestSessionEvent = GuestConnectionEvent;

interface QueuedSend {
  clientId: string;
  frame: (token: string) => ClientFrame;
  /** Events (typing) are dropped rather than queued when the rate is used up, and never acknowledged. */
  droppable: boolean;
  attempts: number;
}

interface PendingRequest {
  resolve: (frame: ServerFrame) => void;
  reject: (error: Error) => void;
  timer: TimerHandle;
}

const MAX_SEND_ATTEMPTS = 3;
/** The per-second message window, with a margin: frames that left a second apart can arrive closer together
 *  (the first one delayed on the way), and the server counts arrivals. */
const RATE_WINDOW_MS = 1150;
/** History reads that may fail in a row before queued messages go out unconfirmed (risking a duplicate). */
const MAX_HISTORY_FAILURES = 6;

export class GuestSession implements GuestConnection {
  private socket: WebSocket | undefined;
  private stateValue: GuestSessionState = 'idle';
  private readonly seen = new Set<string>();
  private readonly queue: QueuedSend[] = [];
  private readonly inFlight = new Map<string, QueuedSend & { ackTimer?: TimerHandle }>();
  private readonly requests = new Map<string, PendingRequest>();
  private readonly sentTimes: number[] = [];
  private pausedUntil = 0;
  private drainTimer: TimerHandle | undefined;
  private pingTimer: TimerHandle | undefined;
  private reconnectTimer: TimerHandle | undefined;
  private awaitingPong = false;
  private reconnectAttempt = 0;
  private configured = false;
  private everConfigured: boolean;
  private intentionalClose = false;
  private startNewOnConfigure = false;
  private reconciling = false;
  /** A reconnect or a missing acknowledgement is waiting for the history: sending waits with it. */
  private historyNeeded = false;
  private historyFailures = 0;
  private historyRetryTimer: TimerHandle | undefined;
  private authRefreshed = false;
  private session: SessionResponse | undefined;
  private readonly random: () => number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: GuestSessionOptions) {
    this.random = options.random ?? Math.random;
    this.fetchImpl = options.fetch ?? fetch;
    this.everConfigured = options.resumed ?? false;
    for (const id of options.knownMessageIds ?? []) this.seen.add(id);
  }

  get state(): GuestSessionState {
    return this.stateValue;
  }

  /** The deployment's limits as the server reported them (after the first SessionResponse). */
  get limits(): SessionResponse | undefined {
    return this.session;
  }

  connect(): void {
    if (this.socket || this.isFinal()) return;
    this.intentionalClose = false;
    this.setState(this.everConfigured ? 'reconnecting' : 'connecting');
    this.openSocket();
  }

  /** Queue a guest message; the outcome arrives as `acknowledged` or `failed`. */
  send(message: OutgoingMessage): void {
    const customAttributes = message.customAttributes && Object.keys(message.customAttributes).length > 0 ? message.customAttributes : undefined;
    this.enqueue({
      clientId: message.clientId,
      droppable: false,
      attempts: 0,
      frame: (token) =>
        clientFrame.onMessage({
          token,
          tracingId: message.clientId,
          message: {
            type: message.type ?? 'Text',
            text: message.text ?? '',
            ...(message.content?.length ? { content: message.content } : {}),
            metadata: { customMessageId: message.clientId },
            ...(customAttributes ? { channel: { metadata: { customAttributes } } } : {}),
          },
        }),
    });
  }

  /** Typing On; dropped when the message rate is used up (it is only a hint). Returns whether it was queued. */
  typing(): boolean {
    if (this.stateValue !== 'live' || !this.hasRateRoom()) return false;
    const tracingId = `typing-${randomUUID()}`;
    this.enqueue({ clientId: tracingId, droppable: true, attempts: 0, frame: (token) => clientFrame.typing(token, tracingId) });
    return true;
  }

  /** Upload a file through the presigned-URL flow; resolves with the attachment id to send in a message. */
  async upload(file: { fileName: string; mime: string; bytes: Uint8Array }): Promise<{ attachment: { id: string }; downloadUrl?: string }> {
    const attachmentId = randomUUID();
    const presigned = await this.request(
      (token, tracingId) =>
        clientFrame.onAttachment({
          token,
          tracingId,
          attachmentId,
          fileName: file.fileName,
          fileType: file.mime,
          fileSize: file.bytes.byteLength,
          errorsAsJson: true,
        }),
      'PresignedUrlResponse',
    );
    if (presigned.class !== 'PresignedUrlResponse') throw new Error('The server did not offer an upload address.');
    const uploaded = this.waitFor(
      (frame) =>
        (frame.class === 'UploadSuccessEvent' || frame.class === 'UploadFailureEvent') && frame.body.attachmentId === presigned.body.attachmentId,
      60_000,
      'The upload was not confirmed within a minute.',
    );
    const response = await this.fetchImpl(presigned.body.url, {
      method: 'PUT',
      headers: { ...presigned.body.headers, 'Content-Type': file.mime },
      body: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength) as unknown as BodyInit,
    });
    if (!response.ok) throw new Error(`The upload was refused (HTTP ${response.status}).`);
    const outcome = await uploaded;
    if (outcome.class === 'UploadFailureEvent') {
      throw new Error(describeGuestError(outcome.body.errorCode, outcome.body.errorMessage));
    }
    const downloadUrl = outcome.class === 'UploadSuccessEvent' ? outcome.body.downloadUrl : undefined;
    return { attachment: { id: presigned.body.attachmentId }, ...(downloadUrl ? { downloadUrl } : {}) };
  }

  /** The deployment wants the conversation started at once: send Presence Join (the agent then speaks first). */
  private async autoStart(): Promise<void> {
    if (!(await this.options.autoStart?.().catch(() => false))) return;
    const tracingId = `join-${randomUUID()}`;
    this.note('the deployment auto-starts conversations: sending Presence Join');
    this.enqueue({ clientId: tracingId, droppable: true, attempts: 0, frame: (token) => clientFrame.presence(token, 'Join', tracingId) });
  }

  /** Start a new conversation on a read-only session: same token, configureSession with startNew. */
  startNew(): void {
    this.startNewOnConfigure = true;
    if (this.socket?.readyState === WebSocket.OPEN) {
      this.sendFrame(clientFrame.configureSession({ token: this.options.token, deploymentId: this.options.deploymentId, startNew: true }));
    } else this.connect();
  }

  /** End the session for every connection sharing the token. */
  async closeSession(): Promise<void> {
    if (this.socket?.readyState === WebSocket.OPEN) {
      const closed = this.waitFor(
        (frame) => (frame.class === 'SessionResponse' && frame.body.connected === false) || frame.class === 'ConnectionClosedEvent',
        5_000,
        'The server did not confirm the close.',
      ).catch(() => undefined);
      this.sendFrame(clientFrame.closeSession({ token: this.options.token }));
      await closed;
    }
    this.shutdown('closed');
  }

  /** Stop this connection without ending the session (the app is quitting, or the guest is removed). */
  disconnect(): void {
    this.shutdown(this.isFinal() ? this.stateValue : 'idle');
  }

  // ---- connection ----------------------------------------------------------------------------

  private openSocket(): void {
    const url = new URL(this.options.endpoints.webSocketUrl);
    url.searchParams.set('deploymentId', this.options.deploymentId);
    const headers: Record<string, string> = {};
    if (this.options.origin) headers.Origin = this.options.origin;
    const socket = new WebSocket(url, { headers, handshakeTimeout: 15_000 });
    this.socket = socket;
    this.configured = false;

    socket.on('open', () => {
      this.note(`connected to ${url.host}`);
      void this.configure(socket);
      this.schedulePing();
    });
    socket.on('message', (data, isBinary) => {
      if (socket !== this.socket) return;
      const text = isBinary ? '' : data.toString();
      this.emit({ type: 'frame', direction: 'in', text });
      this.onFrame(text);
    });
    socket.on('pong', () => {
      this.awaitingPong = false;
    });
    socket.on('unexpected-response', (_request, response) => {
      const status = response.statusCode ?? 0;
      this.note(`the server refused the WebSocket upgrade with HTTP ${status}`);
      if (status === 403 || status === 401) {
        this.fail(
          `The deployment refused this guest (HTTP ${status}). If it restricts allowed domains, set the profile's Origin to one of them.`,
        );
      } else if (status === 404 || status === 400) {
        this.fail(`No Web Messaging deployment answered at this address (HTTP ${status}). Check the deployment id and the region.`);
      }
      socket.terminate();
    });
    socket.on('error', (error) => this.note(`socket error: ${error.message}`));
    socket.on('close', (code) => {
      if (socket !== this.socket) return;
      this.socket = undefined;
      this.configured = false;
      this.clearTimer('pingTimer');
      this.rejectRequests('The connection dropped before the server answered.');
      if (this.intentionalClose || this.isFinal()) return;
      this.note(`connection closed (${code}); reconnecting`);
      this.scheduleReconnect();
    });
  }

  private async configure(socket: WebSocket, refreshed = false): Promise<void> {
    const base = {
      token: this.options.token,
      deploymentId: this.options.deploymentId,
      ...(this.startNewOnConfigure ? { startNew: true } : {}),
    };
    const authentication = this.options.authentication;
    if (!authentication) {
      this.sendFrame(clientFrame.configureSession(base));
      return;
    }
    try {
      const jwt = refreshed ? await authentication.refresh() : await authentication.jwt();
      if (socket !== this.socket) return;
      this.authRefreshed = refreshed;
      this.sendFrame(clientFrame.configureAuthenticatedSession({ ...base, data: { code: jwt } }));
    } catch (error) {
      this.fail((error as Error).message);
      socket.close(1000, 'Guest client disconnect');
    }
  }

  private scheduleReconnect(): void {
    this.setState('reconnecting');
    const cap = this.options.maxReconnectDelayMs ?? 30_000;
    const ceiling = Math.min(cap, 500 * 2 ** Math.min(this.reconnectAttempt, 10));
    const delay = Math.max(200, Math.round(this.random() * ceiling));
    this.reconnectAttempt += 1;
    this.clearTimer('reconnectTimer');
    this.reconnectTimer = this.options.clock.setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.intentionalClose && !this.isFinal()) this.openSocket();
    }, delay);
  }

  private schedulePing(): void {
    this.clearTimer('pingTimer');
    this.pingTimer = this.options.clock.setTimeout(() => {
      const socket = this.socket;
      if (!socket || socket.readyState !== WebSocket.OPEN) return;
      if (this.awaitingPong) {
        this.note('no answer to the last ping; the link is dead, reconnecting');
        socket.terminate();
        return;
      }
      this.awaitingPong = true;
      socket.ping();
      this.schedulePing();
    }, this.options.pingIntervalMs ?? 15_000);
  }

  private shutdown(state: GuestSessionState): void {
    this.intentionalClose = true;
    this.clearTimer('pingTimer');
    this.clearTimer('reconnectTimer');
    this.clearTimer('drainTimer');
    this.clearTimer('historyRetryTimer');
    for (const entry of this.inFlight.values()) if (entry.ackTimer) this.options.clock.clearTimeout(entry.ackTimer);
    this.rejectRequests('The session was closed.');
    const socket = this.socket;
    this.socket = undefined;
    if (socket && socket.readyState !== WebSocket.CLOSED) socket.close(1000, 'Guest client disconnect');
    this.setState(state);
  }

  // ---- frames in -------------------------------------------------------------------------------

  private onFrame(text: string): void {
    const parsed = parseServerFrame(text);
    if (!parsed.ok) {
      this.note(`ignored a frame the client could not read: ${parsed.error.message}`);
      return;
    }
    const frame = parsed.frame;
    if (frame.tracingId && this.requests.has(frame.tracingId) && frame.type === 'response') {
      const pending = this.requests.get(frame.tracingId)!;
      this.requests.delete(frame.tracingId);
      this.options.clock.clearTimeout(pending.timer);
      if (frame.class === 'string' || frame.class === 'GenerateUrlError') {
        const message = frame.class === 'string' ? frame.body : frame.body.errorMessage ?? 'The request failed.';
        pending.reject(new Error(describeGuestError(frame.code, message)));
      } else pending.resolve(frame);
      return;
    }
    for (const waiter of [...this.waiters]) {
      if (waiter.match(frame)) {
        this.waiters.delete(waiter);
        waiter.resolve(frame);
      }
    }
    switch (frame.class) {
      case 'SessionResponse':
        return this.onSessionResponse(frame.body);
      case 'StructuredMessage':
        return this.onMessage(frame.body, frame.tracingId, frame.type);
      case 'TooManyRequestsErrorMessage':
        return this.onTooManyRequests(frame.body.retryAfter, frame.tracingId);
      case 'string':
        return this.onError(frame.code, frame.body, frame.tracingId);
      case 'SessionExpiredEvent':
        this.note('the server expired this session');
        return this.shutdown('expired');
      case 'SessionClearedEvent':
        this.note('the conversation was cleared');
        return;
      case 'ConnectionClosedEvent':
        this.note(`the server closed this connection${frame.body.reason ?? frame.body.reasonCode ? ` (${frame.body.reason ?? frame.body.reasonCode})` : ''}`);
        return this.shutdown('closed');
      case 'LogoutEvent':
        return this.shutdown('closed');
      default:
        return;
    }
  }

  private onSessionResponse(body: SessionResponse): void {
    this.session = body;
    this.emit({ type: 'limits', limits: body });
    if (!body.connected) return;
    const wasReconnect = this.everConfigured;
    this.configured = true;
    this.everConfigured = true;
    this.reconnectAttempt = 0;
    this.startNewOnConfigure = false;
    this.setState(body.readOnly ? 'readOnly' : 'live');
    if (body.newSession && !body.readOnly) void this.autoStart();
    if (wasReconnect) void this.reconcile();
    else this.drain();
  }

  private onMessage(message: WebMessagingMessage, tracingId: string | undefined, frameType: string): void {
    if (frameType === 'response') return; // echo (keep-alive) replies are not conversation messages
    if (message.direction === 'Inbound') {
      const clientId = this.ownClientId(message, tracingId);
      if (clientId && this.isPending(clientId)) {
        this.acknowledge(clientId, message);
        return;
      }
      if (tracingId?.startsWith('typing-') || tracingId?.startsWith('join-')) return;
    }
    if (message.direction === 'Outbound' && this.isDisconnect(message)) {
      this.report(message);
      this.setState(message.metadata?.readOnly === 'true' ? 'readOnly' : this.stateValue);
      return;
    }
    this.report(message);
  }

  private onTooManyRequests(retryAfterSeconds: number, tracingId: string | undefined): void {
    this.pausedUntil = this.options.clock.now() + Math.max(1, retryAfterSeconds) * 1000;
    this.note(`too many requests: waiting ${retryAfterSeconds} s before sending again`);
    const entry = tracingId ? this.inFlight.get(tracingId) : undefined;
    if (entry) {
      this.inFlight.delete(entry.clientId);
      if (entry.ackTimer) this.options.clock.clearTimeout(entry.ackTimer);
      this.queue.unshift(entry);
    }
    this.scheduleDrain(this.pausedUntil - this.options.clock.now());
  }

  private onError(code: number, text: string, tracingId: string | undefined): void {
    const reason = describeGuestError(code, text);
    const entry = tracingId ? this.inFlight.get(tracingId) : undefined;
    if (entry) {
      this.inFlight.delete(entry.clientId);
      if (entry.ackTimer) this.options.clock.clearTimeout(entry.ackTimer);
      if (!entry.droppable) this.emit({ type: 'failed', clientId: entry.clientId, reason });
      return;
    }
    this.note(`server error ${code}: ${text}`);
    if (!this.configured && code === 401 && this.options.authentication && !this.authRefreshed && this.socket) {
      this.note('the sign-in was refused; refreshing it');
      void this.configure(this.socket, true);
      return;
    }
    if (!this.configured) {
      if (code === 4006 || code === 4007) return this.shutdown('expired');
      this.fail(reason);
    }
  }

  // ---- sending ---------------------------------------------------------------------------------

  private enqueue(entry: QueuedSend): void {
    this.queue.push(entry);
    this.drain();
  }

  private drain(): void {
    if (this.reconciling || this.historyNeeded || this.drainTimer) return;
    while (this.queue.length > 0) {
      if (this.stateValue !== 'live' || !this.configured || this.socket?.readyState !== WebSocket.OPEN) return;
      const now = this.options.clock.now();
      if (now < this.pausedUntil) return this.scheduleDrain(this.pausedUntil - now);
      if (!this.hasRateRoom()) return this.scheduleDrain(this.sentTimes[0]! + RATE_WINDOW_MS - now);
      const entry = this.queue.shift()!;
      entry.attempts += 1;
      this.sentTimes.push(now);
      this.sendFrame(entry.frame(this.options.token));
      if (!entry.droppable) this.track(entry);
    }
  }

  private hasRateRoom(): boolean {
    const now = this.options.clock.now();
    while (this.sentTimes.length > 0 && this.sentTimes[0]! <= now - RATE_WINDOW_MS) this.sentTimes.shift();
    return this.sentTimes.length < (this.options.messagesPerSecond ?? 2);
  }

  private scheduleDrain(delayMs: number): void {
    if (this.drainTimer) return;
    this.drainTimer = this.options.clock.setTimeout(() => {
      this.drainTimer = undefined;
      this.drain();
    }, Math.max(1, delayMs));
  }

  private track(entry: QueuedSend): void {
    const ackTimer = this.options.clock.setTimeout(() => {
      if (!this.inFlight.has(entry.clientId)) return;
      this.note(`no acknowledgement for ${entry.clientId}; checking the history`);
      void this.reconcile();
    }, this.options.ackTimeoutMs ?? 20_000);
    this.inFlight.set(entry.clientId, { ...entry, ackTimer });
  }

  /** Sent and waiting for the echo, or queued (after a restart the server may already have it). */
  private isPending(clientId: string): boolean {
    return this.inFlight.has(clientId) || this.queue.some((entry) => entry.clientId === clientId);
  }

  private acknowledge(clientId: string, message: WebMessagingMessage): void {
    const entry = this.inFlight.get(clientId);
    if (entry?.ackTimer) this.options.clock.clearTimeout(entry.ackTimer);
    this.inFlight.delete(clientId);
    const queued = this.queue.findIndex((candidate) => candidate.clientId === clientId);
    if (queued >= 0) this.queue.splice(queued, 1);
    this.seen.add(message.id);
    this.emit({ type: 'acknowledged', clientId, message });
  }

  /**
   * After a reconnect (or a missing acknowledgement): read the history, report what was missed, treat our
   * messages found there as acknowledged, and send again those the server never got.
   */
  private async reconcile(): Promise<void> {
    if (this.reconciling) return;
    this.reconciling = true;
    this.historyNeeded = true;
    this.clearTimer('historyRetryTimer');
    try {
      const jwt = await this.request((token, tracingId) => clientFrame.getJwt({ token, tracingId }), 'JwtResponse');
      if (jwt.class !== 'JwtResponse') throw new Error('no JWT');
      const history = await fetchHistory({
        apiBaseUrl: this.options.endpoints.apiBaseUrl,
        jwt: jwt.body.jwt,
        origin: this.options.origin,
        fetch: this.fetchImpl,
        isKnown: (id) => this.seen.has(id),
      });
      this.note(`history read: ${history.length} message(s)`);
      for (const message of history) {
        const clientId = message.direction === 'Inbound' ? this.ownClientId(message, undefined) : undefined;
        if (clientId && this.isPending(clientId)) this.acknowledge(clientId, message);
        else this.report(message);
      }
      this.historyNeeded = false;
      this.historyFailures = 0;
    } catch (error) {
      this.historyFailures += 1;
      if (this.historyFailures >= MAX_HISTORY_FAILURES) {
        // Messages missed meanwhile come with the next successful read; ours go out now, unconfirmed.
        this.note(`could not read the history ${this.historyFailures} times (${(error as Error).message}); sending the waiting messages anyway`);
        this.historyNeeded = false;
        this.historyFailures = 0;
      } else {
        // Until the history is read, neither missed messages nor the fate of ours is known: try again later
        // rather than send ours blindly (which could duplicate them) or forget the gap.
        const delay = this.historyRetryDelay(error);
        this.note(`could not read the history: ${(error as Error).message}; trying again in ${Math.ceil(delay / 1000)} s`);
        this.historyRetryTimer = this.options.clock.setTimeout(() => {
          this.historyRetryTimer = undefined;
          if (this.configured && !this.intentionalClose && !this.isFinal()) void this.reconcile();
        }, delay);
      }
    } finally {
      this.reconciling = false;
    }
    if (this.historyNeeded) return;
    const unacknowledged = [...this.inFlight.values()];
    this.inFlight.clear();
    for (const entry of unacknowledged.reverse()) {
      if (entry.ackTimer) this.options.clock.clearTimeout(entry.ackTimer);
      if (entry.attempts >= MAX_SEND_ATTEMPTS) {
        this.emit({ type: 'failed', clientId: entry.clientId, reason: `Genesys did not confirm this message after ${entry.attempts} attempts.` });
      } else this.queue.unshift(entry);
    }
    this.drain();
  }

  private historyRetryDelay(error: unknown): number {
    if (error instanceof HistoryUnavailable && error.retryAfterMs !== undefined) return error.retryAfterMs;
    return Math.min(30_000, 1000 * 2 ** (this.historyFailures - 1));
  }

  // ---- requests with replies ---------------------------------------------------------------------

  private readonly waiters = new Set<{ match: (frame: ServerFrame) => boolean; resolve: (frame: ServerFrame) => void }>();

  private waitFor(match: (frame: ServerFrame) => boolean, timeoutMs: number, timeoutMessage: string): Promise<ServerFrame> {
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (frame: ServerFrame) => {
          this.options.clock.clearTimeout(timer);
          resolve(frame);
        },
      };
      const timer = this.options.clock.setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(timeoutMessage));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private request(build: (token: string, tracingId: string) => ClientFrame, expected: string): Promise<ServerFrame> {
    if (this.socket?.readyState !== WebSocket.OPEN || !this.configured) {
      return Promise.reject(new Error('The guest is not connected right now; try again when the conversation is live.'));
    }
    const tracingId = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = this.options.clock.setTimeout(() => {
        this.requests.delete(tracingId);
        reject(new Error(`The server did not answer (${expected}) in time.`));
      }, this.options.requestTimeoutMs ?? 15_000);
      this.requests.set(tracingId, { resolve, reject, timer });
      this.sendFrame(build(this.options.token, tracingId));
    });
  }

  private rejectRequests(reason: string): void {
    for (const [id, pending] of this.requests) {
      this.options.clock.clearTimeout(pending.timer);
      pending.reject(new Error(reason));
      this.requests.delete(id);
    }
  }

  // ---- small pieces ------------------------------------------------------------------------------

  private ownClientId(message: WebMessagingMessage, tracingId: string | undefined): string | undefined {
    return tracingId ?? message.metadata?.customMessageId;
  }

  private isDisconnect(message: WebMessagingMessage): boolean {
    return (message.events ?? []).some((event) => event.eventType === 'Presence' && event.presence?.type === 'Disconnect');
  }

  private report(message: WebMessagingMessage): void {
    if (this.seen.has(message.id)) return;
    this.seen.add(message.id);
    this.emit({ type: 'message', message });
  }

  private sendFrame(frame: ClientFrame): void {
    const text = JSON.stringify(frame);
    this.emit({ type: 'frame', direction: 'out', text });
    this.socket?.send(text);
  }

  private note(text: string): void {
    this.emit({ type: 'frame', direction: 'note', text });
  }

  private fail(detail: string): void {
    this.intentionalClose = true;
    this.clearTimer('reconnectTimer');
    this.setState('failed', detail);
  }

  private isFinal(): boolean {
    return this.stateValue === 'closed' || this.stateValue === 'expired' || this.stateValue === 'failed';
  }

  private setState(state: GuestSessionState, detail?: string): void {
    if (state === this.stateValue && detail === undefined) return;
    this.stateValue = state;
    this.emit({ type: 'state', state, ...(detail ? { detail } : {}) });
  }

  private clearTimer(name: 'pingTimer' | 'reconnectTimer' | 'drainTimer' | 'historyRetryTimer'): void {
    const handle = this[name];
    if (handle) this.options.clock.clearTimeout(handle);
    this[name] = undefined;
  }

  private emit(event: GuestSessionEvent): void {
    this.options.listener(event);
  }
}
