// The YAML format of a scenario as zod schemas: the document a tester writes (docs/scenarios.md) and
// the source of docs/scenario.schema.json (`npm run scenarios:schema`), so editors can complete it.
// These schemas check shapes only; scenario-parser.ts adds line numbers and turns a valid document into
// the runner's Scenario (scenario.ts).
import { z } from 'zod';

export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m)$/;

/** `500ms`, `2s`, `1.5s`, `1m`, or a number of milliseconds. */
export const DurationSchema = z.union([z.number().int().nonnegative(), z.string().regex(DURATION_PATTERN, 'a duration like 500ms, 2s or 1m (or a number of milliseconds)')], {
  error: 'a duration like 500ms, 2s or 1m (or a number of milliseconds)',
});

const Label = z.string().min(1);
const Labels = z.union([Label, z.array(Label).min(1)], { error: 'a label, or a list of labels' });
const Attributes = z.record(z.string().min(1).max(256), z.string().max(2048));
const Channel = z.enum(['webmessaging', 'openmessaging']);

/** Conditions on one agent reply; every condition given must hold on the same reply. */
const replyConditions = {
  equals: z.string().optional().describe('The reply\'s whole text (trimmed) equals this.'),
  contains: z.string().min(1).optional().describe('The reply\'s text contains this (case-sensitive).'),
  matches: z
    .string()
    .min(1)
    .optional()
    .describe('The reply\'s text matches this regular expression (RE2 syntax: no lookaround or backreferences); `/…/i` adds flags i, m, s; named groups become variables.'),
  from: z.string().min(1).optional().describe('The sender\'s name (the agent\'s nickname).'),
  quickReplies: Labels.optional().describe('Quick replies offered, by label (at least these).'),
  buttons: Labels.optional().describe('Card or carousel buttons offered, by label (at least these).'),
  card: Label.optional().describe('A card with this title.'),
  carousel: Labels.optional().describe('A carousel whose cards include these titles.'),
  /** An attachment, by file name, or by `name` and/or `type` (mime type or media type: Image, File…). */
  attachment: z
    .union([Label, z.strictObject({ name: Label.optional(), type: Label.optional() })], {
      error: 'a file name, or { name, type }',
    })
    .optional(),
};
export const REPLY_CONDITIONS = Object.keys(replyConditions) as (keyof typeof replyConditions)[];

export const ReplyExpectationSchema = z.strictObject(replyConditions);

/** An AI step's customer: a saved persona's name, or one written out here. */
const AiPersonaSchema = z.union(
  [
    z.string().min(1).max(80),
    z.strictObject({
      name: z.string().min(1).max(80),
      tone: z.string().min(1).max(500).optional().describe('How the customer writes, e.g. "impatient, short sentences".'),
      language: z.string().min(1).max(35).optional().describe('A BCP 47 tag (en, de-DE…); the AI writes in this language.'),
      facts: z.string().min(1).max(4000).optional().describe('What the customer knows and may give when asked: order numbers, addresses…'),
    }),
  ],
  { error: 'a saved persona\'s name, or { name, tone, language, facts }' },
);

/** The AI customer's part of a conversation: a language model plays the guest until its goal or `until`. */
export const AiStepSchema = z.strictObject({
  goal: z.string().min(1).max(2000).describe('What the customer wants, in plain words; the AI plays until it says this is reached.'),
  persona: AiPersonaSchema.optional().describe('Who the AI plays: a saved persona\'s name, or { name, tone, language, facts }. Default: the scenario\'s persona.'),
  maxTurns: z.number().int().min(1).max(50).optional().describe('The most messages the AI may send (default 8).'),
  timeLimit: DurationSchema.optional().describe('How long the AI may play (default 5m).'),
  budget: z.number().int().min(100).max(100_000_000).optional().describe('Tokens this step may spend (default and cap: what is left of the run\'s budget, the AI settings\' token budget).'),
  until: ReplyExpectationSchema.optional().describe('Stop as soon as an agent reply meets these conditions (the step passes).'),
  judge: z.string().min(1).max(2000).optional().describe('Afterwards, ask the model whether the conversation met this criterion; the step fails with its reasoning when not.'),
});
export const AI_STEP_KEYS = Object.keys(AiStepSchema.shape);

/** A participant-data value: the text itself, or `{ contains }` / `{ matches }` as a reply's text. */
const ParticipantValue = z.union(
  [
    z.string(),
    z.strictObject({ contains: z.string().min(1) }),
    z.strictObject({ matches: z.string().min(1).describe('A regular expression (RE2 syntax); `/…/i` adds flags.') }),
  ],
  { error: 'a value, { contains: … } or { matches: … }' },
);

export const ParticipantExpectationSchema = z.strictObject({
  purpose: z.string().min(1).optional().describe('Whose `attributes` to check: customer (default), agent, acd, workflow…'),
  attributes: z.record(z.string().min(1).max(256), ParticipantValue).optional().describe('Participant data that participant holds (at least these keys).'),
  queue: ParticipantValue.optional().describe('The conversation was routed to this ACD queue (by name, or id when the name cannot be read).'),
  wrapup: ParticipantValue.optional().describe('An agent wrapped the conversation up with this code.'),
});

