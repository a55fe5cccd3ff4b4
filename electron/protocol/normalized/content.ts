// Genesys "normalized message" content and events: the shapes both channels carry.
// Web Messaging frames and Open Messaging bodies use the same `contentType` + nested object items
// (ConversationMessageContent / ConversationMessageEvent in purecloud-platform-client-v2).
// Schemas are lenient (`.loose()`): unknown fields are kept, unknown content types are tolerated.
import { z } from 'zod';

export const CardActionSchema = z
  .object({
    type: z.string().optional(), // "Link" | "Postback"
    text: z.string().optional(),
    payload: z.string().optional(),
    url: z.string().optional(),
  })
  .loose();

export const CardSchema = z
  .object({
    title: z.string(),
    description: z.string().optional(),
    image: z.string().optional(),
    video: z.string().optional(),
    defaultAction: CardActionSchema.optional(),
    actions: z.array(CardActionSchema).default([]),
  })
  .loose();

export const AttachmentSchema = z
  .object({
    id: z.string().optional(),
    mediaType: z.string().optional(), // Image | Video | Audio | File | Link
    url: z.string().optional(),
    mime: z.string().optional(),
    filename: z.string().optional(),
    fileSize: z.number().optional(),
    contentSizeBytes: z.number().optional(),
    sha256: z.string().optional(),
    text: z.string().optional(),
  })
  .loose();

/** An attachment's `mediaType` for a file of this MIME type (a `Link` is never a file). */
export function mediaTypeOf(mime: string): 'Image' | 'Video' | 'Audio' | 'File' {
  if (mime.startsWith('image/')) return 'Image';
  if (mime.startsWith('video/')) return 'Video';
  if (mime.startsWith('audio/')) return 'Audio';
  return 'File';
}

export const QuickReplySchema = z
  .object({
    text: z.string(),
    payload: z.string(),
    action: z.string().optional(),
    image: z.string().optional(),
  })
  .loose();

export const ButtonResponseSchema = z
  .object({
    text: z.string(),
    payload: z.string(),
    type: z.string().optional(), // QuickReply | Button | DatePicker | ListPicker | Form
    originatingMessageId: z.string().optional(),
  })
  .loose();

export const DatePickerSchema = z
  .object({
    title: z.string().optional(),
    subtitle: z.string().optional(),
    dateMinimum: z.string().optional(),
    dateMaximum: z.string().optional(),
    availableTimes: z.array(z.object({ dateTime: z.string(), duration: z.number().optional() }).loose()).optional(),
  })
  .loose();

export const ContentItemSchema = z
  .object({
    contentType: z.string(),
    attachment: AttachmentSchema.optional(),
    quickReply: QuickReplySchema.optional(),
    buttonResponse: ButtonResponseSchema.optional(),
    card: CardSchema.optional(),
    carousel: z.object({ cards: z.array(CardSchema) }).loose().optional(),
    datePicker: DatePickerSchema.optional(),
  })
  .loose();

export const MessageEventSchema = z
  .object({
    eventType: z.string(), // Typing | Presence | ...
    typing: z.object({ type: z.string(), duration: z.number().optional() }).loose().optional(),
    presence: z.object({ type: z.string() }).loose().optional(),
  })
  .loose();

export type CardAction = z.infer<typeof CardActionSchema>;
export type Card = z.infer<typeof CardSchema>;
export type Attachment = z.infer<typeof AttachmentSchema>;
export type QuickReply = z.infer<typeof QuickReplySchema>;
export type ButtonResponse = z.infer<typeof ButtonResponseSchema>;
export type ContentItem = z.infer<typeof ContentItemSchema>;
export type MessageEvent = z.infer<typeof MessageEventSchema>;
