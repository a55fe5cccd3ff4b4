// The load dashboard's progress: never 100% while the run is not over (guests still waiting for replies or
// closing after every message went out, or after the time is up), 100% once it is.
import { describe, expect, it } from 'vitest';
import type { LoadSnapshotView } from '../../../shared/load-contract';
import { LoadPlanSchema } from '../../../shared/load-plan';
import { progressOf } from '../../../renderer/src/load/LoadDashboard';

const snapshot = (over: Partial<LoadSnapshotView>): LoadSnapshotView => ({
  elapsedMs: 0,
  guestsStarted: 0,
  guestsActive: 0,
  guestsDone: 0,
  sent: 0,
  acknowledged: 0,
  answered: 0,
  received: 0,
  rateLimited: 0,
  errors: {},
  latency: { count: 0 },
  histogram: [],
  series: [],
  ...over,
});

describe('load run progress', () => {
  const plan = LoadPlanSchema.parse({ profileId: 'sandbox', channel: 'webmessaging', guests: 10, rampPerSecond: 5, messagesPerGuest: 3, durationSec: 60 });

  it('follows the further of messages, time and guests done', () => {
    expect(progressOf(plan, snapshot({ sent: 15, elapsedMs: 6_000, guestsActive: 10 }), false)).toBeCloseTo(0.5);
    expect(progressOf(plan, snapshot({ sent: 3, elapsedMs: 30_000, guestsActive: 10 }), false)).toBeCloseTo(0.5);
    expect(progressOf(plan, snapshot({ sent: 3, elapsedMs: 1_000, guestsDone: 7, guestsActive: 3 }), false)).toBeCloseTo(0.7);
  });

  it('counts each AI guest\'s messages at its own limit', () => {
    const withAi = LoadPlanSchema.parse({ profileId: 'sandbox', channel: 'webmessaging', guests: 10, rampPerSecond: 5, messagesPerGuest: 3, ai: { share: 50, goal: 'ask', maxTurns: 5 } });
    // 5 scripted guests × 3 + 5 AI guests × 5 = 40 messages at most.
    expect(progressOf(withAi, snapshot({ sent: 20, guestsActive: 10 }), false)).toBeCloseTo(0.5);
  });

  it('stays below 100% while guests are active, whatever ran out', () => {
    const everySent = progressOf(plan, snapshot({ sent: 30, answered: 27, elapsedMs: 20_000, guestsActive: 3, guestsDone: 7 }), false);
    const timeUp = progressOf(plan, snapshot({ sent: 20, elapsedMs: 61_000, guestsActive: 4, guestsDone: 6 }), false);
    for (const progress of [everySent, timeUp]) {
      expect(progress).toBeLessThan(1);
      expect(Math.floor(progress * 100)).toBe(99); // as the dashboard shows it
    }
  });

  it('reads 100% once the run is over', () => {
    expect(progressOf(plan, snapshot({ sent: 12, elapsedMs: 61_000, guestsDone: 10 }), true)).toBe(1);
  });
});
