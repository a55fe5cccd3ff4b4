// The sandbox's Messenger deployment and the Guest API limits it enforces (spec §6.4), plus the JSON the
// deployment publishes: `config.json`, `domains.json`, the `getConfiguration` reply and the limits part of
// `SessionResponse`. One deployment (the demo org's); every limit can be overridden for tests.
import type { ServerBody } from '../../protocol/webmessaging';

export interface GuestLimits {
  /** onMessage requests per session per second (spec §10: 2, the official forum figure). */
  messagesPerSecond: number;
  /** Any request per connection per minute. */
  requestsPerConnectionPerMinute: number;
  /** configureSession per session per minute. */
  configuresPerSessionPerMinute: number;
  /** echo (health check) per connection per minute. */
  echoesPerConnectionPerMinute: number;
  /** History GETs per session per minute. */
  historyPerSessionPerMinute: number;
  /** Inbound text limit, counted in UTF-8 bytes (error 4011). */
  maxTextLength: number;
  /** Custom attributes budget, UTF-8 bytes of keys + values (error 4013). */
  maxCustomDataBytes: number;
  /** Guest session inactivity TTL. */
  sessionDurationSeconds: number;
  maxConnectionsPerSession: number;
  maxFileSizeKB: number;
  /** Lifetime of the `getJwt` session JWT. */
  jwtLifetimeSec: number;
}

export const DEFAULT_GUEST_LIMITS: GuestLimits = {
  messagesPerSecond: 2,
  requestsPerConnectionPerMinute: 60,
  configuresPerSessionPerMinute: 60,
  echoesPerConnectionPerMinute: 2,
  historyPerSessionPerMinute: 10,
  maxTextLength: 4096,
  maxCustomDataBytes: 2048,
  sessionDurationSeconds: 72 * 3600,
  maxConnectionsPerSession: 3,
  maxFileSizeKB: 10240,
  jwtLifetimeSec: 3600,
};

export interface GuestDeployment {
  id: string;
  /** Allowed WebSocket `Origin` hosts; null = every origin (and none) is accepted. */
  allowedOrigins: string[] | null;
  blockedExtensions: string[];
  conversationClear: boolean;
  /** Messenger `autoStart.enabled`: clients send Presence Join on a new session, so the agent speaks first. */
  autoStart: boolean;
  limits: GuestLimits;
}

export const BLOCKED_EXTENSIONS = ['.ade', '.adp', '.app', '.bat', '.chm', '.cmd', '.com', '.cpl', '.exe', '.hta', '.jar', '.js', '.msi', '.scr', '.vbs'];

const allowedMedia = (d: GuestDeployment) => ({ inbound: { fileTypes: [{ type: '*/*' }], maxFileSizeKB: d.limits.maxFileSizeKB } });

export function sessionLimitsBody(d: GuestDeployment) {
  return {
    maxCustomDataBytes: d.limits.maxCustomDataBytes,
    allowedMedia: allowedMedia(d),
    blockedExtensions: d.blockedExtensions,
    durationSeconds: d.limits.sessionDurationSeconds,
  };
}

export function configurationBody(d: GuestDeployment): ServerBody<'GetConfigurationResponse'> {
  return {
    allowedMedia: allowedMedia(d),
    blockedExtensions: d.blockedExtensions,
    maxCustomDataBytes: d.limits.maxCustomDataBytes,
    messageRoutingEnabled: true,
    sessionDurationSeconds: d.limits.sessionDurationSeconds,
  };
}

/** `GET /webdeployments/v1/deployments/{id}/config.json` (spec §7.2), with the fields the mobile SDK reads. */
export function deploymentConfigJson(d: GuestDeployment, urls: { baseUrl: string; wsUrl: string }) {
  return {
    id: d.id,
    version: '1',
    languages: ['en-us'],
    defaultLanguage: 'en-us',
    apiEndpoint: urls.baseUrl,
    status: 'Active',
    journeyEvents: { enabled: false },
    auth: { enabled: true, allowSessionUpgrade: true },
    headlessMode: { enabled: false },
    sessionDurationSeconds: d.limits.sessionDurationSeconds,
    sessionPersistenceType: 'local',
    messenger: {
      enabled: true,
      styles: { primaryColor: '#ff4f1f' },
      launcherButton: { visibility: 'On' },
      fileUpload: {
        enableAttachments: true,
        modes: [{ fileTypes: ['image/png', 'image/jpeg', 'image/gif', 'application/pdf', 'text/plain'], maxFileSizeKB: d.limits.maxFileSizeKB }],
      },
      apps: {
        conversations: {
          messagingEndpoint: urls.wsUrl,
          showAgentTypingIndicator: true,
          showUserTypingIndicator: true,
          autoStart: { enabled: d.autoStart },
          conversationDisconnect: { enabled: true, type: 'ReadOnly' },
          conversationClear: { enabled: d.conversationClear },
          notifications: { enabled: false, notificationContentType: 'IncludeMessagesContent' },
          markdown: { enabled: true },
          humanize: { enabled: false },
        },
      },
    },
  };
}

/** `GET /webdeployments/v1/deployments/{id}/domains.json` (secondary source, spec §7.2). */
export function deploymentDomainsJson(d: GuestDeployment) {
  return d.allowedOrigins === null ? { allowAllDomains: true, allowedDomains: [] } : { allowAllDomains: false, allowedDomains: d.allowedOrigins };
}

/** Whether a WebSocket upgrade's Origin header is allowed (host match, any scheme/port-less form). */
export function originAllowed(d: GuestDeployment, origin: string | undefined): boolean {
  if (d.allowedOrigins === null) return true;
  if (origin === undefined) return false;
  let host = origin;
  try {
    host = new URL(origin).host;
  } catch {
    // A bare host (the mobile SDK sends the WebSocket host) is compared as it is.
  }
  return d.allowedOrigins.some((allowed) => allowed === origin || allowed === host);
}
