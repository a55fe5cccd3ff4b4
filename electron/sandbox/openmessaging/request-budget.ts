// Per-OAuth-client request budget: at most `perMinute` Platform API requests in any sliding 60 s
// window (Genesys cites 300/min per client). Over budget → the seconds until the oldest request in
// the window leaves it, for `Retry-After`.
import type { Clock } from '../../protocol/clock';

export const DEFAULT_REQUESTS_PER_MINUTE = 300;
const WINDOW_MS = 60_000;

export interface RequestBudget {
  /** Count one request for `clientId`, or say how long to wait (nothing is counted then). */
  take(clientId: string): { ok: true } | { ok: false; retryAfterSec: number };
}

export function createRequestBudget(deps: { clock: Clock; perMinute: number }): RequestBudget {
  const recent = new Map<string, number[]>();
  return {
    take(clientId) {
      const now = deps.clock.now();
      const times = (recent.get(clientId) ?? []).filter((t) => t > now - WINDOW_MS);
      recent.set(clientId, times);
      const oldest = times[0];
      if (times.length >= deps.perMinute && oldest !== undefined) {
        return { ok: false, retryAfterSec: Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000)) };
      }
      times.push(now);
      return { ok: true };
    },
  };
}
