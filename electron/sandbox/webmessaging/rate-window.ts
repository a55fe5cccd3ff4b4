// A sliding-window request counter on the injected Clock: at most `limit` hits per `windowMs`.
// `hit()` either records the request or says how many whole seconds to wait (the `retryAfter` figure).

export interface RateWindow {
  hit(): { allowed: true } | { allowed: false; retryAfterSec: number };
}

export function createRateWindow(now: () => number, limit: number, windowMs: number): RateWindow {
  const hits: number[] = [];
  return {
    hit() {
      const t = now();
      while (hits.length && hits[0]! <= t - windowMs) hits.shift();
      if (hits.length >= limit) {
        const freeAt = hits[0]! + windowMs;
        return { allowed: false, retryAfterSec: Math.max(1, Math.ceil((freeAt - t) / 1000)) };
      }
      hits.push(t);
      return { allowed: true };
    },
  };
}
