// Builds the right GuestConnection for a profile and channel — a Web Messaging GuestSession (with the
// deployment's auto-start setting and an optional sign-in) or an Open Messaging guest — so console
// conversations and load runs connect guests the same way.
import type { Channel, Persona, Profile } from '../../../shared/contract';
import type { Clock } from '../../protocol/clock';
import { SANDBOX_PROFILE_ID } from '../../../shared/regions';
import { ConsoleError } from '../console-error';
import { webMessagingEndpoints, type SandboxUrls } from './endpoints';
import type { OpenMessagingGuests } from './openmessaging/open-messaging-guests';
import { readDeploymentConfig, type DeploymentConfig } from './webmessaging/deployment-config';
import { GuestAuthentication, type AuthorizationGrant } from './webmessaging/guest-authentication';
import { GuestSession, type GuestSessionEndpoints, type GuestSessionOptions } from './webmessaging/guest-session';
import type { GuestConnection, GuestConnectionEvent } from '../channels/guest-connection';

export type SessionTuning = Pick<GuestSessionOptions, 'messagesPerSecond' | 'pingIntervalMs' | 'ackTimeoutMs' | 'maxReconnectDelayMs'>;

export interface GuestConnectorOptions {
  clock: Clock;
  sandbox: SandboxUrls | null;
  openMessaging: OpenMessagingGuests | null;
  fetch?: typeof fetch;
  session?: SessionTuning;
}

export interface GuestConnectionRequest {
  profile: Profile;
  channel: Channel;
  /** Guest token (Web Messaging) or customer id (Open Messaging): stable for the conversation. */
  guestId: string;
  persona: Persona;
  knownMessageIds: string[];
  /** The session existed before (restored): reconcile with the server on the first connect. */
  resumed: boolean;
  platformConversationId?: string;
  authentication?: AuthorizationGrant;
  /** Override the deployment's auto-start (load runs measure replies to the guest's own messages only). */
  autoStart?: boolean;
  /** Web Messaging hosts given explicitly (an exported Artillery script carries them) instead of the profile's region. */
  endpoints?: GuestSessionEndpoints;
  /** Report each frame's wire text and notes as `frame` events for the inspector (default true). A load run, where
   *  nobody reads them, turns them off: Web Messaging then skips that work (Open Messaging reports them still). */
  frames?: boolean;
  listener: (event: GuestConnectionEvent) => void;
}

export class GuestConnector {
  /** Deployment configurations by config URL, read once per console run. */
  private readonly deploymentConfigs = new Map<string, Promise<DeploymentConfig>>();

  constructor(private readonly options: GuestConnectorOptions) {}

  get openMessaging(): OpenMessagingGuests | null {
    return this.options.openMessaging;
  }

  /**
   * Open Messaging needs an integration and credentials; the sandbox's demo integration is pointed at the
   * console's own webhook receiver (a local server, so no confirmation is needed there; a real org's
   * integration is only changed from Profiles, after the user confirms).
   */
  async prepareOpenMessaging(profile: Profile): Promise<void> {
    const openMessaging = this.options.openMessaging;
    if (!openMessaging) throw new ConsoleError('Unavailable', 'Open Messaging is not available in this console.');
    const { integrationId, clientId, receiveMode } = profile.openMessaging;
    if (!integrationId || !clientId) {
      throw new ConsoleError('InvalidRequest', `The profile "${profile.name}" needs an Open Messaging integration id and client id. Add them in Profiles.`);
    }
    if (profile.id !== SANDBOX_PROFILE_ID || receiveMode !== 'webhook') return;
    const webhookUrl = await openMessaging.webhookUrl(profile);
    const integration = (await openMessaging.listIntegrations(profile)).find((candidate) => candidate.id === integrationId);
    if (integration && integration.webhookUrl !== webhookUrl) {
      await openMessaging.saveIntegration(profile, { id: integration.id, name: integration.name, webhookUrl });
    }
  }

  connection(request: GuestConnectionRequest): GuestConnection {
    const { profile } = request;
    if (request.channel === 'openmessaging') {
      if (!this.options.openMessaging) throw new ConsoleError('Unavailable', 'Open Messaging is not available in this console.');
      return this.options.openMessaging.createGuest({
        profile,
        customerId: request.guestId,
        persona: request.persona,
        knownMessageIds: request.knownMessageIds,
        ...(request.platformConversationId ? { platformConversationId: request.platformConversationId } : {}),
        listener: request.listener,
      });
    }
    const fetchImpl = this.options.fetch ?? fetch;
    const endpoints = request.endpoints ?? webMessagingEndpoints(profile, this.options.sandbox);
    const origin = profile.webMessaging.origin || undefined;
    const configUrl = `${endpoints.configBaseUrl}/webdeployments/v1/deployments/${encodeURIComponent(profile.webMessaging.deploymentId)}/config.json`;
    return new GuestSession({
      endpoints,
      ...(request.authentication
        ? {
            authentication: new GuestAuthentication({
              apiBaseUrl: endpoints.apiBaseUrl,
              deploymentId: profile.webMessaging.deploymentId,
              grant: request.authentication,
              fetch: fetchImpl,
              ...(origin ? { origin } : {}),
            }),
          }
        : {}),
      autoStart: async () => request.autoStart ?? (await this.deploymentConfig(configUrl, fetchImpl, origin)).autoStart,
      joinAttributes: request.persona.customAttributes,
      deploymentId: profile.webMessaging.deploymentId,
      token: request.guestId,
      ...(origin ? { origin } : {}),
      clock: this.options.clock,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      ...this.options.session,
      knownMessageIds: request.knownMessageIds,
      resumed: request.resumed,
      ...(request.frames === false ? { frames: false } : {}),
      listener: request.listener,
    });
  }

  private deploymentConfig(url: string, fetchImpl: typeof fetch, origin: string | undefined): Promise<DeploymentConfig> {
    let config = this.deploymentConfigs.get(url);
    if (!config) {
      config = readDeploymentConfig(url, fetchImpl, origin);
      this.deploymentConfigs.set(url, config);
    }
    return config;
  }
}
