// Catching up after a reconnect or a missing acknowledgement (spec §5.8, §7.1): report what the history
// shows was missed, count ours found there (by customMessageId) as acknowledged, send the rest again. Nothing
// is sent until a read succeeds (that could double a message); failed reads are retried, after Retry-After.
import type { Clock, TimerHandle } from '../../../protocol/clock';
import type { WebMessagingMessage } from '../../../protocol/webmessaging/server-frames';
import { GuestError } from './guest-errors';
import { fetchHistory } from './history';
import type { OutgoingEntry, SendQueue } from './send-queue';

/** Times a message is sent without being confirmed before it is reported as failed. */
export const MAX_SEND_ATTEMPTS = 3;
/** History reads that may fail in a row before queued messages go out unconfirmed (risking a duplicate). */
export const MAX_HISTORY_FAILURES = 6;
const MAX_RETRY_DELAY_MS = 30_000;

/** Whether the session knows what the server has: `current`, being read, or `behind` after failed reads. */
export type HistoryStatus =
  | { name: 'current' }
  | { name: 'reading'; failures: number }
  | { name: 'behind'; failures: number; retry?: TimerHandle };

export interface HistoryReconciliationListener {
  /** One of our pending messages is in the history. */
  acknowledged(clientId: string, message: WebMessagingMessage): void;
  /** A message not reported before (the session drops ids it has seen). */
  missed(message: WebMessagingMessage): void;
  /** Sent `MAX_SEND_ATTEMPTS` times and never in the history. */
  gaveUp(entry: OutgoingEntry, reason: string): void;
  note(text: string): void;
}

export interface HistoryReconciliationOptions {
  clock: Clock;
  fetch: typeof fetch;
  apiBaseUrl: string;
  origin?: string;
  /** A session JWT for the history call (getJwt on the socket). */
  jwt(): Promise<string>;
  isKnown(messageId: string): boolean;
  queue: SendQueue;
  /** Whether a retry may read now (the session is configured and not stopped). */
  mayRead(): boolean;
  listener: HistoryReconciliationListener;
}

/** Our client id on an inbound message: the echo's tracingId live, `metadata.customMessageId` in the history. */
export function ownClientId(message: WebMessagingMessage, tracingId: string | undefined): string | undefined {
  return tracingId ?? message.metadata?.customMessageId;
}

export class HistoryReconciliation {
  private statusValue: HistoryStatus = { name: 'current' };

  constructor(private readonly options: HistoryReconciliationOptions) {}

  get status(): HistoryStatus {
    return this.statusValue;
  }

  /** Sending waits while the history is not known to be caught up. */
  get holdsSending(): boolean {
    return this.statusValue.name !== 'current';
  }

  async reconcile(): Promise<void> {
    const status = this.statusValue;
    if (status.name === 'reading') return;
    const failures = status.name === 'behind' ? status.failures : 0;
    this.clearRetry();
    this.statusValue = { name: 'reading', failures };
    const { listener, queue } = this.options;
    try {
      const history = await fetchHistory({
        apiBaseUrl: this.options.apiBaseUrl,
        jwt: await this.options.jwt(),
        ...(this.options.origin ? { origin: this.options.origin } : {}),
        fetch: this.options.fetch,
        isKnown: this.options.isKnown,
      });
      listener.note(`history read: ${history.length} message(s)`);
      for (const message of history) {
        const clientId = message.direction === 'Inbound' ? ownClientId(message, undefined) : undefined;
        if (clientId && queue.isPending(clientId)) listener.acknowledged(clientId, message);
        else listener.missed(message);
      }
      this.statusValue = { name: 'current' };
    } catch (error) {
      this.failed(failures + 1, error);
    }
    if (this.holdsSending) return;
    for (const entry of queue.resendUnacknowledged(MAX_SEND_ATTEMPTS)) {
      listener.gaveUp(entry, `Genesys did not confirm this message after ${entry.attempts} attempts.`);
    }
    queue.drain();
  }

  /** The session stopped: no retry. What is unknown stays unknown until the next read. */
  stop(): void {
    this.clearRetry();
  }

  private failed(failures: number, error: unknown): void {
    const reason = (error as Error).message;
    if (failures >= MAX_HISTORY_FAILURES) {
      // Messages missed meanwhile come with the next successful read; ours go out now, unconfirmed.
      this.options.listener.note(`could not read the history ${failures} times (${reason}); sending the waiting messages anyway`);
      this.statusValue = { name: 'current' };
      return;
    }
    // Until the history is read, neither missed messages nor the fate of ours is known: try again later
    // rather than send ours blindly (which could duplicate them) or forget the gap.
    const delay = this.retryDelay(failures, error);
    this.options.listener.note(`could not read the history: ${reason}; trying again in ${Math.ceil(delay / 1000)} s`);
    const retry = this.options.clock.setTimeout(() => {
      if (this.statusValue.name === 'behind') this.statusValue = { name: 'behind', failures };
      if (this.options.mayRead()) void this.reconcile();
    }, delay);
    this.statusValue = { name: 'behind', failures, retry };
  }

  private retryDelay(failures: number, error: unknown): number {
    if (error instanceof GuestError && error.details.retryAfterMs !== undefined) return error.details.retryAfterMs;
    return Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** (failures - 1));
  }

  private clearRetry(): void {
    const status = this.statusValue;
    if (status.name !== 'behind' || !status.retry) return;
    this.options.clock.clearTimeout(status.retry);
    this.statusValue = { name: 'behind', failures: status.failures };
  }
}
