// One profile's Platform API request budget: a token bucket on the injected Clock that every call of
// every guest of the profile draws from, so together they stay below the org's per-client limit
// (Genesys cites 300/min). In any 60 s window at most `perMinute + burst` requests pass. Waiters are
// served by priority (the customer's own messages before receipts and polls), then in arrival order.
// A 429's Retry-After pauses the whole bucket: the limit is per OAuth client, not per conversation.
import type { Clock, TimerHandle } from '../../../protocol/clock';

export type RequestPriority = 'send' | 'background';

export interface RequestBudgetOptions {
  clock: Clock;
  perMinute: number;
  /** Tokens that may be spent at once after a quiet spell. Default: a tenth of perMinute, at least 1. */
  burst?: number;
}

interface Waiter {
  priority: RequestPriority;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class RequestBudgetClosed extends Error {
  constructor() {
    super('The request budget was closed (the profile was removed or the console is stopping).');
    this.name = 'RequestBudgetClosed';
  }
}

export class RequestBudget {
  private tokens: number;
  private refilledAt: number;
  private pausedUntil = 0;
  private readonly waiters: Waiter[] = [];
  private timer: TimerHandle | undefined;
  private closed = false;
  private readonly capacity: number;
  private readonly perMs: number;

  constructor(private readonly options: RequestBudgetOptions) {
    this.capacity = Math.max(1, options.burst ?? Math.floor(options.perMinute / 10));
    this.perMs = options.perMinute / 60_000;
    this.tokens = this.capacity;
    this.refilledAt = options.clock.now();
  }

  /** Resolves when one request may go out (the token is spent then). */
  take(priority: RequestPriority): Promise<void> {
    if (this.closed) return Promise.reject(new RequestBudgetClosed());
    return new Promise((resolve, reject) => {
      const waiter = { priority, resolve, reject };
      const firstBackground = this.waiters.findIndex((queued) => queued.priority === 'background');
      if (priority === 'send' && firstBackground >= 0) this.waiters.splice(firstBackground, 0, waiter);
      else this.waiters.push(waiter);
      this.serve();
    });
  }

  /** A token now or never: for hints (typing) that are worthless later. */
  tryTake(): boolean {
    if (this.closed || this.waiters.length > 0) return false;
    this.refill();
    if (this.options.clock.now() < this.pausedUntil || this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Genesys said 429: nothing goes out before `ms` from now. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.options.clock.now() + ms);
    this.tokens = Math.min(this.tokens, 0);
    this.reschedule();
  }

  close(): void {
    this.closed = true;
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new RequestBudgetClosed());
  }

  private refill(): void {
    const now = this.options.clock.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.refilledAt) * this.perMs);
    this.refilledAt = now;
  }

  private serve(): void {
    this.refill();
    while (this.waiters.length > 0 && this.options.clock.now() >= this.pausedUntil && this.tokens >= 1) {
      this.tokens -= 1;
      this.waiters.shift()!.resolve();
    }
    this.reschedule();
  }

  private reschedule(): void {
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed || this.waiters.length === 0) return;
    const now = this.options.clock.now();
    const untilToken = this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) / this.perMs);
    const delay = Math.max(1, this.pausedUntil - now, untilToken);
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      this.serve();
    }, delay);
  }
}
