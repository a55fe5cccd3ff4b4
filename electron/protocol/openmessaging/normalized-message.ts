// Open Messaging's normalized message (`OpenNormalizedMessage` in purecloud-platform-client-v2): the
// body of every outbound webhook delivery, the body of the older inbound form, and the shape of the
// replies to the inbound calls. Lenient: unknown fields are kept, unknown content types tolerated.
import { z } from 'zod';
import { ContentItemSchema, MessageEventSchema } from '../normalized/content';

/** An ISO-8601 date-time string, as every `time` field carries. */
export const IsoDateTimeSchema = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be an ISO-8601 date-time' });

/** `OpenMessagingFromRecipient` / `OpenMessagingToRecipient`. */
export const OpenRecipientSchema = z
  .object({
    id: z.string().min(1),
    idType: z.string().optional(), // "Opaque" | "Email" | "Phone"
    nickname: z.string().optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    image: z.string().optional(),
    email: z.string().optional(),
  })
  .loose();

/**
 * `ConversationChannelMetadata`. The SDK only declares `subType`; custom attributes are read from
 * `customAttributes` here (uncertain placement, see the spec §5).
 */
export const OpenChannelMetadataSchema = z
  .object({
    subType: z.string().optional(),
    customAttributes: z.record(z.string(), z.string()).optional(),
  })
  .loose();

/** `OpenMessagingChannel`: `id` is the integration id; `to`/`from` are the two ends. */
export const OpenMessagingChannelSchema = z
  .object({
    id: z.string().optional(),
    platform: z.string().optional(), // "Open"
    type: z.string().optional(), // "Private"
    messageId: z.string().optional(),
    to: OpenRecipientSchema,
    from: OpenRecipientSchema,
    time: IsoDateTimeSchema,
    metadata: OpenChannelMetadataSchema.optional(),
  })
  .loose();

export const ConversationReasonSchema = z
  .object({ code: z.string().optional(), message: z.string() })
  .loose();

export const OpenNormalizedMessageSchema = z
  .object({
    id: z.string().optional(),
    channel: OpenMessagingChannelSchema,
    type: z.string(), // Text | Structured | Receipt | Event
    text: z.string().optional(),
    content: z.array(ContentItemSchema).optional(),
    events: z.array(MessageEventSchema).optional(),
    status: z.string().optional(), // on receipts: Sent | Delivered | Read | Failed
    reasons: z.array(ConversationReasonSchema).optional(),
    isFinalReceipt: z.boolean().optional(),
    direction: z.string().optional(), // Inbound | Outbound
    originatingEntity: z.string().optional(), // Human | Bot
    metadata: z.record(z.string(), z.string()).optional(),
    /** Present on inbound replies with `prefetchConversationId=true`, and on sandbox webhook deliveries. */
    conversationId: z.string().optional(),
  })
  .loose();

export type OpenRecipient = z.infer<typeof OpenRecipientSchema>;
export type OpenMessagingChannel = z.infer<typeof OpenMessagingChannelSchema>;
export type OpenNormalizedMessage = z.infer<typeof OpenNormalizedMessageSchema>;
