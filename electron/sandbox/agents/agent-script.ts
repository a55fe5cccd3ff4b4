// The YAML format of a scripted sandbox agent, as zod schemas. A script has a persona, optional
// `onJoin` actions (the opening, when the guest's Presence Join starts the conversation), `rules` (first
// matching trigger wins), `fallback` actions (when no rule matches) and the `humans` its transfers hand
// over to, played by the sandbox. The format is documented in electron/sandbox/README.md.
import { z } from 'zod';
import { LatencyProfileSchema } from './reply-pace';

const OneOrMany = z.union([z.string(), z.array(z.string()).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

const ValidRegex = z.string().refine(
  (source) => {
    try {
      new RegExp(source, 'i');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

export const TriggerSchema = z
  .strictObject({
    /** Whole text equals one of these (case-insensitive, trimmed). */
    text: OneOrMany.optional(),
    /** Text contains one of these (case-insensitive). */
    contains: OneOrMany.optional(),
    /** Text matches this regular expression (case-insensitive); groups are `{{match.1}}`… */
    regex: ValidRegex.optional(),
    /** A ButtonResponse (quick reply or card button) carries one of these payloads. */
    payload: OneOrMany.optional(),
    /** The message carries an attachment. */
    attachment: z.boolean().optional(),
    /** Matches every message. */
    any: z.literal(true).optional(),
  })
  .refine((t) => Object.values(t).some((v) => v !== undefined), { message: 'a trigger needs at least one condition' });

const CardButton = z.strictObject({ text: z.string(), payload: z.string().optional(), url: z.string().optional() }).refine(
  (b) => (b.payload === undefined) !== (b.url === undefined),
  { message: 'a card button has either a payload (postback) or a url (link)' },
);
const CardDefinition = z.strictObject({
  title: z.string(),
  description: z.string().optional(),
  image: z.string().optional(),
  actions: z.array(CardButton).default([]),
});

const QuickReplyList = z
  .array(z.union([z.string(), z.strictObject({ text: z.string(), payload: z.string() })]))
  .min(1)
  .transform((list) => list.map((r) => (typeof r === 'string' ? { text: r, payload: r } : r)));

/** The body of each action kind, keyed by the action's single YAML key. */
export const ACTION_BODIES = {
  say: z.union([z.string(), z.strictObject({ text: z.string(), backdateMs: z.number().int().nonnegative().optional() })]).transform(
    (v) => (typeof v === 'string' ? { text: v, backdateMs: 0 } : { text: v.text, backdateMs: v.backdateMs ?? 0 }),
  ),
  quickReplies: z.strictObject({ text: z.string(), replies: QuickReplyList }),
  card: CardDefinition.extend({ text: z.string().optional() }),
  carousel: z.strictObject({ text: z.string().optional(), cards: z.array(CardDefinition).min(1) }),
  attachment: z
    .strictObject({
      filename: z.string().min(1),
      mime: z.string().min(1),
      text: z.string().optional(),
      /** Inline file content (UTF-8). */
      body: z.string().optional(),
      /** A file next to the script, read when the script is loaded. */
      file: z.string().optional(),
    })
    .refine((a) => (a.body === undefined) !== (a.file === undefined), { message: 'an attachment has either `body` or `file`' }),
  /** A question answered by quick reply, as an Architect bot flow asks it: the next customer message must be one of
   *  the replies (its payload, or its text typed); otherwise `retry` is said and the question asked again, up to
   *  `retries` times. A valid answer goes on to the rules with the reply's payload; once the retries are used up, the
   *  rules run as if the customer had chosen the payload `giveUp` (a rule hands over to a human queue, say). */
  ask: z.strictObject({
    text: z.string(),
    replies: QuickReplyList,
    retries: z.number().int().nonnegative().max(10).default(2),
    retry: z.string().default("Sorry, I didn't get that. Please choose one of the options."),
    giveUp: z.string().min(1),
  }),
  typing: z.number().int().positive(),
  wait: z.number().int().nonnegative(),
  transfer: z.strictObject({ to: z.string().min(1), say: z.string().optional() }),
  /** Architect's Set Participant Data: attributes on the customer participant, as the Platform API reads them
   *  (values may use `{{…}}`; numbers and booleans are written as text, as participant data is). */
  setParticipantData: z
    .record(z.string().min(1), z.union([z.string(), z.number(), z.boolean()]))
    .refine((data) => Object.keys(data).length > 0, { message: 'set at least one attribute' })
    .transform((data) => Object.fromEntries(Object.entries(data).map(([key, value]) => [key, String(value)]))),
  /** Architect's Transfer to ACD: an acd participant for the queue joins; the agent who takes the conversation next
   *  (a `transfer`, or a person at the agent desk) comes from that queue. */
  route: z.strictObject({ queue: z.string().trim().min(1), say: z.string().optional() }),
  disconnect: z.union([z.literal(true), z.strictObject({ say: z.string().optional() })]).transform((v) => (v === true ? {} : v)),
} as const;

export type ActionKind = keyof typeof ACTION_BODIES;
export type AgentAction = { [K in ActionKind]: { kind: K; body: z.output<(typeof ACTION_BODIES)[K]> } }[ActionKind];
const ACTION_KINDS = Object.keys(ACTION_BODIES) as ActionKind[];

export const ActionSchema = z.record(z.string(), z.unknown()).transform((value, ctx): AgentAction => {
  const keys = Object.keys(value);
  const kind = keys[0] as ActionKind | undefined;
  if (keys.length !== 1 || kind === undefined || !ACTION_KINDS.includes(kind)) {
    ctx.addIssue({
      code: 'custom',
      message: `an action has exactly one key, one of ${ACTION_KINDS.join(', ')}; found ${keys.length ? keys.join(', ') : 'none'}`,
    });
    return z.NEVER;
  }
  const parsed = ACTION_BODIES[kind].safeParse(value[kind]);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [kind, ...issue.path] });
    return z.NEVER;
  }
  return { kind, body: parsed.data } as AgentAction;
});

const RuleSchema = z.strictObject({ when: TriggerSchema, do: z.array(ActionSchema).min(1) });

/** A human agent a transfer hands over to, as the sandbox plays them; other humans are people at the Agent desk. */
const HumanAgentSchema = z.strictObject({
  name: z.string().min(1),
  image: z.string().optional(),
  /** How fast this human answers (default: the script's `latency`). */
  latency: LatencyProfileSchema.optional(),
  rules: z.array(RuleSchema).default([]),
  fallback: z.array(ActionSchema).default([]),
});

export const AgentScriptSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes').optional(),
  description: z.string().optional(),
  persona: z
    .strictObject({ name: z.string().min(1), originatingEntity: z.enum(['Bot', 'Human']).default('Bot'), image: z.string().optional() })
    .default({ name: 'Sandbox Agent', originatingEntity: 'Bot' }),
  /** How fast the agent answers: instant (default), bot or human (reply-pace.ts); the sandbox's `replyLatency` overrides it. */
  latency: LatencyProfileSchema.default('instant'),
  onJoin: z.array(ActionSchema).default([]),
  rules: z.array(RuleSchema).default([]),
  fallback: z.array(ActionSchema).default([]),
  humans: z
    .array(HumanAgentSchema)
    .default([])
    .refine((humans) => new Set(humans.map((h) => h.name)).size === humans.length, { message: 'each human has a different name' }),
});

export type AgentScriptDefinition = z.output<typeof AgentScriptSchema>;
export type Trigger = z.output<typeof TriggerSchema>;
export type HumanAgent = z.output<typeof HumanAgentSchema>;

/** A loaded script: its definition, name, and the bytes of every `attachment.file` it refers to. */
export interface AgentScript extends AgentScriptDefinition {
  name: string;
  source: string;
  files: ReadonlyMap<string, Buffer>;
}
