// One line of a conversation's transcript journal. Each line is a complete event; the thread is the fold
// of all lines through one reducer (conversations/conversation-reducer.ts): item lines are upserts by item
// id, `sent` and `failed` lines are the platform's word on a guest message.
import { z } from 'zod';
import { ContentItemSchema } from '../../protocol/normalized/content';
import { ChannelSchema, ConversationStateSchema, PersonaSchema, ThreadItemSchema } from '../../../shared/contract';
import { GuestIntentSchema, type GuestIntent } from '../channels/guest-connection';

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

const AttributesSchema = z.record(z.string(), z.string());

/** Journals written before the port spoke intents kept the Web Messaging message itself; read as an intent. */
const WireOutgoingSchema = z
  .object({ type: z.enum(['Text', 'Structured']), text: z.string(), content: z.array(ContentItemSchema), customAttributes: AttributesSchema })
  .transform(({ text, content, customAttributes }): GuestIntent => {
    const answer = content.find((item) => item.buttonResponse)?.buttonResponse;
    if (answer) {
      const kind = answer.type === 'Button' ? 'Button' : 'QuickReply';
      return { type: 'choice', text: answer.text, payload: answer.payload, kind, ...(answer.originatingMessageId ? { offeredIn: answer.originatingMessageId } : {}), customAttributes };
    }
    const attachments = content.flatMap((item) => (item.attachment ? [item.attachment] : []));
    return attachments.length > 0 ? { type: 'attachment', text, attachments, customAttributes } : { type: 'text', text, customAttributes };
  });

/** What is needed to send a guest message again after a failure or a restart: the channel port's intent. */
export const OutgoingSchema = z.union([GuestIntentSchema, WireOutgoingSchema]);

export const JournalEntrySchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('conversation'), v: z.literal(JOURNAL_FORMAT), at: z.string(), conversation: ConversationRecordSchema }),
  z.object({ t: z.literal('item'), at: z.string(), item: ThreadItemSchema, outgoing: OutgoingSchema.optional() }),
  /** Genesys has the guest message `itemId`: its platform id, and where its files can be seen (in the message's
   *  order; lines written before a message could hold several files have one `attachmentUrl`). */
  z.object({
    t: z.literal('sent'),
    at: z.string(),
    itemId: z.string(),
    serverId: z.string(),
    attachmentUrl: z.string().optional(),
    attachmentUrls: z.array(z.string()).optional(),
  }),
  /** The guest message `itemId` did not go out, and why. */
  z.object({ t: z.literal('failed'), at: z.string(), itemId: z.string(), reason: z.string() }),
  z.object({ t: z.literal('state'), at: z.string(), state: ConversationStateSchema, detail: z.string().optional() }),
  z.object({ t: z.literal('platform'), at: z.string(), platformConversationId: z.string() }),
  z.object({ t: z.literal('read'), at: z.string(), upTo: z.string() }),
  /** The server no longer has the conversation (session expired, org or sandbox reset): `line` says so in the
   *  thread, `detail` under the state; the conversation is read-only until the user starts anew. */
  z.object({ t: z.literal('endedOnServer'), at: z.string(), line: ThreadItemSchema, detail: z.string() }),
  /** The user chose "Start new" on a read-only conversation; with a new guest token when the server had
   *  forgotten the old one (a new identity, unknown to the server until it connects). */
  z.object({ t: z.literal('startNew'), at: z.string(), guestToken: z.string().optional() }),
]);
export type JournalEntry = z.infer<typeof JournalEntrySchema>;
export type Outgoing = z.infer<typeof OutgoingSchema>;
