// A load run's plan: how many guests, how fast they arrive, what each says and for how long. Shared by
// the engine, the CLI and the console's load screen.
import { z } from 'zod';

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
  })
  .refine((plan) => plan.messagesPerGuest !== undefined || plan.durationSec !== undefined, {
    message: 'Give a number of messages per guest or a duration (or both).',
    path: ['messagesPerGuest'],
  });
export type LoadPlan = z.output<typeof LoadPlanSchema>;
export type LoadPlanInput = z.input<typeof LoadPlanSchema>;

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
