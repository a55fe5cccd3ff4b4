// The contract of the AI customer: the model it talks to (any OpenAI-compatible chat-completions endpoint), and a
// conversation the AI plays as the guest — its goal, what it is about to send, why it stopped. shared/contract.ts
// spreads these maps into its own. The API key is write-only: it goes in through `ai.setApiKey` and only whether
// one is set ever comes back.
import { z } from 'zod';
import { DEFAULT_AI_MAX_TURNS, DEFAULT_AI_TOKEN_BUDGET } from './ai-defaults';

/** Why an AI guest stopped, in every place it runs (console, scenario step, load guest). */
export const AI_STOP_REASONS = ['goal', 'gaveUp', 'until', 'agentEnded', 'maxTurns', 'timeLimit', 'budget', 'modelError', 'takenOver', 'conversationGone'] as const;
export const AiStopReasonSchema = z.enum(AI_STOP_REASONS);
export type AiStopReason = z.infer<typeof AiStopReasonSchema>;

/** Each stop reason in words, for the thread's line, the panels and the reports. `takenOver` is worded where it happens
 *  (the operator took over a play; a load run was stopped), so callers may say it their own way. */
export const AI_STOP_WORDS: Record<AiStopReason, string> = {
  goal: 'goal reached',
  gaveUp: 'gave up',
  until: 'the expected reply came',
  agentEnded: 'the agent ended the conversation',
  maxTurns: 'message limit reached',
  timeLimit: 'time limit reached',
  budget: 'token budget spent',
  modelError: 'the model failed',
  takenOver: 'you took over',
  conversationGone: 'the conversation was closed',
};

/** The words as a heading: "Goal reached". */
export function aiStopHeading(reason: AiStopReason, words: Record<AiStopReason, string> = AI_STOP_WORDS): string {
  const text = words[reason];
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const AiTokensSchema = z.object({ prompt: z.number().int().min(0), completion: z.number().int().min(0), total: z.number().int().min(0) });
export type AiTokens = z.infer<typeof AiTokensSchema>;

export { DEFAULT_AI_MAX_TURNS, DEFAULT_AI_TOKEN_BUDGET };

/** The model settings a user saves (the key is apart, in the vault). Empty base URL or model: not configured. */
export const AiSettingsSchema = z.object({
  /** The endpoint's base, e.g. https://api.openai.com/v1 or http://localhost:11434/v1; `/chat/completions` is added. */
  baseUrl: z.string().trim().max(500).default(''),
  model: z.string().trim().max(200).default(''),
  temperature: z.number().min(0).max(2).default(0.7),
  /** Tokens one run may spend in all (a console play, a scenario's AI steps, a load run's AI guests). */
  tokenBudget: z.number().int().min(100).max(100_000_000).default(DEFAULT_AI_TOKEN_BUDGET),
  /** How long one model request may take before the step fails. */
  requestTimeoutSec: z.number().int().min(5).max(600).default(60),
  /** Optional prices (any currency) per million prompt / completion tokens, for the cost estimate. */
  pricePerMillionPrompt: z.number().min(0).max(10_000).optional(),
  pricePerMillionCompletion: z.number().min(0).max(10_000).optional(),
});
export type AiSettings = z.infer<typeof AiSettingsSchema>;

/** Where each part of the model configuration came from: the console's settings or the environment (wins). */
const SourceSchema = z.enum(['settings', 'environment', 'none']);

export const AiStatusSchema = z.object({
  configured: z.boolean(),
  /** When not configured: what is missing and how to add it, in words a user can act on. */
  howToConfigure: z.string().optional(),
  settings: AiSettingsSchema,
  sources: z.object({ baseUrl: SourceSchema, model: SourceSchema, apiKey: SourceSchema }),
  apiKey: z.enum(['set', 'notSet']),
});
export type AiStatus = z.infer<typeof AiStatusSchema>;

/** What the AI guest is about to send: a message, or one of the options the agent offered. */
export const AiDraftSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('choice'), text: z.string(), option: z.number().int().min(1) }),
]);
export type AiDraft = z.infer<typeof AiDraftSchema>;

