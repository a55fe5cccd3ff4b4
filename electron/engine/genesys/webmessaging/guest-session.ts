// One Web Messaging guest (specs/web-messaging-guest-api.md): coordinates the link, configurer, request
// correlation, send queue, history reconciliation and uploads through one explicit state (session-state.ts).
// Connecting is always explicit (connect): sending, typing and "start new" never open a socket. The port's
// intents become frames in message-frames.ts; what the server sends becomes port events here.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../protocol/clock';
import { clientFrame } from '../../../protocol/webmessaging/client-frame-builders';
import type { ClientFrame } from '../../../protocol/webmessaging/client-frames';
import { GUEST_API_LIMITS } from '../../../protocol/webmessaging/limits';
import type { ParsedServerFrame, ServerFrame, SessionResponse, WebMessagingMessage } from '../../../protocol/webmessaging/server-frames';
import type { GuestConnection, GuestConnectionEvent, OutgoingMessage, UploadedFile } from '../../channels/guest-connection';
import { reportReceived } from '../received-message';
import { AttachmentUpload } from './attachment-upload';
import type { GuestAuthentication } from './guest-authentication';
import { connectionLost, GuestError, guestErrorFromCode, unreachable, upgradeFailed, upgradeRefusal } from './guest-errors';
import { GuestLink, type LinkProblem } from './guest-link';
import { openWsSocket, type GuestSocketFactory } from './guest-socket';
import { HistoryReconciliation, ownClientId } from './history-reconciliation';
import { IncomingFrames } from './incoming-frames';
import { ReconnectBackoff } from './reconnect-backoff';
import { RequestCorrelation } from './request-correlation';
import { eventEntry, messageEntry, SendQueue } from './send-queue';
import { SessionConfigurer } from './session-configurer';
import { initialState, isConfigured, isFinal, knownToServer, reported, transition, type SessionMove, type SessionState } from './session-state';

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
  /** Jitter for the reconnect backoff. */
  random?: () => number;
  /** Ids for attachments, requests and events (tracingIds). */
  newId?: () => string;
  /** History, uploads. */
  fetch?: typeof fetch;
  /** Opens the WebSocket; `ws` unless a test drives a fake. */
  openSocket?: GuestSocketFactory;
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
  /** Custom attributes sent with Presence Join (the persona's), as every later message carries them. */
  joinAttributes?: Record<string, string>;
  /** Report each frame's text and notes as `frame` events (the inspector's); default true, off in load runs. */
  frames?: boolean;
  listener: (event: GuestConnectionEvent) => void;
}

const CLOSE_CONFIRMATION_TIMEOUT_MS = 5_000;
const SESSION_EXPIRED = 'Genesys says the guest session has expired.';
/** Spec §4.1: `newSession` is true when the token was new to the server, i.e. it kept nothing of this guest. */
const SESSION_FORGOTTEN = 'Genesys answered the resume with a new session: it no longer has this guest\'s conversation.';

export class GuestSession implements GuestConnection {
  private current: SessionState;
  private session: SessionResponse | undefined;
  private readonly seen = new Set<string>();
  private readonly newId: () => string;
  private readonly link: GuestLink;
  private readonly configurer: SessionConfigurer;
  private readonly requests: RequestCorrelation;
  private readonly queue: SendQueue;
  private readonly incoming = new IncomingFrames((parsed) => this.onFrame(parsed));
  private historyPart: HistoryReconciliation | undefined;
  private uploadsPart: AttachmentUpload | undefined;
  private readonly frames: boolean;
  /** A new session is waiting to learn whether the deployment auto-starts: messages typed meanwhile wait, so
   *  Presence Join (when it is sent) reaches the server before them and the agent's greeting comes first. */
  private decidingAutoStart = false;

