// Fault settings: bursts and webhook failures are consumed one at a time, the 5xx rate uses the injected
// randomness, and listeners hear every change.
import { describe, expect, it } from 'vitest';
import { createFaults } from '../../../electron/sandbox/faults';
import { createRateWindow } from '../../../electron/protocol/rate-window';

describe('faults', () => {
  it('consumes a 429 burst one request at a time', () => {
    const faults = createFaults(() => 0);
    faults.set({ burst429: { count: 2, retryAfterSec: 3 } });
    expect([faults.take429(), faults.take429(), faults.take429()]).toEqual([{ retryAfterSec: 3 }, { retryAfterSec: 3 }, null]);
  });

  it('uses the injected randomness for the 5xx rate', () => {
    let next = 0.3;
    const faults = createFaults(() => next);
    faults.set({ http5xxRate: 0.5 });
    expect(faults.take5xx()).toBe(true);
    next = 0.7;
    expect(faults.take5xx()).toBe(false);
  });

  it('fails the next N webhook deliveries, or all with -1', () => {
    const faults = createFaults(() => 0);
    faults.set({ failWebhookDeliveries: 2 });
    expect([faults.takeWebhookFailure(), faults.takeWebhookFailure(), faults.takeWebhookFailure()]).toEqual([true, true, false]);
    faults.set({ failWebhookDeliveries: -1 });
    expect([faults.takeWebhookFailure(), faults.takeWebhookFailure()]).toEqual([true, true]);
  });

  it('tells listeners about set and reset, until they unsubscribe', () => {
    const faults = createFaults(() => 0);
    const seen: number[] = [];
    const stop = faults.onChange((s) => seen.push(s.latencyMs));
    faults.set({ latencyMs: 20 });
    faults.reset();
    stop();
    faults.set({ latencyMs: 5 });
    expect(seen).toEqual([20, 0]);
  });
});

describe('rate window', () => {
  it('allows `limit` hits per window and says how long to wait', () => {
    let now = 0;
    const window = createRateWindow(() => now, 2, 1000);
    expect(window.hit()).toEqual({ allowed: true });
    now = 400;
    expect(window.hit()).toEqual({ allowed: true });
    expect(window.hit()).toEqual({ allowed: false, retryAfterSec: 1 });
    now = 1000;
    expect(window.hit()).toEqual({ allowed: true });
  });
});