export const AiPlayStatusSchema = z.enum(['waiting', 'thinking', 'draft', 'paused', 'stopped']);

/** A conversation the AI plays: where it is, what it is about to send, how far its budget went, why it stopped. */
export const AiPlayViewSchema = z.object({
  conversationId: z.string(),
  status: AiPlayStatusSchema,
  goal: z.string(),
  personaName: z.string(),
  /** Messages the AI has sent, of at most maxTurns. */
  turn: z.number().int().min(0),
  maxTurns: z.number().int().min(1),
  /** Review mode: every draft waits for Send. */
  review: z.boolean(),
  draft: AiDraftSchema.optional(),
  tokens: AiTokensSchema,
  tokenBudget: z.number().int(),
  stop: z.object({ reason: AiStopReasonSchema, detail: z.string() }).optional(),
  startedAt: z.string(),
});
export type AiPlayView = z.infer<typeof AiPlayViewSchema>;

/** A change to the settings: only the fields given change (no defaults filled in, or a partial save would reset the rest). */
export const AiSettingsInputSchema = z
  .object({
    baseUrl: z.string().trim().max(500),
    model: z.string().trim().max(200),
    temperature: z.number().min(0).max(2),
    tokenBudget: z.number().int().min(100).max(100_000_000),
    requestTimeoutSec: z.number().int().min(5).max(600),
    pricePerMillionPrompt: z.number().min(0).max(10_000).nullable(),
    pricePerMillionCompletion: z.number().min(0).max(10_000).nullable(),
  })
  .partial()
  .strict();
export type AiSettingsInput = z.infer<typeof AiSettingsInputSchema>;

const conversationRef = z.object({ conversationId: z.string().min(1) }).strict();

export const aiRequests = {
  /** The model configuration as the console will use it (environment over settings) and whether a key is set. */
  'ai.status': { request: z.object({}).strict(), response: AiStatusSchema },
  'ai.saveSettings': { request: AiSettingsInputSchema, response: AiStatusSchema },
  /** Write-only; an empty value removes the key. */
  'ai.setApiKey': { request: z.object({ value: z.string().max(4096) }).strict(), response: AiStatusSchema },
  /** One short request to the model: whether it answers, and how. */
  'ai.test': {
    request: z.object({}).strict(),
    response: z.object({ ok: z.boolean(), detail: z.string(), model: z.string().optional(), latencyMs: z.number().optional(), tokens: AiTokensSchema.optional() }),
  },
  /** Let the AI play a live conversation's guest. */
  'ai.play.start': {
    request: z
      .object({
        conversationId: z.string().min(1),
        goal: z.string().trim().min(1, 'Say what the customer wants').max(2000),
        /** A saved persona's id; without it, the conversation's own persona (name only). */
        personaId: z.string().min(1).optional(),
        maxTurns: z.number().int().min(1).max(50).default(DEFAULT_AI_MAX_TURNS),
        timeLimitSec: z.number().int().min(10).max(3600).default(600),
        /** Ask before each message (Send / Skip) instead of sending on its own. */
        review: z.boolean().default(false),
      })
      .strict(),
    response: AiPlayViewSchema,
  },
  /**
   * pause: hold the next draft; resume: go on (a held draft is sent); takeOver: stop for good, the operator types;
   * send: send the draft now (review mode); discard: drop the draft and think again.
   */
  'ai.play.control': {
    request: z.object({ conversationId: z.string().min(1), action: z.enum(['pause', 'resume', 'takeOver', 'send', 'discard']) }).strict(),
    response: AiPlayViewSchema,
  },
  /** Every conversation the AI plays or played in this session (the newest play per conversation). */
  'ai.play.list': { request: z.object({}).strict(), response: z.array(AiPlayViewSchema) },
  'ai.play.get': { request: conversationRef, response: AiPlayViewSchema.nullable() },
} as const;

export const aiEvents = {
  /** A play changed: its whole view, replacing the last. */
  'ai.play': AiPlayViewSchema,
} as const;
