// What a conversation needs from a channel: one guest's connection to Genesys, whatever the wire.
// Web Messaging (GuestSession, a WebSocket) and Open Messaging (OpenMessagingGuest, Platform API calls
// plus a webhook or a poller) both implement it, so threads, journals and the UI are channel-blind.
import type { ContentItem, MessageEvent } from '../../protocol/normalized/content';

export type GuestConnectionState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'readOnly' | 'closed' | 'expired' | 'failed';

/** A message in Genesys' normalized form, as either channel delivers it. */
export interface GuestMessage {
  id: string;
  type: string; // Text | Structured | Event | Receipt
  direction: string; // Inbound (guest → Genesys) | Outbound
  text?: string;
  originatingEntity?: string;
  channel?: { time?: string; from?: { nickname?: string; firstName?: string; lastName?: string; image?: string } };
  content?: ContentItem[];
  events?: MessageEvent[];
  metadata?: Record<string, string>;
}

export interface GuestConnectionLimits {
  maxCustomDataBytes?: number;
  allowedMedia?: { inbound?: { fileTypes: { type: string }[]; maxFileSizeKB: number } };
  blockedExtensions?: string[];
}

export type GuestConnectionEvent =
  | { type: 'state'; state: GuestConnectionState; detail?: string }
  | { type: 'limits'; limits: GuestConnectionLimits }
  /** A message not reported before: agent/bot output, events, or guest messages sent from elsewhere. */
  | { type: 'message'; message: GuestMessage }
  /** Genesys accepted one of our messages. */
  | { type: 'acknowledged'; clientId: string; message: GuestMessage }
  | { type: 'failed'; clientId: string; reason: string }
  /** The platform's id for the conversation, once known (to look it up in the org). */
  | { type: 'platformConversation'; conversationId: string }
  | { type: 'frame'; direction: 'in' | 'out' | 'note'; text: string };

export interface OutgoingMessage {
  clientId: string;
  text?: string;
  content?: ContentItem[];
  customAttributes?: Record<string, string>;
  /** Structured for button postbacks, Text otherwise. */
  type?: 'Text' | 'Structured';
}

export interface GuestConnection {
  readonly state: GuestConnectionState;
  readonly limits: GuestConnectionLimits | undefined;
  connect(): void;
  /** Queue a guest message; the outcome arrives as `acknowledged` or `failed`. */
  send(message: OutgoingMessage): void;
  /** A typing hint; false when it was not sent (rate used up, not connected). */
  typing(): boolean;
  /** Upload a file and return what to put in the message's attachment content. */
  upload(file: { fileName: string; mime: string; bytes: Uint8Array }): Promise<{ attachment: ContentItem['attachment']; downloadUrl?: string }>;
  startNew(): void;
  /** The user has seen the agent's messages (Open Messaging sends Read receipts; Web Messaging has none). */
  markRead?(): void;
  closeSession(): Promise<void>;
  /** Stop without ending the session (quitting, or the conversation is removed from the console). */
  disconnect(): void;
}