const otherExpectations = {
  anyOf: z.array(ReplyExpectationSchema).min(2).optional().describe('Any one of several replies.'),
  unordered: z.array(ReplyExpectationSchema).min(2).optional().describe('Several replies, arriving in any order.'),
  agentJoined: z.union([z.literal(true), Label], { error: 'true, or the agent\'s name' }).optional().describe('An agent joined (optionally by name).'),
  agentLeft: z.union([z.literal(true), Label], { error: 'true, or the agent\'s name' }).optional().describe('An agent left (optionally by name).'),
  ended: z.literal(true).optional().describe('The conversation ended (read-only counts as ended).'),
  readOnly: z.literal(true).optional().describe('The agent ended the conversation and it is read-only.'),
  noReply: DurationSchema.optional().describe('No agent reply for this long.'),
  participant: ParticipantExpectationSchema.optional().describe(
    'What the platform holds behind the conversation (the Platform API read; needs the profile\'s OAuth client), retried until the timeout.',
  ),
};
export const OTHER_EXPECTATIONS = Object.keys(otherExpectations) as (keyof typeof otherExpectations)[];

export const ExpectationSchema = z.strictObject({
  ...replyConditions,
  ...otherExpectations,
  timeout: DurationSchema.optional().describe('How long to wait for this expectation (default: the scenario\'s `timeout`).'),
});

/** Each step is an object with exactly one of these keys. */
export const STEP_BODIES = {
  say: z.union([z.string().min(1), z.strictObject({ text: z.string().min(1), attributes: Attributes.optional() })], {
    error: 'the text to send, or { text, attributes }',
  }),
  choose: Label,
  attachment: z.strictObject({
    file: z.string().min(1).optional().describe('A file inside the scenario\'s folder, as a relative path (no absolute path, no `..` out of it).'),
    name: z.string().min(1).optional().describe('With `content`: the file\'s name and its text.'),
    content: z.string().optional(),
    mime: z.string().min(1).optional().describe('Default: from the file\'s extension.'),
    text: z.string().optional().describe('A caption sent with the file.'),
  }),
  typing: z.enum(['on', 'off'], { error: 'on or off' }),
  attributes: Attributes,
  wait: DurationSchema,
  reconnect: z.union([z.literal(true), z.strictObject({ offline: DurationSchema })], { error: 'true, or { offline: <duration> }' }),
  startNew: z.literal(true),
  close: z.literal(true),
  expect: ExpectationSchema,
  ai: AiStepSchema,
  judge: z.string().min(1).max(2000),
} as const;
export type StepKind = keyof typeof STEP_BODIES;
export const STEP_KINDS = Object.keys(STEP_BODIES) as StepKind[];

const STEP_HELP: Record<StepKind, string> = {
  say: 'Send a text message (with custom attributes: { text, attributes }).',
  choose: 'Answer the newest quick reply or card button with this label.',
  attachment: 'Send a file: { file } next to the scenario, or { name, content }.',
  typing: 'Start (on) or stop (off) showing the guest as typing.',
  attributes: 'Custom attributes sent with every later message.',
  wait: 'Pause for a while.',
  reconnect: 'Drop the connection and connect again (optionally after { offline: <duration> }).',
  startNew: 'Start a new conversation after the agent ended this one.',
  close: 'End the guest session.',
  expect: 'Wait for something the agent does, within its own timeout.',
  ai: 'Let an AI model play the customer for a while: { goal, persona, maxTurns, timeLimit, budget, until, judge } (needs a model: docs/scenarios.md).',
  judge: 'Ask the AI model whether the conversation so far met this criterion; fails with its reasoning when not.',
};

const StepSchema = z.union(
  STEP_KINDS.map((kind) => z.strictObject({ [kind]: STEP_BODIES[kind].describe(STEP_HELP[kind]) })) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]],
);

export const ScenarioDocumentSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  profile: z.string().min(1).optional().describe('A profile\'s name or id, or `sandbox`. The CLI\'s --profile and the console\'s choice win over it.'),
  channel: z.union([Channel, z.array(Channel).min(1)], { error: 'webmessaging, openmessaging, or a list of them' }).optional().describe('One channel or several (one run each). Default: webmessaging.'),
  persona: z
    .strictObject({
      name: z.string().min(1).max(80),
      firstName: z.string().max(80).optional(),
      lastName: z.string().max(80).optional(),
      email: z.string().max(200).optional(),
      customAttributes: Attributes.optional(),
    })
    .optional(),
  timeout: DurationSchema.optional().describe('The default time each expectation waits (default 10s).'),
  steps: z.array(StepSchema).min(1),
});
export type ScenarioDocument = z.input<typeof ScenarioDocumentSchema>;

/** The JSON Schema editors use to complete and check scenario files. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ScenarioDocumentSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://guest-console.local/scenario.schema.json',
    title: 'Guest Console scenario',
    description: 'A scripted guest conversation with expectations; see docs/scenarios.md.',
  };
}
