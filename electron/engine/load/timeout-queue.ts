// Timeouts of one length sharing one timer. They expire in the order they started, so only the oldest needs a
// timer: a load run's reply timeouts (one per message) cost an entry in an array each, not a timer each. A
// cancelled entry's timer still fires and then moves on to the next live entry; `stop()` clears it.
import type { Clock, TimerHandle } from '../../protocol/clock';

export interface Timeout {
  readonly at: number;
  /** Called once at `at`, unless cancelled first (set to undefined). */
  expire: (() => void) | undefined;
}

/** Entries read past the oldest live one are dropped once this many have piled up at the front. */
const COMPACT_AFTER = 1024;

export class TimeoutQueue {
  private entries: Timeout[] = [];
  private head = 0;
  private timer: TimerHandle | undefined;
  /** While expiring, timeouts started by the callbacks wait for the timer armed after them. */
  private expiring = false;

  constructor(
    private readonly clock: Clock,
    private readonly ms: number,
  ) {}

  /** Start a timeout of this queue's length; cancel it by setting its `expire` to undefined. */
  start(expire: () => void): Timeout {
    const timeout: Timeout = { at: this.clock.now() + this.ms, expire };
    this.entries.push(timeout);
    if (!this.timer && !this.expiring) this.arm(this.ms);
    return timeout;
  }

  /** Cancel every timeout and the timer. */
  stop(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.entries = [];
    this.head = 0;
  }

  private arm(delayMs: number): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.expireDue();
    }, delayMs);
  }

  private expireDue(): void {
    const now = this.clock.now();
    this.expiring = true;
    while (this.head < this.entries.length) {
      const timeout = this.entries[this.head]!;
      if (timeout.expire !== undefined && timeout.at > now) break;
      this.head += 1;
      const expire = timeout.expire;
      timeout.expire = undefined;
      expire?.();
    }
    this.expiring = false;
    if (this.head >= COMPACT_AFTER) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    const next = this.entries[this.head];
    if (next && !this.timer) this.arm(next.at - now);
  }
}
