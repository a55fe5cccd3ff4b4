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
  /** The reply's whole text (trimmed) equals this. */
  equals: z.string().optional(),
  /** The reply's text contains this (case-sensitive). */
  contains: z.string().min(1).optional(),
  /** The reply's text matches this regular expression; `/…/i` adds flags; named groups become variables. */
  matches: z.string().min(1).optional(),
  /** The sender's name (the agent's nickname). */
  from: z.string().min(1).optional(),
  /** Quick replies offered, by label (at least these). */
  quickReplies: Labels.optional(),
  /** Card or carousel buttons offered, by label (at least these). */
  buttons: Labels.optional(),
  /** A card with this title. */
  card: Label.optional(),
  /** A carousel whose cards include these titles. */
  carousel: Labels.optional(),
  /** An attachment, by file name, or by `name` and/or `type` (mime type or media type: Image, File…). */
  attachment: z
    .union([Label, z.strictObject({ name: Label.optional(), type: Label.optional() })], {
      error: 'a file name, or { name, type }',
    })
    .optional(),
};
export const REPLY_CONDITIONS = Object.keys(replyConditions) as (keyof typeof replyConditions)[];

export const ReplyExpectationSchema = z.strictObject(replyConditions);

const otherExpectations = {
  /** Any one of several replies. */
  anyOf: z.array(ReplyExpectationSchema).min(2).optional(),
  /** Several replies, arriving in any order. */
  unordered: z.array(ReplyExpectationSchema).min(2).optional(),
  /** An agent joined (optionally by name). */
  agentJoined: z.union([z.literal(true), Label], { error: 'true, or the agent\'s name' }).optional(),
  /** An agent left (optionally by name). */
  agentLeft: z.union([z.literal(true), Label], { error: 'true, or the agent\'s name' }).optional(),
  /** The conversation ended (read-only counts as ended). */
  ended: z.literal(true).optional(),
  /** The agent ended the conversation and it is read-only. */
  readOnly: z.literal(true).optional(),
  /** No agent reply for this long. */
  noReply: DurationSchema.optional(),
};
export const OTHER_EXPECTATIONS = Object.keys(otherExpectations) as (keyof typeof otherExpectations)[];

export const ExpectationSchema = z.strictObject({
  ...replyConditions,
  ...otherExpectations,
  /** How long to wait for this expectation (default: the scenario's `timeout`). */
  timeout: DurationSchema.optional(),
});

/** Each step is an object with exactly one of these keys. */
export const STEP_BODIES = {
  say: z.union([z.string().min(1), z.strictObject({ text: z.string().min(1), attributes: Attributes.optional() })], {
    error: 'the text to send, or { text, attributes }',
  }),
  choose: Label,
  attachment: z.strictObject({
    /** A file, relative to the scenario file. */
    file: z.string().min(1).optional(),
    /** With `content`: the file's name and its text. */
    name: z.string().min(1).optional(),
    content: z.string().optional(),
    /** Default: from the file's extension. */
    mime: z.string().min(1).optional(),
    /** A caption sent with the file. */
    text: z.string().optional(),
  }),
  typing: z.enum(['on', 'off'], { error: 'on or off' }),
  attributes: Attributes,
  wait: DurationSchema,
  reconnect: z.union([z.literal(true), z.strictObject({ offline: DurationSchema })], { error: 'true, or { offline: <duration> }' }),
  startNew: z.literal(true),
  close: z.literal(true),
  expect: ExpectationSchema,
} as const;
export type StepKind = keyof typeof STEP_BODIES;
export const STEP_KINDS = Object.keys(STEP_BODIES) as StepKind[];

const StepSchema = z.union(
  STEP_KINDS.map((kind) => z.strictObject({ [kind]: STEP_BODIES[kind] })) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]],
);

export const ScenarioDocumentSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** A profile's name or id, or `sandbox`. The CLI's --profile and the console's choice win over it. */
  profile: z.string().min(1).optional(),
  /** One channel or several (one run each). Default: webmessaging. */
  channel: z.union([Channel, z.array(Channel).min(1)], { error: 'webmessaging, openmessaging, or a list of them' }).optional(),
  persona: z
    .strictObject({
      name: z.string().min(1).max(80),
      firstName: z.string().max(80).optional(),
      lastName: z.string().max(80).optional(),
      email: z.string().max(200).optional(),
      customAttributes: Attributes.optional(),
    })
    .optional(),
  /** The default time each expectation waits (default 10s). */
  timeout: DurationSchema.optional(),
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
