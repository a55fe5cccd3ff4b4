// The guest's outgoing messages (spec §6.4): one queue, no faster than the per-session message rate, paused
// for `retryAfter` after a too-many-requests reply, each sent message tracked until the server reflects it
// (the acknowledgement) or its time runs out. Whether anything may go out now is the session's `ready()`.
// Messages are tracked in the order sent with the same timeout, so one timer watches the oldest for all.
import type { Clock, TimerHandle } from '../../../protocol/clock';
import { createRateWindow, type RateWindow } from '../../../protocol/rate-window';
import type { ClientFrame } from '../../../protocol/webmessaging/client-frames';
import { MESSAGE_RATE_WINDOW_MS } from '../../../protocol/webmessaging/limits';
import type { OutgoingMessage } from '../../channels/guest-connection';
import { messageFrame } from './message-frames';

export interface OutgoingEntry {
  clientId: string;
  frame: (token: string) => ClientFrame;
  /** Events (typing, Join) are never tracked or acknowledged. */
  droppable: boolean;
  attempts: number;
  /** When it counts as unacknowledged, while tracked and not yet reported. */
  ackDue?: number;
}

/** A guest message, tracked until the server reflects it; its frame is built when it goes out. */
export function messageEntry(message: OutgoingMessage): OutgoingEntry {
  return { clientId: message.clientId, droppable: false, attempts: 0, frame: (token) => messageFrame(token, message) };
}

/** An event (typing, Presence Join): sent when the rate allows, never tracked. */
export function eventEntry(tracingId: string, frame: (token: string) => ClientFrame): OutgoingEntry {
  return { clientId: tracingId, droppable: true, attempts: 0, frame };
}

export interface SendQueueOptions {
  clock: Clock;
  /** onMessage frames per second per session (spec §6.4: 2; §10: maybe 5). */
  messagesPerSecond: number;
  ackTimeoutMs: number;
  /** Whether frames may go out now. */
  ready(): boolean;
  transmit(entry: OutgoingEntry): void;
  /** A sent message got no acknowledgement in time. */
  unacknowledged(clientId: string): void;
}

/** The server's message window (counted as it counts, protocol/rate-window.ts), with a margin: frames that left
 *  a window apart can arrive closer together (the first one delayed on the way), and the server counts arrivals. */
export const RATE_WINDOW_MS = MESSAGE_RATE_WINDOW_MS + 150;

export class SendQueue {
  private readonly queue: OutgoingEntry[] = [];
  private readonly inFlight = new Map<string, OutgoingEntry>();
  private readonly sent: RateWindow;
  private pausedUntil = 0;
  private drainTimer: TimerHandle | undefined;
  /** Armed for the earliest `ackDue` (or earlier, for one acknowledged since). */
  private ackTimer: TimerHandle | undefined;

  constructor(private readonly options: SendQueueOptions) {
    this.sent = createRateWindow(() => options.clock.now(), options.messagesPerSecond, RATE_WINDOW_MS);
  }

  enqueue(entry: OutgoingEntry): void {
    this.queue.push(entry);
    this.drain();
  }

  /** Ahead of everything waiting (Presence Join before the messages typed while the session started). */
  enqueueFirst(entry: OutgoingEntry): void {
    this.queue.unshift(entry);
    this.drain();
  }

  /** Send what the rate allows now; schedule the rest. */
  drain(): void {
    if (this.drainTimer) return;
    const { clock } = this.options;
    while (this.queue.length > 0) {
      if (!this.options.ready()) return;
      const now = clock.now();
      if (now < this.pausedUntil) return this.scheduleDrain(this.pausedUntil - now);
      const wait = this.sent.waitMs();
      if (wait > 0) return this.scheduleDrain(wait);
      const entry = this.queue.shift()!;
      entry.attempts += 1;
      this.sent.hit();
      this.options.transmit(entry);
      if (!entry.droppable) this.track(entry);
    }
  }