  constructor(private readonly options: GuestSessionOptions) {
    const { clock } = options;
    this.frames = options.frames ?? true;
    this.newId = options.newId ?? randomUUID;
    this.current = initialState(options.resumed ?? false);
    for (const id of options.knownMessageIds ?? []) this.seen.add(id);

    const url = new URL(options.endpoints.webSocketUrl);
    url.searchParams.set('deploymentId', options.deploymentId);
    this.link = new GuestLink({
      url,
      headers: options.origin ? { Origin: options.origin } : {},
      clock,
      openSocket: options.openSocket ?? openWsSocket,
      backoff: new ReconnectBackoff(options.random ?? Math.random, options.maxReconnectDelayMs ?? 30_000),
      pingIntervalMs: options.pingIntervalMs ?? 15_000,
      listener: {
        opened: () => this.configure(),
        text: (text) => this.onText(text),
        refused: (status) => {
          const refusal = upgradeRefusal(status);
          if (refusal) this.shutdown({ type: 'fail', error: refusal });
        },
        dropped: (code, problem) => this.incoming.after(() => this.onDropped(code, problem)),
        note: (text) => this.note(text),
      },
    });
    this.configurer = new SessionConfigurer({
      token: options.token,
      deploymentId: options.deploymentId,
      ...(options.authentication ? { authentication: options.authentication } : {}),
    });
    this.requests = new RequestCorrelation({ clock, newId: this.newId, timeoutMs: options.requestTimeoutMs ?? 15_000 });
    this.queue = new SendQueue({
      clock,
      messagesPerSecond: options.messagesPerSecond ?? GUEST_API_LIMITS.messagesPerSessionPerSecond,
      ackTimeoutMs: options.ackTimeoutMs ?? 20_000,
      ready: () => this.current.name === 'live' && this.link.isOpen && !this.historyPart?.holdsSending && !this.decidingAutoStart,
      transmit: (entry) => {
        this.sendFrame(entry.frame(this.options.token));
        if (!entry.droppable) this.emit({ type: 'outgoing', clientId: entry.clientId });
      },
      unacknowledged: (clientId) => {
        this.note(`no acknowledgement for ${clientId}; checking the history`);
        void this.history.reconcile();
      },
    });
  }

  /** Made on first use: most sessions never reconnect nor miss an acknowledgement. */
  private get history(): HistoryReconciliation {
    this.historyPart ??= new HistoryReconciliation({
      clock: this.options.clock,
      fetch: this.options.fetch ?? fetch,
      apiBaseUrl: this.options.endpoints.apiBaseUrl,
      ...(this.options.origin ? { origin: this.options.origin } : {}),
      jwt: () => this.jwt(),
      isKnown: (id) => this.seen.has(id),
      queue: this.queue,
      mayRead: () => isConfigured(this.current),
      listener: {
        acknowledged: (clientId, message) => this.acknowledge(clientId, message),
        missed: (message) => this.report(message),
        gaveUp: (entry, reason) => this.emit({ type: 'receipt', clientId: entry.clientId, status: 'failed', reason }),
        note: (text) => this.note(text),
      },
    });
    return this.historyPart;
  }

  /** Made on first use: few guests send files. */
  private get uploads(): AttachmentUpload {
    this.uploadsPart ??= new AttachmentUpload({
      request: (build, expected) => this.request(build, expected),
      waitFor: (match, timeoutMs, timeout) => this.requests.waitFor(match, timeoutMs, timeout),
      fetch: this.options.fetch ?? fetch,
      newId: this.newId,
    });
    return this.uploadsPart;
  }

  get state(): SessionState['name'] {
    return this.current.name;
  }

  /** The deployment's limits as the server reported them (after the first SessionResponse). */
  get limits(): SessionResponse | undefined {
    return this.session;
  }

  /** Open the socket and configure (or resume) the session. Only from idle: a dropped link reopens by itself. */
  connect(): void {
    if (this.current.name !== 'idle') return;
    this.move({ type: 'connect' });
    this.link.open();
  }

  /** Queue a guest message; the outcome arrives as `acknowledged` or `failed`. */
  send(message: OutgoingMessage): void {
    this.queue.enqueue(messageEntry(message));
  }

  /** Typing On; dropped when the message rate is used up (it is only a hint). Returns whether it was queued. */
  typing(): boolean {
    if (this.current.name !== 'live' || !this.queue.hasRoom()) return false;
    const tracingId = `typing-${this.newId()}`;
    this.queue.enqueue(eventEntry(tracingId, (token) => clientFrame.typing(token, tracingId)));
    return true;
  }

  /** Upload a file through the presigned-URL flow; resolves with the attachment id to send in a message. */
  upload(file: { fileName: string; mime: string; bytes: Uint8Array }): Promise<UploadedFile> {
    return this.uploads.upload(file);
  }

  /** Start a new conversation on a read-only session: same token, configure with startNew — now if the socket is open, else on the next configure. */
  startNew(): void {
    this.configurer.requestStartNew();
    if (this.link.isOpen) this.configure();
  }

  /** End the session for every connection sharing the token. */
  async closeSession(): Promise<void> {
    if (this.link.isOpen) {
      const closed = this.requests
        .waitFor(
          (frame) => (frame.class === 'SessionResponse' && frame.body.connected === false) || frame.class === 'ConnectionClosedEvent',
          CLOSE_CONFIRMATION_TIMEOUT_MS,
          () => new GuestError('Timeout', 'The server did not confirm the close.'),
        )
        .catch(() => undefined);
      this.sendFrame(clientFrame.closeSession({ token: this.options.token }));
      await closed;
    }
    this.shutdown({ type: 'close' });
  }

