// What the hub keeps of each conversation in the sandbox's state, as schemas the records are checked
// against when read back: the conversation (channel, customer, state, participants, custom attributes and,
// while it is active, who holds it and where their scripted replies are) and each of its messages, with the
// participant who sent it. Agent actions are checked with the scripts' own action schema.
import { z } from 'zod';
import { ContentItemSchema, MessageEventSchema } from '../protocol/normalized/content';
import { ControlParticipantSchema } from '../protocol/sandbox-control/control-api';
import { ActionSchema, type AgentAction } from './agents/agent-script';

const AgentActionSchema = z.custom<AgentAction>((value) => {
  if (typeof value !== 'object' || value === null) return false;
  const { kind, body } = value as { kind?: unknown; body?: unknown };
  return typeof kind === 'string' && ActionSchema.safeParse({ [kind]: body }).success;
}, 'not an agent action');

/** The question an agent waits an answer to (an `ask` action's body). */
const AskQuestionSchema = z.custom<Extract<AgentAction, { kind: 'ask' }>['body']>(
  (value) => ActionSchema.safeParse({ ask: value }).success,
  'not an ask question',
);

const ReplyProgressSchema = z.strictObject({
  actions: z.array(AgentActionSchema),
  scope: z.strictObject({
    text: z.string(),
    payload: z.string(),
    match: z.array(z.string()),
    attr: z.record(z.string(), z.string()),
    inputTime: z.number(),
  }),
  paced: z.boolean(),
  next: z.number().int().nonnegative(),
  dueAt: z.number().nullable(),
});

export const RosterProgressSchema = z.strictObject({
  opened: z.boolean(),
  holder: z.strictObject({
    participantId: z.string(),
    isBot: z.boolean(),
    played: z.string().optional(),
    agent: z
      .strictObject({
        stopped: z.boolean(),
        asking: z.strictObject({ question: AskQuestionSchema, failed: z.number().int().nonnegative() }).optional(),
        replies: z.array(ReplyProgressSchema),
      })
      .optional(),
  }),
});

/** A participant as the control API shows it, with its participant data, queue and wrap-up (absent from records
 *  written before participant data was kept); the ids of its messages are rebuilt from the messages. */
const ParticipantRecordSchema = ControlParticipantSchema.omit({ messageIds: true }).extend({
  attributes: z.record(z.string(), z.string()).optional(),
  queue: z.strictObject({ id: z.string(), name: z.string() }).optional(),
  wrapup: z.strictObject({ code: z.string(), notes: z.string().optional() }).optional(),
});

export const ConversationRecordSchema = z.strictObject({
  id: z.string(),
  channel: z.enum(['webmessaging', 'openmessaging']),
  endpointId: z.string(),
  customerId: z.string(),
  /** The agent script it was routed to (looked up again by name when restored). */
  script: z.string(),
  state: z.enum(['active', 'ended']),
  participants: z.array(ParticipantRecordSchema),
  customAttributes: z.record(z.string(), z.string()),
  /** While active: who holds it, and where their replies are. */
  roster: RosterProgressSchema.optional(),
});
export type ConversationRecord = z.output<typeof ConversationRecordSchema>;

export const MessageRecordSchema = z.strictObject({
  conversationId: z.string(),
  /** The participant who sent it. */
  by: z.string(),
  message: z.strictObject({
    id: z.string(),
    direction: z.enum(['Inbound', 'Outbound']),
    time: z.string(),
    type: z.enum(['Text', 'Structured', 'Event', 'Receipt']),
    text: z.string().optional(),
    content: z.array(ContentItemSchema),
    events: z.array(MessageEventSchema),
    originatingEntity: z.enum(['Human', 'Bot']).optional(),
    from: z.strictObject({ nickname: z.string(), image: z.string().optional() }).optional(),
    metadata: z.record(z.string(), z.string()).optional(),
    status: z.string().optional(),
  }),
});
export type MessageRecord = z.output<typeof MessageRecordSchema>;

export const CONVERSATION_RECORD_KINDS = { conversation: ConversationRecordSchema, message: MessageRecordSchema };
