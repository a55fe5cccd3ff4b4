// Per-OAuth-client request budget: at most `perMinute` Platform API requests in any sliding 60 s window
// (by default the 300/min Genesys cites, protocol/openmessaging/limits.ts). Over budget → the seconds until
// the oldest request in the window leaves it, for `Retry-After`.
import type { Clock } from '../../protocol/clock';
import { PLATFORM_RATE_WINDOW_MS } from '../../protocol/openmessaging/limits';
import { createRateWindow, type RateWindow } from '../../protocol/rate-window';

export interface RequestBudget {
  /** Count one request for `clientId`, or say how long to wait (nothing is counted then). */
  take(clientId: string): { ok: true } | { ok: false; retryAfterSec: number };
}

export function createRequestBudget(deps: { clock: Clock; perMinute: number }): RequestBudget {
  const windows = new Map<string, RateWindow>();
  return {
    take(clientId) {
      let window = windows.get(clientId);
      if (!window) {
        window = createRateWindow(() => deps.clock.now(), deps.perMinute, PLATFORM_RATE_WINDOW_MS);
        windows.set(clientId, window);
      }
      const hit = window.hit();
      return hit.allowed ? { ok: true } : { ok: false, retryAfterSec: hit.retryAfterSec };
    },
  };
}