  /** Stop this connection without ending the session (the app is quitting, or the guest is removed). */
  disconnect(): void {
    this.shutdown({ type: 'stop' });
  }

  // ---- the link --------------------------------------------------------------------------------

  /** Send the configure for the current socket (with a refreshed sign-in after a 401). */
  private configure(refresh = false): void {
    const frame = this.configurer.frame(refresh);
    if (!(frame instanceof Promise)) return this.sendFrame(frame);
    const generation = this.link.generation;
    frame.then(
      (signedIn) => {
        if (generation === this.link.generation && this.link.isOpen) this.sendFrame(signedIn);
      },
      (error: unknown) => {
        if (generation !== this.link.generation) return;
        this.shutdown({ type: 'fail', error: error instanceof GuestError ? error : new GuestError('SignInRefused', (error as Error).message) });
      },
    );
  }

  private onDropped(code: number, problem: LinkProblem | undefined): void {
    this.requests.dropRequests(new GuestError('ConnectionLost', 'The connection dropped before the server answered.'));
    if (this.current.name === 'idle' || isFinal(this.current)) return;
    this.note(`connection closed (${code}); reconnecting`);
    this.move({ type: 'dropped', ...(problem ? { cause: this.causeOf(problem) } : {}) });
    this.link.reopenLater();
  }

  private causeOf(problem: LinkProblem): GuestError {
    if ('refusedWith' in problem) return upgradeRefusal(problem.refusedWith) ?? upgradeFailed(problem.refusedWith);
    return problem.afterOpen ? connectionLost(this.link.host, problem.error) : unreachable(this.link.host, problem.error);
  }

  private shutdown(move: SessionMove): void {
    this.incoming.clear();
    this.link.close();
    this.queue.stop();
    this.historyPart?.stop();
    if (this.requests.busy) this.requests.stop(new GuestError('Closed', 'The session was closed.'));
    this.move(move);
  }

  // ---- frames in -------------------------------------------------------------------------------

  private onText(text: string): void {
    if (this.frames) this.emit({ type: 'frame', direction: 'in', text });
    this.incoming.push(text);
  }

  private onFrame(parsed: ParsedServerFrame): void {
    if (!parsed.ok) return this.note(`ignored a frame the client could not read: ${parsed.error.message}`);
    const frame = parsed.frame;
    if (this.requests.settle(frame)) return;
    switch (frame.class) {
      case 'SessionResponse':
        return this.onSessionResponse(frame.body);
      case 'StructuredMessage':
        return this.onMessage(frame.body, frame.tracingId, frame.type);
      case 'TooManyRequestsErrorMessage':
        this.note(`too many requests: waiting ${frame.body.retryAfter} s before sending again`);
        this.emit({ type: 'rateLimited', retryAfterMs: this.queue.pause(frame.body.retryAfter, frame.tracingId) });
        return;
      case 'string':
        return this.onError(frame.code, frame.body, frame.tracingId);
      case 'SessionExpiredEvent':
        this.note('the server expired this session');
        return this.shutdown({ type: 'expire', reason: SESSION_EXPIRED });
      case 'SessionClearedEvent':
        return this.note('the conversation was cleared');
      case 'ConnectionClosedEvent': {
        const reason = frame.body.reason ?? frame.body.reasonCode;
        this.note(`the server closed this connection${reason ? ` (${reason})` : ''}`);
        return this.shutdown({ type: 'close' });
      }
      case 'LogoutEvent':
        return this.shutdown({ type: 'close' });
      default:
        return;
    }
  }

  private onSessionResponse(body: SessionResponse): void {
    this.session = body;
    this.emit({ type: 'limits', limits: body });
    if (!body.connected) return;
    const catchUp = knownToServer(this.current);
    if (catchUp && body.newSession === true && !this.configurer.startingNew) {
      // Never carried on in a new server conversation under the old thread: the session stops here.
      this.note('the server answered the resume with a new session: it kept nothing of this guest');
      return this.shutdown({ type: 'expire', reason: SESSION_FORGOTTEN });
    }
    this.link.settled();
    this.configurer.accepted();
    this.move({ type: 'configured', readOnly: body.readOnly === true });
    if (body.newSession && !body.readOnly) void this.autoStart();
    if (catchUp) void this.history.reconcile();
    else this.queue.drain();
  }

