// The contract between the conversation service and the Open Messaging channel: a factory of guests
// per profile. One OAuth client (purecloud-platform-client-v2 ApiClientClass), one webhook receiver and
// one poller request budget per profile are shared by all of that profile's guests.
import type { Persona, Profile } from '../../../../shared/contract';
import type { GuestConnection, GuestConnectionEvent } from '../../conversations/guest-connection';

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

export interface OpenMessagingGuests {
  createGuest(request: OpenMessagingGuestRequest): GuestConnection;
  close(): Promise<void>;
}
