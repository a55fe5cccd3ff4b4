// One guest of a load run: connect, then send a message, wait for the first agent reply (or the reply timeout),
// think, and again — until its messages are sent, the run's deadline passes or the run stops — then close its
// session. A small state machine on the run's clock: one think timer at a time, connect and reply timeouts in
// the run's shared queues, no promise per message. What its messages count is the ReplyWatch's.
import type { LoadPlan } from '../../../shared/load-plan';
import type { Clock, TimerHandle } from '../../protocol/clock';
import type { GuestConnection, GuestConnectionEvent } from '../channels/guest-connection';
import type { LoadMetrics } from './load-metrics';
import { ReplyWatch } from './reply-watch';
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
  private readonly replies: ReplyWatch;
  private timeout: Timeout | undefined;
  private thinkTimer: TimerHandle | undefined;

  constructor(private readonly options: LoadGuestOptions) {
    this.done = new Promise((resolve) => (this.finished = resolve));
    this.replies = new ReplyWatch({ ...options, onNoReply: this.replyTimedOut });
    this.connection = options.connect(this.onEvent);
    options.metrics.recordGuestStarted(options.clock.now());
    this.timeout = options.connectTimeouts.start(this.connectTimedOut);
    this.connection.connect();
    if (this.connection.state === 'live') this.sendNext();
  }

  /** The run stops: no more messages; the session closes now. */
  stop(): void {
    if (this.phase !== 'closing' && this.phase !== 'closed') this.close();
  }

  private readonly onEvent = (event: GuestConnectionEvent): void => {
    if (event.type === 'state') {
      if (this.phase !== 'connecting') return;
      if (event.state === 'live') return this.sendNext();
      if (event.state === 'failed' || event.state === 'expired') {
        this.options.metrics.recordError('connectFailed');
        return this.close();
      }
      return;
    }
    if (this.replies.onEvent(event) === 'answered') this.think();
  };

  private readonly connectTimedOut = (): void => {
    this.timeout = undefined;
    if (this.phase !== 'connecting') return;
    if (this.options.running()) this.options.metrics.recordError('connectTimeout');
    this.close();
  };

  private readonly replyTimedOut = (): void => {
    if (this.phase === 'waiting') this.think();
  };

  private readonly thought = (): void => {
    this.thinkTimer = undefined;
    if (this.phase === 'thinking') this.sendNext();
  };

  private sendNext(): void {
    const { plan, clock } = this.options;
    this.cancelTimeout();
    const messagesDone = plan.messagesPerGuest !== undefined && this.sent >= plan.messagesPerGuest;
    if (messagesDone || !this.options.running() || clock.now() >= this.options.deadline) return this.close();
    const text = plan.messages[this.sent % plan.messages.length]!;
    const clientId = this.options.newId();
    this.phase = 'waiting';
    this.sent += 1;
    this.replies.sending(clientId);
    this.connection.send({ type: 'text', clientId, text });
  }

  /** After a reply (or its timeout): the think time, then the next message. */
  private think(): void {
    this.cancelTimeout();
    this.replies.cancel();
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
    this.replies.cancel();
    this.phase = 'closing';
    const { metrics, clock } = this.options;
    void this.connection
      .closeSession()
      .catch(() => metrics.recordError('closeFailed'))
      .then(() => {
        this.phase = 'closed';
        metrics.recordGuestDone(clock.now());
        this.finished();
      });
  }

  private cancelTimeout(): void {
    if (!this.timeout) return;
    this.timeout.expire = undefined;
    this.timeout = undefined;
  }
}