  private onMessage(message: WebMessagingMessage, tracingId: string | undefined, frameType: string): void {
    if (frameType === 'response') return; // echo (keep-alive) replies are not conversation messages
    if (message.direction === 'Inbound') {
      const clientId = ownClientId(message, tracingId);
      if (clientId && this.queue.isPending(clientId)) return this.acknowledge(clientId, message);
      if (tracingId?.startsWith('typing-') || tracingId?.startsWith('join-')) return;
    }
    this.report(message);
  }

  private onError(code: number, text: string, tracingId: string | undefined): void {
    const error = guestErrorFromCode(code, text);
    const refused = tracingId ? this.queue.refused(tracingId) : undefined;
    if (refused) {
      if (!refused.droppable) this.emit({ type: 'receipt', clientId: refused.clientId, status: 'failed', reason: error.message });
      return;
    }
    this.note(`server error ${code}: ${text}`);
    if (isConfigured(this.current)) return;
    if (this.configurer.mayRefreshAfter(code) && this.link.isOpen) {
      this.note('the sign-in was refused; refreshing it');
      return this.configure(true);
    }
    this.shutdown(error.failure === 'SessionExpired' ? { type: 'expire', reason: SESSION_EXPIRED } : { type: 'fail', error });
  }

  // ---- requests and messages ---------------------------------------------------------------------

  private request(build: (token: string, tracingId: string) => ClientFrame, expected: string): Promise<ServerFrame> {
    if (!this.link.isOpen || !isConfigured(this.current)) {
      return Promise.reject(new GuestError('NotConnected', 'The guest is not connected right now; try again when the conversation is live.'));
    }
    return this.requests.request((tracingId) => this.sendFrame(build(this.options.token, tracingId)), expected);
  }

  private async jwt(): Promise<string> {
    const reply = await this.request((token, tracingId) => clientFrame.getJwt({ token, tracingId }), 'JwtResponse');
    if (reply.class !== 'JwtResponse') throw new GuestError('ServerError', 'no JWT');
    return reply.body.jwt;
  }

  /** The deployment wants the conversation started at once: send Presence Join (the agent then speaks first). */
  private async autoStart(): Promise<void> {
    const decide = this.options.autoStart;
    if (!decide) return;
    this.decidingAutoStart = true;
    const wanted = await decide().catch(() => false);
    this.decidingAutoStart = false;
    if (wanted && this.current.name === 'live') {
      const tracingId = `join-${this.newId()}`;
      this.note('the deployment auto-starts conversations: sending Presence Join');
      this.queue.enqueueFirst(eventEntry(tracingId, (token) => clientFrame.presence(token, 'Join', tracingId, this.options.joinAttributes)));
    } else this.queue.drain();
  }

  private acknowledge(clientId: string, message: WebMessagingMessage): void {
    this.queue.acknowledge(clientId);
    this.seen.add(message.id);
    this.emit({ type: 'receipt', clientId, status: 'sent', message });
  }

  /** A message not reported before. Ours (by customMessageId) confirmed from elsewhere — the history after a
   *  restart, another connection of the same guest — is a receipt; the rest is decoded into port events. */
  private report(message: WebMessagingMessage): void {
    if (this.seen.has(message.id)) return;
    this.seen.add(message.id);
    const clientId = message.direction === 'Inbound' ? message.metadata?.customMessageId : undefined;
    if (clientId) return this.emit({ type: 'receipt', clientId, status: 'sent', message });
    reportReceived(message, message.metadata?.readOnly === 'true', this.received);
  }

  /** A decoded event goes out; an end in read-only mode also moves the session. */
  private readonly received = (event: GuestConnectionEvent): void => {
    this.emit(event);
    if (event.type === 'ended' && event.readOnly) this.move({ type: 'ended' });
  };

  // ---- out ---------------------------------------------------------------------------------------

  private move(move: SessionMove): void {
    const before = this.current;
    const after = transition(before, move);
    if (after === before) return;
    this.current = after;
    const was = reported(before);
    const now = reported(after);
    if (now.state === was.state && now.detail === was.detail) return;
    this.emit({ type: 'state', state: now.state, ...(now.detail ? { detail: now.detail } : {}) });
  }

  private sendFrame(frame: ClientFrame): void {
    const text = JSON.stringify(frame);
    if (this.frames) this.emit({ type: 'frame', direction: 'out', text });
    this.link.send(text);
  }

  private note(text: string): void {
    this.emit({ type: 'frame', direction: 'note', text });
  }

  private emit(event: GuestConnectionEvent): void {
    if (event.type === 'frame' && !this.frames) return;
    this.options.listener(event);
  }
}
