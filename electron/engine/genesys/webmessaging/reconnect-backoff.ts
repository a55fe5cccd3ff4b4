// How long a guest waits before reopening a dropped socket: exponential backoff with full jitter (a random
// delay between 0 and the ceiling), so a server restart is not answered by every guest at the same instant.
// The ceiling doubles from 0.5 s per attempt up to `maxDelayMs` (30 s); a successful configure resets it.

const FIRST_CEILING_MS = 500;
/** Never retry sooner than this: a refused connection comes back in microseconds, not worth a busy loop. */
const MIN_DELAY_MS = 200;
const MAX_DOUBLINGS = 10;

export class ReconnectBackoff {
  private attempt = 0;

  constructor(
    private readonly random: () => number,
    private readonly maxDelayMs = 30_000,
  ) {}

  /** The delay before the next attempt (and count it). */
  next(): number {
    const ceiling = Math.min(this.maxDelayMs, FIRST_CEILING_MS * 2 ** Math.min(this.attempt, MAX_DOUBLINGS));
    this.attempt += 1;
    return Math.max(MIN_DELAY_MS, Math.round(this.random() * ceiling));
  }

  reset(): void {
    this.attempt = 0;
  }
}
