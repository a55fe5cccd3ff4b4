// How the Genesys limits count "N per window": a sliding window on an injected clock, where a request made
// exactly `windowMs` ago has left it. The sandbox refuses with it, the engine paces its sends with it, so
// both sides count the same way; `retryAfterSec` is the whole seconds a 429 would ask for.

export interface RateWindow {
  /** Count one request now, or say how many whole seconds to wait (nothing is counted then). */
  hit(): { allowed: true } | { allowed: false; retryAfterSec: number };
  /** Milliseconds until another request fits (0: now); counts nothing. */
  waitMs(): number;
}

export function createRateWindow(now: () => number, limit: number, windowMs: number): RateWindow {
  const hits: number[] = [];
  const waitMs = (t: number) => {
    while (hits.length && hits[0]! <= t - windowMs) hits.shift();
    if (hits.length < limit) return 0;
    return hits.length > 0 ? hits[0]! + windowMs - t : windowMs;
  };
  return {
    hit() {
      const t = now();
      const wait = waitMs(t);
      if (wait > 0) return { allowed: false, retryAfterSec: Math.max(1, Math.ceil(wait / 1000)) };
      hits.push(t);
      return { allowed: true };
    },
    waitMs: () => waitMs(now()),
  };
}
