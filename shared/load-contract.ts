// The contract's load-run part: start/stop a run, its live progress, saved results and the limits that
// apply, spread into `requests` / `events` in contract.ts.
import { z } from 'zod';
import { AiStopReasonSchema, AiTokensSchema } from './ai-contract';
import { LoadPlanSchema } from './load-plan';

/** A run's AI guests: how many, how far, the tokens spent of the run's budget, and why each stopped. */
export const LoadAiSnapshotSchema = z.object({
  /** AI guests in the plan, started or not. */
  guests: z.number(),
  active: z.number(),
  done: z.number(),
  tokens: AiTokensSchema,
  tokenBudget: z.number(),
  /** At the AI settings' prices (any currency), when they are set. */
  costEstimate: z.number().optional(),
  stopReasons: z.partialRecord(AiStopReasonSchema, z.number()),
  /** AI guests stopped by a model error or timeout (also counted in `errors`). */
  modelErrors: z.number(),
});
export type LoadAiSnapshot = z.infer<typeof LoadAiSnapshotSchema>;

export const LoadSnapshotSchema = z.object({
  elapsedMs: z.number(),
  guestsStarted: z.number(),
  guestsActive: z.number(),
  guestsDone: z.number(),
  sent: z.number(),
  acknowledged: z.number(),
  answered: z.number(),
  received: z.number(),
  rateLimited: z.number(),
  errors: z.record(z.string(), z.number()),
  latency: z.object({ count: z.number(), p50: z.number().optional(), p95: z.number().optional(), p99: z.number().optional(), max: z.number().optional() }),
  histogram: z.array(z.object({ upToMs: z.number().nullable(), count: z.number() })),
  ai: LoadAiSnapshotSchema.optional(),
  series: z.array(
    z.object({
      t: z.number(),
      sent: z.number(),
      received: z.number(),
      active: z.number(),
      p50: z.number().optional(),
      p95: z.number().optional(),
      p99: z.number().optional(),
      /** With AI guests: those playing, and the tokens the model reported in this second. */
      aiActive: z.number().optional(),
      tokens: z.number().optional(),
    }),
  ),
});
export type LoadSnapshotView = z.infer<typeof LoadSnapshotSchema>;

export const LoadRunStateSchema = z.enum(['running', 'stopping', 'finished', 'stopped']);

export const LoadResultSchema = z.object({
  id: z.string(),
  plan: LoadPlanSchema,
  profileName: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  state: z.enum(['finished', 'stopped']),
  snapshot: LoadSnapshotSchema,
});
export type LoadResultView = z.infer<typeof LoadResultSchema>;

export const LoadResultSummarySchema = z.object({
  id: z.string(),
  profileName: z.string(),
  channel: z.enum(['webmessaging', 'openmessaging']),
  guests: z.number(),
  startedAt: z.string(),
  state: z.enum(['finished', 'stopped']),
  sent: z.number(),
  answered: z.number(),
  /** With AI guests: how many, and the tokens they spent. */
  aiGuests: z.number().optional(),
  tokens: z.number().optional(),
  p50: z.number().optional(),
  p95: z.number().optional(),
  /** Files written for the run (JSON and CSV), to open outside the console. */
  files: z.array(z.string()),
});
export type LoadResultSummary = z.infer<typeof LoadResultSummarySchema>;

export const LoadLimitsSchema = z.object({
  isSandbox: z.boolean(),
  /** Guest messages per second per session (Web Messaging). */
  messagesPerSecondPerSession: z.number(),
  /** Platform API requests per minute for all guests of the profile (Open Messaging). */
  platformRequestsPerMinute: z.number(),
  /** Above this many guests a run against a real org needs the "approved" confirmation. */
  unapprovedGuestLimit: z.number(),
  /** New Guest WebSockets a Web Messaging deployment accepts per minute: a plan's arrivals are held to it. */
  newConnectionsPerMinute: z.number(),
  /** The AI model for AI guests: whether one is set up, the default token budget and the prices for the cost estimate. */
  ai: z
    .object({
      configured: z.boolean(),
      tokenBudget: z.number(),
      pricePerMillionPrompt: z.number().optional(),
      pricePerMillionCompletion: z.number().optional(),
    })
    .optional(),
});

export const loadRequests = {
  'load.limits': {
    request: z.object({ profileId: z.string().min(1) }).strict(),
    response: LoadLimitsSchema,
  },
  'load.start': {
    request: z.object({ plan: LoadPlanSchema, approved: z.boolean().default(false) }).strict(),
    response: z.object({ runId: z.string() }),
  },
  'load.stop': { request: z.object({ runId: z.string().min(1) }).strict(), response: z.object({ runId: z.string() }) },
  /** The run in progress, if any. */
  'load.current': {
    request: z.object({}).strict(),
    response: z.object({ runId: z.string(), state: LoadRunStateSchema, plan: LoadPlanSchema, snapshot: LoadSnapshotSchema }).nullable(),
  },
  'load.results': { request: z.object({}).strict(), response: z.array(LoadResultSummarySchema) },
  'load.result': { request: z.object({ id: z.string().min(1) }).strict(), response: LoadResultSchema },
} as const;

export const loadEvents = {
  'load.progress': z.object({ runId: z.string(), state: LoadRunStateSchema, snapshot: LoadSnapshotSchema }),
} as const;
