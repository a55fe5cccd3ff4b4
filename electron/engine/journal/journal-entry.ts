// One line of a conversation's transcript journal. Each line is a complete event; the thread is the fold
// of all lines (item lines are upserts by item id, so the last word on an item wins).
import { z } from 'zod';
import { ContentItemSchema } from '../../protocol/normalized/content';
import { ChannelSchema, ConversationStateSchema, PersonaSchema, ThreadItemSchema } from '../../../shared/contract';

export const JOURNAL_FORMAT = 1;

/** What a conversation needs to be resumed after a restart. The guest token is a session credential:
 *  it stays in the journal on this machine and never goes into exports or the page. */
export const ConversationRecordSchema = z.object({
  id: z.string(),
  profileId: z.string(),
  profileName: z.string(),
  channel: ChannelSchema,
  persona: PersonaSchema,
  createdAt: z.string(),
  guestToken: z.string(),
  /** Signed in through the deployment's authentication: cannot be resumed without a new sign-in. */
  authenticated: z.boolean().optional(),
});
export type ConversationRecord = z.infer<typeof ConversationRecordSchema>;

/** What is needed to send a guest message again after a failure or a restart (the wire content). */
export const OutgoingSchema = z.object({
  type: z.enum(['Text', 'Structured']),
  text: z.string(),
  content: z.array(ContentItemSchema),
  customAttributes: z.record(z.string(), z.string()),
});

export const JournalEntrySchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('conversation'), v: z.literal(JOURNAL_FORMAT), at: z.string(), conversation: ConversationRecordSchema }),
  z.object({ t: z.literal('item'), at: z.string(), item: ThreadItemSchema, outgoing: OutgoingSchema.optional() }),
  z.object({ t: z.literal('state'), at: z.string(), state: ConversationStateSchema, detail: z.string().optional() }),
  z.object({ t: z.literal('platform'), at: z.string(), platformConversationId: z.string() }),
  z.object({ t: z.literal('read'), at: z.string(), upTo: z.string() }),
]);
export type JournalEntry = z.infer<typeof JournalEntrySchema>;
export type Outgoing = z.infer<typeof OutgoingSchema>;
