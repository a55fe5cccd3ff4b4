// One guest of a load run: connect, then send a message, wait for the first agent reply (or the reply timeout),
// think, and again — until its messages are sent, the run's deadline passes or the run stops — then close its
// session. A small state machine on the run's clock: one think timer at a time, connect and reply timeouts in
// the run's shared queues, no promise per message. It reads the port's events, never the frames' text (except
// Open Messaging's, which reports a request and a 429 only as frames).
import type { LoadPlan } from '../../../shared/load-plan';
import type { Clock, TimerHandle } from '../../protocol/clock';
import type { GuestConnection, GuestConnectionEvent } from '../channels/guest-connection';
import type { LoadMetrics } from './load-metrics';
import type { Timeout, TimeoutQueue } from './timeout-queue';

export interface LoadGuestOptions {
  plan: LoadPlan;
  clock: Clock;
  metrics: LoadMetrics;
  /** When the run's duration is up (Infinity without one). */
  deadline: number;
  connectTimeouts: TimeoutQueue;
  replyTimeouts: TimeoutQueue;
  newId: () => string;
  /** Whether the run still sends (not stopping). */
  running: () => boolean;
  /** Opens this guest's connection, reporting to the listener given. */
  connect: (listener: (event: GuestConnectionEvent) => void) => GuestConnection;
}

type Phase = 'connecting' | 'waiting' | 'thinking' | 'closing' | 'closed';

export class LoadGuest {
  /** Resolves when the session is closed (or failed to open) and the guest is counted as done. */
  readonly done: Promise<void>;
  private phase: Phase = 'connecting';
  private readonly connection: GuestConnection;
  private finished!: () => void;
  private sent = 0;
  /** The message awaiting its first reply; `sentAt` moves to when its frame actually left (after any rate-limit wait). */
  private waitingFor: string | undefined;
  private sentAt = 0;
  private timeout: Timeout | undefined;
  private thinkTimer: TimerHandle | undefined;

  constructor(private readonly options: LoadGuestOptions) {
    this.done = new Promise((resolve) => (this.finished = resolve));
    this.connection = options.connect(this.onEvent);
    const { metrics } = options;
    metrics.guestsStarted += 1;
    metrics.guestsActive += 1;
    metrics.recordActive(options.clock.now());
    this.timeout = options.connectTimeouts.start(this.connectTimedOut);
    this.connection.connect();
    if (this.connection.state === 'live') this.sendNext();
  }

  /** The run stops: no more messages; the session closes now. */
  stop(): void {
    if (this.phase !== 'closing' && this.phase !== 'closed') this.close();
  }

  private readonly onEvent = (event: GuestConnectionEvent): void => {
    const { metrics, clock } = this.options;
    switch (event.type) {
      case 'state':
        if (this.phase !== 'connecting') return;
        if (event.state === 'live') return this.sendNext();
        if (event.state === 'failed' || event.state === 'expired') {
          metrics.recordError('connectFailed');
          return this.close();
        }
        return;
      case 'receipt':
        if (event.status === 'sent') metrics.acknowledged += 1;
        else metrics.recordError('sendFailed');
        return;
      case 'outgoing':
        if (event.clientId === this.waitingFor) this.sentAt = clock.now();
        return;
      case 'rateLimited':
        metrics.rateLimited += 1;
        return;
      case 'message': {
        if (event.message.direction !== 'Outbound') return;
        const now = clock.now();
        metrics.recordReceived(now);
        if (this.waitingFor === undefined) return;
        metrics.recordAnswer(now, now - this.sentAt);
        this.waitingFor = undefined;
        return this.think();
      }
      case 'frame':
        if (event.direction === 'out' && this.waitingFor !== undefined && event.text.includes(this.waitingFor)) this.sentAt = clock.now();
        if (event.direction === 'note' && /\b429\b|too many requests/i.test(event.text)) metrics.rateLimited += 1;
        return;
      default:
        return;
    }
  };

  private readonly connectTimedOut = (): void => {
    this.timeout = undefined;
    if (this.phase !== 'connecting') return;
    if (this.options.running()) this.options.metrics.recordError('connectTimeout');
    this.close();
  };

  private readonly replyTimedOut = (): void => {
    this.timeout = undefined;
    if (this.phase !== 'waiting') return;
    this.waitingFor = undefined;
    if (this.options.running()) this.options.metrics.recordError('noReply');
    this.think();
  };

  private readonly thought = (): void => {
    this.thinkTimer = undefined;
    if (this.phase === 'thinking') this.sendNext();
  };

  private sendNext(): void {
    const { plan, clock, metrics } = this.options;
    this.cancelTimeout();
    const messagesDone = plan.messagesPerGuest !== undefined && this.sent >= plan.messagesPerGuest;
    if (messagesDone || !this.options.running() || clock.now() >= this.options.deadline) return this.close();
    const text = plan.messages[this.sent % plan.messages.length]!;
    const clientId = this.options.newId();
    this.phase = 'waiting';
    this.waitingFor = clientId;
    this.sentAt = clock.now();
    this.sent += 1;
    this.timeout = this.options.replyTimeouts.start(this.replyTimedOut);
    this.connection.send({ type: 'text', clientId, text });
    metrics.recordSent(this.sentAt);
  }

  /** After a reply (or its timeout): the think time, then the next message. */
  private think(): void {
    this.cancelTimeout();
    if (!this.options.running()) return this.close();
    this.phase = 'thinking';
    const thinkMs = this.options.plan.thinkTimeMs;
    // Without a think time the next message still waits for the event that ended this one to finish.
    if (thinkMs > 0) this.thinkTimer = this.options.clock.setTimeout(this.thought, thinkMs);
    else queueMicrotask(this.thought);
  }

  private close(): void {
    this.cancelTimeout();
    if (this.thinkTimer) this.options.clock.clearTimeout(this.thinkTimer);
    this.thinkTimer = undefined;
    this.waitingFor = undefined;
    this.phase = 'closing';
    const { metrics, clock } = this.options;
    void this.connection
      .closeSession()
      .catch(() => metrics.recordError('closeFailed'))
      .then(() => {
        this.phase = 'closed';
        metrics.guestsActive -= 1;
        metrics.guestsDone += 1;
        metrics.recordActive(clock.now());
        this.finished();
      });
  }

  private cancelTimeout(): void {
    if (!this.timeout) return;
    this.timeout.expire = undefined;
    this.timeout = undefined;
  }
}
