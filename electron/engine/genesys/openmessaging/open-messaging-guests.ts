// The contract between the conversation service and the Open Messaging channel: a factory of guests
// per profile. One OAuth client (purecloud-platform-client-v2 ApiClientClass), one webhook receiver and
// one poller request budget per profile are shared by all of that profile's guests.
import type { Persona, Profile } from '../../../../shared/contract';
import type { GuestConnection, GuestConnectionEvent } from '../../channels/guest-connection';

export interface OpenMessagingGuestRequest {
  profile: Profile;
  /** The customer's id on the channel (`channel.from.id`), stable for the conversation. */
  customerId: string;
  persona: Persona;
  /** Message ids already in the transcript, so they are never reported twice. */
  knownMessageIds: Iterable<string>;
  /** Known after the first inbound message (prefetchConversationId), kept in the journal. */
  platformConversationId?: string;
  listener: (event: GuestConnectionEvent) => void;
}

/** An Open Messaging integration as the console shows it: never its webhook secret. */
export interface IntegrationSummary {
  id: string;
  name: string;
  webhookUrl: string;
  status?: string;
  createStatus?: string;
}

export interface IntegrationInput {
  /** Absent: create a new integration. */
  id?: string;
  name: string;
  webhookUrl: string;
  /** Absent: the profile's stored webhook secret. */
  webhookSecret?: string;
}

export interface WebhookCheckResult {
  correctlySigned: { status: number; accepted: boolean };
  wronglySigned: { status: number; accepted: boolean };
}

/** One delivery attempt seen by a profile's webhook receiver (rejected ones included). */
export interface WebhookAttemptRecord {
  time: string;
  status: number;
  outcome: 'delivered' | 'duplicate' | 'noGuest' | 'rejected';
  detail: string;
}

export interface OpenMessagingGuests {
  createGuest(request: OpenMessagingGuestRequest): GuestConnection;
  close(): Promise<void>;
  /** Starts the profile's receiver if needed; the URL to register on the integration (Genesys needs it public HTTPS: a tunnel). */
  webhookUrl(profile: Profile): Promise<string>;
  /** Posts a correctly signed and a wrongly signed sample to the profile's receiver; neither shows in any thread. */
  checkWebhook(profile: Profile): Promise<WebhookCheckResult>;
  /** The latest delivery attempts of the profile's receiver, newest last. */
  webhookAttempts(profile: Profile): WebhookAttemptRecord[];
  listIntegrations(profile: Profile): Promise<IntegrationSummary[]>;
  /** Create (no id) or update an integration through the SDK, after the user confirmed. */
  saveIntegration(profile: Profile, input: IntegrationInput): Promise<IntegrationSummary>;
}
