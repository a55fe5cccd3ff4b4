// The sandbox's Genesys Cloud Platform API look-alike: OAuth, Open Messaging integrations, inbound
// messages and conversation reads. Placeholder while the full implementation lands.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../protocol/clock';
import type { ConversationHub } from '../conversation-hub';
import type { SandboxOrg } from '../demo-org';
import type { Faults } from '../faults';

export interface PlatformApiDeps {
  hub: ConversationHub;
  clock: Clock;
  org: SandboxOrg;
  faults: Faults;
  baseUrl: () => string;
  newId: () => string;
  tokenLifetimeSec?: number;
}

export interface PlatformApi {
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** Expire every access token now (control API). */
  expireTokens(): void;
  close(): Promise<void>;
}

export function createPlatformApi(_deps: PlatformApiDeps): PlatformApi {
  return {
    handle: async () => false,
    expireTokens: () => undefined,
    close: async () => undefined,
  };
}
