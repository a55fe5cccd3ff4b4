// Fault injection for the sandbox: latency, 429 bursts, 5xx responses, socket drops, failing webhook
// deliveries, token lifetime overrides and the hostile mode (junk frames and webhook bodies, see
// ./hostile/). One mutable settings object, read on every request, so a fault can be switched on and
// off while clients stay connected. Randomness is injected. The settings' shape is the control API's
// (protocol/sandbox-control/control-api.ts).
import type { FaultSettings } from '../protocol/sandbox-control/control-api';

export interface Faults {
  get(): FaultSettings;
  set(patch: Partial<FaultSettings>): FaultSettings;
  reset(): void;
  take429(): { retryAfterSec: number } | null /* consumes one from the burst */;
  take5xx(): boolean /* uses injected random */;
  takeWebhookFailure(): boolean;
  /** Whether junk follows this frame or delivery (hostile mode; uses the injected random). */
  takeHostile(): boolean;
  /** The injected randomness, for what the hostile mode sends. */
  random(): number;
  onChange(listener: (s: FaultSettings) => void): () => void;
}

const NO_FAULTS: FaultSettings = {
  latencyMs: 0,
  http5xxRate: 0,
  burst429: null,
  dropSocketsEverySec: null,
  failWebhookDeliveries: 0,
  tokenLifetimeSec: null,
  hostileRate: 0,
};

export function createFaults(random: () => number): Faults {
  let settings: FaultSettings = { ...NO_FAULTS };
  const listeners = new Set<(s: FaultSettings) => void>();

  const replace = (next: FaultSettings): FaultSettings => {
    settings = next;
    for (const listener of listeners) listener({ ...settings });
    return { ...settings };
  };

  return {
    get: () => ({ ...settings }),
    set: (patch) => replace({ ...settings, ...patch }),
    reset: () => {
      replace({ ...NO_FAULTS });
    },
    take429: () => {
      const burst = settings.burst429;
      if (!burst || burst.count <= 0) return null;
      const remaining = burst.count - 1;
      // Consuming is not a settings change a listener needs to hear about.
      settings = { ...settings, burst429: remaining > 0 ? { ...burst, count: remaining } : null };
      return { retryAfterSec: burst.retryAfterSec };
    },
    take5xx: () => settings.http5xxRate > 0 && random() < settings.http5xxRate,
    takeWebhookFailure: () => {
      const n = settings.failWebhookDeliveries;
      if (n === -1) return true;
      if (n <= 0) return false;
      settings = { ...settings, failWebhookDeliveries: n - 1 };
      return true;
    },
    takeHostile: () => settings.hostileRate > 0 && random() < settings.hostileRate,
    random,
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
