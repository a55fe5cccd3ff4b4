// One load guest's messages as the run measures them, whoever writes them (the script or the AI): sent,
// acknowledged by the platform, answered — with the latency from when the frame actually left (after any
// rate-limit wait) to the first agent message after it — or not answered within the reply timeout. It reads the
// port's events, never the frames' text (except Open Messaging's, which reports a request and a 429 only as frames).
import type { Clock } from '../../protocol/clock';
import type { GuestConnectionEvent } from '../channels/guest-connection';
import type { LoadMetrics } from './load-metrics';
import type { Timeout, TimeoutQueue } from './timeout-queue';

export interface ReplyWatchOptions {
  clock: Clock;
  metrics: LoadMetrics;
  replyTimeouts: TimeoutQueue;
  /** Whether the run still sends: a timeout while it stops is not an error. */
  running: () => boolean;
  /** The awaited message had no reply in time (counted already). */
  onNoReply: () => void;
}

export class ReplyWatch {
  /** The message awaiting its first reply; `sentAt` moves to when its frame actually left. */
  private waitingFor: string | undefined;
  private sentAt = 0;
  private timeout: Timeout | undefined;

  constructor(private readonly options: ReplyWatchOptions) {}

  /** A message with this id is about to be sent: count it and start its reply timeout. */
  sending(clientId: string): void {
    const { clock, metrics, replyTimeouts } = this.options;
    this.cancel();
    this.waitingFor = clientId;
    this.sentAt = clock.now();
    this.timeout = replyTimeouts.start(this.timedOut);
    metrics.recordSent(this.sentAt);
  }

  /** Counts what the event says; 'answered' when it is the first agent message after the awaited one. */
  onEvent(event: GuestConnectionEvent): 'answered' | undefined {
    const { metrics, clock } = this.options;
    switch (event.type) {
      case 'receipt':
        if (event.status === 'sent') metrics.acknowledged += 1;
        else metrics.recordError('sendFailed');
        return undefined;
      case 'outgoing':
        if (event.clientId === this.waitingFor) this.sentAt = clock.now();
        return undefined;
      case 'rateLimited':
        metrics.rateLimited += 1;
        return undefined;
      case 'message': {
        if (event.message.direction !== 'Outbound') return undefined;
        const now = clock.now();
        metrics.recordReceived(now);
        if (this.waitingFor === undefined) return undefined;
        metrics.recordAnswer(now, now - this.sentAt);
        this.cancel();
        return 'answered';
      }
      case 'frame':
        if (event.direction === 'out' && this.waitingFor !== undefined && event.text.includes(this.waitingFor)) this.sentAt = clock.now();
        if (event.direction === 'note' && /\b429\b|too many requests/i.test(event.text)) metrics.rateLimited += 1;
        return undefined;
      default:
        return undefined;
    }
  }

  /** No more waiting (the guest closes, or writes again): nothing is counted. */
  cancel(): void {
    this.waitingFor = undefined;
    if (!this.timeout) return;
    this.timeout.expire = undefined;
    this.timeout = undefined;
  }

  private readonly timedOut = (): void => {
    this.timeout = undefined;
    if (this.waitingFor === undefined) return;
    this.waitingFor = undefined;
    if (this.options.running()) this.options.metrics.recordError('noReply');
    this.options.onNoReply();
  };
}