  /** Whether another frame fits in the rate window now. */
  hasRoom(): boolean {
    return this.sent.waitMs() === 0;
  }

  /** Too many requests: send nothing for `retryAfterSeconds` (at least 1), and the refused message again first. Returns the pause, ms. */
  pause(retryAfterSeconds: number, tracingId: string | undefined): number {
    const now = this.options.clock.now();
    const pauseMs = Math.max(1, retryAfterSeconds) * 1000;
    this.pausedUntil = now + pauseMs;
    const entry = tracingId ? this.untrack(tracingId) : undefined;
    if (entry) this.queue.unshift(entry);
    this.scheduleDrain(pauseMs);
    return pauseMs;
  }

  /** The server refused a sent message: it is not pending any more. Returns it, if it was ours. */
  refused(tracingId: string): OutgoingEntry | undefined {
    return this.untrack(tracingId);
  }

  /** Sent and waiting for the echo, or queued (after a restart the server may already have it). */
  isPending(clientId: string): boolean {
    return this.inFlight.has(clientId) || this.queue.some((entry) => entry.clientId === clientId);
  }

  /** The server has this message: stop tracking it, and do not send it (again). */
  acknowledge(clientId: string): void {
    this.untrack(clientId);
    const queued = this.queue.findIndex((candidate) => candidate.clientId === clientId);
    if (queued >= 0) this.queue.splice(queued, 1);
  }

  /**
   * The history showed which sent messages the server has (acknowledged by now): the rest go to the front of
   * the queue, in their order, except those already sent `maxAttempts` times, which are returned as given up.
   */
  resendUnacknowledged(maxAttempts: number): OutgoingEntry[] {
    const unacknowledged = [...this.inFlight.values()];
    this.inFlight.clear();
    const givenUp: OutgoingEntry[] = [];
    for (const entry of unacknowledged.reverse()) {
      entry.ackDue = undefined;
      if (entry.attempts >= maxAttempts) givenUp.unshift(entry);
      else this.queue.unshift(entry);
    }
    return givenUp;
  }

  /** The session stopped: cancel every timer (entries stay, for a later connect). */
  stop(): void {
    const { clock } = this.options;
    if (this.drainTimer) clock.clearTimeout(this.drainTimer);
    this.drainTimer = undefined;
    if (this.ackTimer) clock.clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    for (const entry of this.inFlight.values()) entry.ackDue = undefined;
  }

  private track(entry: OutgoingEntry): void {
    entry.ackDue = this.options.clock.now() + this.options.ackTimeoutMs;
    this.inFlight.set(entry.clientId, entry);
    if (!this.ackTimer) this.armAckTimer(this.options.ackTimeoutMs);
  }

  private untrack(clientId: string): OutgoingEntry | undefined {
    const entry = this.inFlight.get(clientId);
    if (!entry) return undefined;
    this.inFlight.delete(clientId);
    entry.ackDue = undefined;
    return entry;
  }

  private armAckTimer(delayMs: number): void {
    this.ackTimer = this.options.clock.setTimeout(() => {
      this.ackTimer = undefined;
      this.reportUnacknowledged();
    }, delayMs);
  }

  /** Report each tracked message whose time is up (once), and watch the next. */
  private reportUnacknowledged(): void {
    const now = this.options.clock.now();
    const due: string[] = [];
    let next = Infinity;
    for (const entry of this.inFlight.values()) {
      if (entry.ackDue === undefined) continue;
      if (entry.ackDue <= now) {
        entry.ackDue = undefined;
        due.push(entry.clientId);
      } else next = Math.min(next, entry.ackDue);
    }
    if (next !== Infinity && !this.ackTimer) this.armAckTimer(next - now);
    for (const clientId of due) this.options.unacknowledged(clientId);
  }

  private scheduleDrain(delayMs: number): void {
    if (this.drainTimer) return;
    this.drainTimer = this.options.clock.setTimeout(() => {
      this.drainTimer = undefined;
      this.drain();
    }, Math.max(1, delayMs));
  }
}
