// Reading a message conversation back (the poller's way): `MessageConversation` from
// `GET /api/v2/conversations/messages/{conversationId}` (participants with message ids, no text), and
// `MessageData` / `TextMessageListing` from the single and bulk message reads (with `normalizedMessage`).
import { z } from 'zod';
import { ContentItemSchema, MessageEventSchema } from '../normalized/content';
import { ConversationReasonSchema, OpenChannelMetadataSchema, OpenRecipientSchema } from './normalized-message';

/** `MessageDetails`: one message's id and delivery state on a participant. */
export const MessageDetailsSchema = z
  .object({
    messageId: z.string(),
    messageStatus: z.string().optional(), // received | sent | delivery-success | delivery-failed | read | ...
    messageTime: z.string().optional(),
    messageURI: z.string().optional(),
  })
  .loose();

/** `MessageMediaParticipant`. */
export const MessageParticipantSchema = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    purpose: z.string().optional(), // customer | agent | acd | workflow | ...
    state: z.string().optional(), // alerting | connected | disconnected | ...
    direction: z.string().optional(),
    startTime: z.string().optional(),
    connectedTime: z.string().optional(),
    endTime: z.string().optional(),
    /** Participant data: the guest's custom attributes on the customer, and what the flow set. */
    attributes: z.record(z.string(), z.string()).optional(),
    /** The ACD queue (`DomainEntityRef`) on an acd or agent participant. */
    queue: z.object({ id: z.string(), name: z.string().optional(), selfUri: z.string().optional() }).loose().optional(),
    /** The wrap-up the agent chose (`Wrapup`). */
    wrapup: z.object({ code: z.string().optional(), name: z.string().optional(), notes: z.string().optional() }).loose().optional(),
    messages: z.array(MessageDetailsSchema).optional(),
  })
  .loose();

export const MessageConversationSchema = z
  .object({
    id: z.string(),
    participants: z.array(MessageParticipantSchema),
    selfUri: z.string().optional(),
  })
  .loose();

/** `ConversationNormalizedMessage`: the message as the platform stored it. */
export const ConversationNormalizedMessageSchema = z
  .object({
    id: z.string().optional(),
    channel: z
      .object({
        id: z.string().optional(),
        platform: z.string().optional(),
        type: z.string().optional(),
        messageId: z.string().optional(),
        to: OpenRecipientSchema.optional(),
        from: OpenRecipientSchema.optional(),
        time: z.string().optional(),
        metadata: OpenChannelMetadataSchema.optional(),
      })
      .loose()
      .optional(),
    type: z.string(),
    text: z.string().optional(),
    content: z.array(ContentItemSchema).optional(),
    events: z.array(MessageEventSchema).optional(),
    status: z.string().optional(),
    reasons: z.array(ConversationReasonSchema).optional(),
    originatingEntity: z.string().optional(),
    isFinalReceipt: z.boolean().optional(),
    direction: z.string().optional(), // Inbound | Outbound
    metadata: z.record(z.string(), z.string()).optional(),
  })
  .loose();

/** `MessageData`. */
export const MessageDataSchema = z
  .object({
    id: z.string(),
    timestamp: z.string(),
    status: z.string(),
    direction: z.string().optional(), // inbound | outbound
    messengerType: z.string().optional(), // open
    fromAddress: z.string().optional(),
    toAddress: z.string().optional(),
    normalizedMessage: ConversationNormalizedMessageSchema.optional(),
    conversationId: z.string().optional(),
    selfUri: z.string().optional(),
  })
  .loose();

export const TextMessageListingSchema = z.object({ entities: z.array(MessageDataSchema) }).loose();

/** Body of the bulk read: message ids, at most 1,000 per request. */
export const MAX_BULK_MESSAGE_IDS = 1000;
export const BulkMessageIdsSchema = z.array(z.string()).max(MAX_BULK_MESSAGE_IDS);

export type MessageDetails = z.infer<typeof MessageDetailsSchema>;
export type MessageParticipant = z.infer<typeof MessageParticipantSchema>;
export type MessageConversation = z.infer<typeof MessageConversationSchema>;
export type ConversationNormalizedMessage = z.infer<typeof ConversationNormalizedMessageSchema>;
export type MessageData = z.infer<typeof MessageDataSchema>;
export type TextMessageListing = z.infer<typeof TextMessageListingSchema>;
