// Bodies the customer side POSTs to `/api/v2/conversations/messages/{integrationId}/inbound/open/...`
// (`OpenInboundNormalizedMessage`, `...Event`, `...Receipt`, `OpenInboundStructuredResponseMessage`).
// The replies are `OpenNormalizedMessage`-shaped (see normalized-message.ts).
import { z } from 'zod';
import { AttachmentSchema, MessageEventSchema } from '../normalized/content';
import { ConversationReasonSchema, IsoDateTimeSchema, OpenChannelMetadataSchema, OpenRecipientSchema } from './normalized-message';

/** `OpenInboundMessageMessagingChannel`: who sends, when, and the sender's own message id. */
export const OpenInboundChannelSchema = z
  .object({
    from: OpenRecipientSchema,
    time: IsoDateTimeSchema,
    /** The sender's unique id for this message; a retry with the same id is recognised as a duplicate. */
    messageId: z.string().optional(),
    metadata: OpenChannelMetadataSchema.optional(),
  })
  .loose();

/** `OpenInboundMessageContent`: attachments only; `contentType` may be omitted. */
export const OpenInboundContentSchema = z
  .object({ contentType: z.string().optional(), attachment: AttachmentSchema })
  .loose();

export const OpenInboundMessageSchema = z
  .object({
    channel: OpenInboundChannelSchema,
    text: z.string().optional(),
    content: z.array(OpenInboundContentSchema).optional(),
    metadata: z.record(z.string(), z.string()).optional(),
  })
  .loose();

export const OpenInboundEventSchema = z
  .object({
    channel: z.object({ from: OpenRecipientSchema, time: IsoDateTimeSchema }).loose(),
    events: z.array(MessageEventSchema).min(1),
  })
  .loose();

export const InboundReceiptStatusSchema = z.enum(['Delivered', 'Read', 'Failed']);

export const OpenInboundReceiptSchema = z
  .object({
    /** The id of the outbound message this receipt is about. */
    id: z.string().min(1),
    channel: z.object({ to: OpenRecipientSchema, time: IsoDateTimeSchema }).loose(),
    status: InboundReceiptStatusSchema,
    reasons: z.array(ConversationReasonSchema).optional(),
    isFinalReceipt: z.boolean().optional(),
  })
  .loose();

export const OpenInboundStructuredResponseSchema = z
  .object({
    channel: OpenInboundChannelSchema,
    buttonResponse: z
      .object({ id: z.string().optional(), type: z.string(), text: z.string(), payload: z.string() })
      .loose(),
    /** The id of the outbound message that offered the choice. */
    originatingMessageId: z.string().min(1),
  })
  .loose();

export type OpenInboundMessage = z.infer<typeof OpenInboundMessageSchema>;
export type OpenInboundEvent = z.infer<typeof OpenInboundEventSchema>;
export type OpenInboundReceipt = z.infer<typeof OpenInboundReceiptSchema>;
export type OpenInboundStructuredResponse = z.infer<typeof OpenInboundStructuredResponseSchema>;
