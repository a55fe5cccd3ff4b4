// Which guests of a load run are AI guests (spread evenly, the count the share says) and what their tokens cost.
import { describe, expect, it } from 'vitest';
import { LoadPlanSchema, aiCostEstimate, aiGuestCount, isAiGuest } from '../../../shared/load-plan';

const aiIndexes = (guests: number, share: number) => Array.from({ length: guests }, (_, index) => index).filter((index) => isAiGuest(index, share));

describe('AI guests of a load run', () => {
  it('spreads them evenly over the arrivals, as many as the share says', () => {
    expect(aiIndexes(6, 50)).toEqual([1, 3, 5]);
    expect(aiIndexes(10, 30)).toEqual([3, 6, 9]);
    expect(aiIndexes(4, 100)).toEqual([0, 1, 2, 3]);
    expect(aiIndexes(5, 0)).toEqual([]);
    for (const [guests, share] of [[7, 33], [1000, 12.5], [3, 10], [9, 99]] as const) {
      expect(aiIndexes(guests, share)).toHaveLength(aiGuestCount({ guests, ai: { share, goal: 'g', maxTurns: 1 } }));
    }
  });

  it('reads a plan with AI guests (max turns defaulted, the budget left to the settings) and refuses one without a goal', () => {
    const base = { profileId: 'sandbox', channel: 'webmessaging', guests: 4, rampPerSecond: 1, messagesPerGuest: 1 };
    expect(LoadPlanSchema.parse({ ...base, ai: { share: 50, goal: 'Ask about order 1042' } }).ai).toEqual({ share: 50, goal: 'Ask about order 1042', maxTurns: 4 });
    expect(LoadPlanSchema.safeParse({ ...base, ai: { share: 50, goal: ' ' } }).success).toBe(false);
    expect(LoadPlanSchema.safeParse({ ...base, ai: { share: 120, goal: 'x' } }).success).toBe(false);
  });

  it('estimates the cost at the prices per million tokens, and none without prices', () => {
    expect(aiCostEstimate({ prompt: 1_000_000, completion: 500_000 }, { pricePerMillionPrompt: 0.15, pricePerMillionCompletion: 0.6 })).toBeCloseTo(0.45, 10);
    expect(aiCostEstimate({ prompt: 2_000_000, completion: 10 }, { pricePerMillionPrompt: 1 })).toBeCloseTo(2, 10);
    expect(aiCostEstimate({ prompt: 100, completion: 100 }, {})).toBeUndefined();
  });
});
