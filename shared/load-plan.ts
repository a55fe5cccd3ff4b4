// A load run's plan: how many guests, how fast they arrive, what each says and for how long — and which share
// of them an AI model plays, within one token budget for the whole run. Shared by the engine, the CLI and the
// console's load screen.
import { z } from 'zod';

/** AI guests in a load run: a share of the guests plays a goal through the model; the rest stay scripted. */
export const LoadAiPlanSchema = z.object({
  /** Percent of the guests that are AI guests, spread evenly over the arrivals (see isAiGuest). */
  share: z.number().min(0).max(100),
  goal: z.string().trim().min(1, 'Say what the AI guests want').max(2000),
  /** Messages each AI guest may send. */
  maxTurns: z.number().int().min(1).max(50).default(4),
  /** Tokens all the run's AI guests may spend together; without it, the AI settings' token budget. */
  tokenBudget: z.number().int().min(100).max(100_000_000).optional(),
});
export type LoadAiPlan = z.output<typeof LoadAiPlanSchema>;
export type LoadAiPlanInput = z.input<typeof LoadAiPlanSchema>;

export const LoadPlanSchema = z
  .object({
    profileId: z.string().min(1),
    channel: z.enum(['webmessaging', 'openmessaging']),
    guests: z.number().int().min(1).max(5000),
    /** New guests per second while ramping up. */
    rampPerSecond: z.number().positive().max(500),
    /** Pause between a reply (or its timeout) and the guest's next message. */
    thinkTimeMs: z.number().int().min(0).max(600_000).default(1000),
    /** Messages each guest sends (iterations); the run ends when every guest is done… */
    messagesPerGuest: z.number().int().min(1).max(10_000).optional(),
    /** …or after this many seconds, whichever comes first. */
    durationSec: z.number().int().min(1).max(86_400).optional(),
    /** The simple message script, sent in turn (a scenario can drive guests instead, see docs/scenarios.md). */
    messages: z.array(z.string().min(1).max(4096)).min(1).default(['hello']),
    /** How long a guest waits for the first agent reply to each message. */
    replyTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
    /** A share of the guests played by the AI model (the rest send the message script). */
    ai: LoadAiPlanSchema.optional(),
  })
  .refine((plan) => plan.messagesPerGuest !== undefined || plan.durationSec !== undefined, {
    message: 'Give a number of messages per guest or a duration (or both).',
    path: ['messagesPerGuest'],
  });
export type LoadPlan = z.output<typeof LoadPlanSchema>;
export type LoadPlanInput = z.input<typeof LoadPlanSchema>;

/**
 * Whether the guest at this 0-based arrival index is an AI guest: the AI guests are spread evenly, the i-th being
 * one when floor((i+1)·share/100) passes floor(i·share/100) — with 6 guests and 50 %, guests 2, 4 and 6.
 */
export function isAiGuest(index: number, share: number): boolean {
  return Math.floor(((index + 1) * share) / 100) > Math.floor((index * share) / 100);
}

/** How many of the plan's guests the AI plays. */
export function aiGuestCount(plan: Pick<LoadPlan, 'guests' | 'ai'>): number {
  return plan.ai ? Math.floor((plan.guests * plan.ai.share) / 100) : 0;
}

/** What tokens cost at the prices given (any currency, per million tokens); undefined without prices. */
export function aiCostEstimate(tokens: { prompt: number; completion: number }, prices: { pricePerMillionPrompt?: number; pricePerMillionCompletion?: number }): number | undefined {
  if (prices.pricePerMillionPrompt === undefined && prices.pricePerMillionCompletion === undefined) return undefined;
  return (tokens.prompt * (prices.pricePerMillionPrompt ?? 0) + tokens.completion * (prices.pricePerMillionCompletion ?? 0)) / 1_000_000;
}

/** Above this many guests, a run against a real org needs an explicit confirmation that it was approved. */
export const UNAPPROVED_GUEST_LIMIT = 10;

/** Whether this plan's arrivals would open more new Web Messaging connections in a minute than a deployment accepts. */
export function exceedsConnectionLimit(plan: Pick<LoadPlan, 'channel' | 'guests' | 'rampPerSecond'>, perMinute: number): boolean {
  return plan.channel === 'webmessaging' && plan.guests > perMinute && plan.rampPerSecond * 60 > perMinute;
}

/** What a person should know before the run (the console's plan form, the CLI): the ramp is slowed to the limit, and how long arrivals take. */
export function connectionLimitNote(plan: Pick<LoadPlan, 'channel' | 'guests' | 'rampPerSecond'>, perMinute: number): string | null {
  if (!exceedsConnectionLimit(plan, perMinute)) return null;
  const minutes = Math.ceil(plan.guests / perMinute);
  return (
    `This plan opens ${plan.guests} guests at ${plan.rampPerSecond} per second, more than the ${perMinute} new connections ` +
    `per minute a Web Messaging deployment accepts; guests arrive at most ${perMinute} in any minute instead ` +
    `(about ${minutes} minutes until every guest has started).`
  );
}
