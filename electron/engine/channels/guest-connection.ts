// What a conversation needs from a channel: one guest's connection to Genesys, whatever the wire.
// Web Messaging (GuestSession, a WebSocket) and Open Messaging (OpenMessagingGuest, Platform API calls
// plus a webhook or a poller) both implement it, so threads, journals and the UI are channel-blind.
// It speaks intents and events: each channel encodes a `choice` and decodes an `ended` its own way.
import { z } from 'zod';
import { AttachmentSchema, type Attachment, type ContentItem } from '../../protocol/normalized/content';

export type GuestConnectionState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'readOnly' | 'closed' | 'expired' | 'failed';

/** A message in Genesys' normalized form (both channels carry it): text and content, never events. */
export interface GuestMessage {
  id: string;
  type: string; // Text | Structured
  direction: string; // Inbound (the guest's own, sent from elsewhere) | Outbound (agent or bot)
  text?: string;
  originatingEntity?: string;
  channel?: { time?: string; from?: { nickname?: string; firstName?: string; lastName?: string; image?: string } };
  content?: ContentItem[];
  metadata?: Record<string, string>;
}

export interface GuestConnectionLimits {
  maxCustomDataBytes?: number;
  allowedMedia?: { inbound?: { fileTypes: { type: string }[]; maxFileSizeKB: number } };
  blockedExtensions?: string[];
}

const AttributesSchema = z.record(z.string(), z.string());

/** One message with files: the files already uploaded (`GuestConnection.upload`), in the order the guest
 *  chose them, and an optional caption. Journals written before a message could hold several files kept
 *  one `attachment`; read as a list of one. */
const AttachmentsIntentSchema = z.preprocess(
  (value) => {
    if (typeof value !== 'object' || value === null || !('attachment' in value) || 'attachments' in value) return value;
    const { attachment, ...rest } = value as { attachment: unknown };
    return { ...rest, attachments: [attachment] };
  },
  z.object({ type: z.literal('attachment'), text: z.string(), attachments: z.array(AttachmentSchema).min(1), customAttributes: AttributesSchema.optional() }),
);

/** What the guest says or does. Custom attributes go with every kind the channel allows them on. The schema
 *  is also what a journal line holds to send a message again after a failure or a restart. */
export const GuestIntentSchema = z.union([
  z.object({ type: z.literal('text'), text: z.string(), customAttributes: AttributesSchema.optional() }),
  /** The answer to a quick reply or a card button: the option's text and payload, and (when known) the
   *  platform id of the agent message that offered it. */
  z.object({
    type: z.literal('choice'),
    text: z.string(),
    payload: z.string(),
    kind: z.enum(['QuickReply', 'Button']),
    offeredIn: z.string().optional(),
    customAttributes: AttributesSchema.optional(),
  }),
  AttachmentsIntentSchema,
]);
export type GuestIntent = z.infer<typeof GuestIntentSchema>;

/** An intent with the console's id for it: the id its receipt names. */
export type OutgoingMessage = GuestIntent & { clientId: string };

/** A file as the channel holds it after an upload: what an `attachment` intent sends, and where to see it. */
export interface UploadedFile {
  attachment: Attachment;
  downloadUrl?: string;
}

export type GuestConnectionEvent =
  /** `expired`: the server no longer has this guest's conversation (its session expired, a resume was answered
   *  with a new session, the conversation is gone); the connection has stopped, and `detail` says why. */
  | { type: 'state'; state: GuestConnectionState; detail?: string }
  | { type: 'limits'; limits: GuestConnectionLimits }
  /** A message not reported before: the agent's or a bot's, or the guest's own sent from elsewhere. */
  | { type: 'message'; message: GuestMessage }
  /** Genesys has one of the guest's messages (`message` is its copy there), or refused it. */
  | { type: 'receipt'; clientId: string; status: 'sent'; message: GuestMessage }
  | { type: 'receipt'; clientId: string; status: 'failed'; reason: string }
  /** The agent is typing (for `durationMs`, when the channel says) or stopped. */
  | { type: 'typing'; on: boolean; durationMs?: number }
  /** An agent joined or left, or the conversation was cleared. `id` and `time` are the platform's. */
  | { type: 'presence'; change: 'joined' | 'left' | 'cleared'; id: string; time?: string; agentName?: string }
  /** The agent ended the conversation; `readOnly`: the guest must start a new one to keep talking. */
  | { type: 'ended'; readOnly: boolean; id: string; time?: string; agentName?: string }
  /** The platform's id for the conversation, once known (to look it up in the org). */
  | { type: 'platformConversation'; conversationId: string }
  /** A guest message left for the platform just now (after any wait for the message rate; again when resent). */
  | { type: 'outgoing'; clientId: string }
  /** The platform refused a request as too many (a 429); the channel waits `retryAfterMs` before sending again. */
  | { type: 'rateLimited'; retryAfterMs: number }
  /** The wire text of a frame, or a note on what the channel did: for the inspector (see `frames` on the request). */
  | { type: 'frame'; direction: 'in' | 'out' | 'note'; text: string };

export interface GuestConnection {
  readonly state: GuestConnectionState;
  readonly limits: GuestConnectionLimits | undefined;
  /** Connect, or connect again after `disconnect()`; what was sent meanwhile goes out after the catch-up. */
  connect(): void;
  /** Queue a guest message; never connects. The outcome arrives as a `receipt`. */
  send(message: OutgoingMessage): void;
  /** A typing hint; false when it was not sent (rate used up, not connected). */
  typing(): boolean;
  /** Upload a file; send it (with others, and a caption) in an `attachment` intent. */
  upload(file: { fileName: string; mime: string; bytes: Uint8Array }): Promise<UploadedFile>;
  startNew(): void;
  /** The user has seen the agent's messages (Open Messaging sends Read receipts; Web Messaging has none). */
  markRead?(): void;
  closeSession(): Promise<void>;
  /** Stop without ending the session (quitting, going offline, or the conversation is removed). */
  disconnect(): void;
}
