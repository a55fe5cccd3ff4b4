// The conversation service over fake channels, in a temp folder: what the service tests share. `service()` opens
// a service on the same journal each time (a restart); every connection it asks for is made by `connection` and
// kept in `connections`, with its request in `requests`. Ids count on across restarts, as a real run's do.
import type { Profile } from '../../../shared/contract';
import type { GuestConnection, GuestConnectionEvent } from '../../../electron/engine/channels/guest-connection';
import { ConversationService } from '../../../electron/engine/conversations/conversation-service';
import { SecretRedactor } from '../../../electron/engine/conversations/redaction';
import { EventBus } from '../../../electron/engine/event-bus';
import type { GuestConnectionRequest, GuestConnector } from '../../../electron/engine/genesys/guest-connector';
import { TranscriptJournal } from '../../../electron/engine/journal/transcript-journal';
import type { ProfileService } from '../../../electron/engine/profiles/profile-service';
import type { FakeClock } from '../../integration/sandbox/openmessaging-harness';

export const SANDBOX_TEST_PROFILE = { id: 'sandbox', name: 'Sandbox', webMessaging: { deploymentId: 'dep-1' } } as Profile;

export function serviceRig<C extends GuestConnection>(options: { directory: string; clock: FakeClock; connection: (report: (event: GuestConnectionEvent) => void) => C }) {
  const connections: C[] = [];
  const requests: GuestConnectionRequest[] = [];
  let ids = 0;
  const connector = {
    connection: (request: GuestConnectionRequest) => {
      requests.push(request);
      const connection = options.connection(request.listener);
      connections.push(connection);
      return connection;
    },
    prepareOpenMessaging: async () => undefined,
  } as unknown as GuestConnector;
  return {
    connections,
    requests,
    service: (): ConversationService =>
      new ConversationService({
        journal: new TranscriptJournal({ directory: options.directory }),
        profiles: { get: () => SANDBOX_TEST_PROFILE } as unknown as ProfileService,
        bus: new EventBus(),
        clock: options.clock,
        connector,
        redactor: new SecretRedactor(),
        newId: () => `id-${(ids += 1)}`,
      }),
  };
}
