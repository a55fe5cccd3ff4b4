// The sandbox's Messenger deployment and the Guest API limits it enforces (spec §6.4; the figures and how
// each is measured are protocol/webmessaging/limits.ts), plus the JSON the deployment publishes:
// `config.json`, `domains.json`, the `getConfiguration` reply and the limits part of `SessionResponse`.
// One deployment (the demo org's); every limit, the accepted file types and the blocked extensions can be
// overridden for tests.
import { GUEST_API_LIMITS, type ServerBody } from '../../protocol/webmessaging';

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
  maxTextBytes: number;
  /** Custom attributes budget, UTF-8 bytes of keys + values (error 4013). */
  maxCustomDataBytes: number;
  /** Guest session inactivity TTL. */
  sessionDurationSeconds: number;
  maxConnectionsPerSession: number;
  /** `allowedMedia.inbound.maxFileSizeKB`, a KB being `BYTES_PER_KB` (1000) bytes. */
  maxFileSizeKB: number;
  /** Lifetime of the `getJwt` session JWT. */
  jwtLifetimeSec: number;
  /** New WebSocket connections per deployment in any minute; over it the upgrade is refused with 429 (spec §6.3). */
  newConnectionsPerDeploymentPerMinute: number;
  /** A socket the client sent nothing on (no frame, no ping) for this long is closed (1000, "Idle timeout").
   *  null (the default): never — no source states a server idle timeout (spec §6.6, §10). */
  idleTimeoutSec: number | null;
  /** How long a pre-signed upload URL is good for (`X-Amz-Expires`); a PUT after that is refused with 403. */
  uploadUrlLifetimeSec: number;
}

export const DEFAULT_GUEST_LIMITS: GuestLimits = {
  messagesPerSecond: GUEST_API_LIMITS.messagesPerSessionPerSecond,
  requestsPerConnectionPerMinute: GUEST_API_LIMITS.requestsPerConnectionPerMinute,
  configuresPerSessionPerMinute: GUEST_API_LIMITS.configuresPerSessionPerMinute,
  echoesPerConnectionPerMinute: GUEST_API_LIMITS.echoesPerConnectionPerMinute,
  historyPerSessionPerMinute: GUEST_API_LIMITS.historyPerSessionPerMinute,
  maxTextBytes: GUEST_API_LIMITS.maxTextBytes,
  maxCustomDataBytes: GUEST_API_LIMITS.maxCustomDataBytes,
  sessionDurationSeconds: 72 * 3600,
  maxConnectionsPerSession: GUEST_API_LIMITS.maxConnectionsPerSession,
  maxFileSizeKB: GUEST_API_LIMITS.maxFileSizeKB,
  jwtLifetimeSec: 3600,
  newConnectionsPerDeploymentPerMinute: GUEST_API_LIMITS.newConnectionsPerDeploymentPerMinute,
  idleTimeoutSec: null,
  uploadUrlLifetimeSec: GUEST_API_LIMITS.uploadUrlLifetimeSec,
};

export interface GuestDeployment {
  id: string;
  /** Allowed WebSocket `Origin` hosts; null = every origin (and none) is accepted. */
  allowedOrigins: string[] | null;
  /** A second deployment of the org, the same in every way but its allowed domains (a client's refusal path). */
  restricted: { id: string; allowedOrigins: string[] } | null;
  /** Custom attributes are read only where Genesys documents them (`message.channel.metadata.customAttributes`);
   *  lenient also reads the request-level `channel.metadata.customAttributes` older clients send. */
  lenient: boolean;
  /** `allowedMedia.inbound.fileTypes`: MIME types, or wildcards such as `image/*`. */
  allowedFileTypes: string[];
  blockedExtensions: string[];
  conversationClear: boolean;
  /** Messenger `autoStart.enabled`: clients send Presence Join on a new session, so the agent speaks first. */
  autoStart: boolean;
  limits: GuestLimits;
}

export const BLOCKED_EXTENSIONS = ['.ade', '.adp', '.app', '.bat', '.chm', '.cmd', '.com', '.cpl', '.exe', '.hta', '.jar', '.js', '.msi', '.scr', '.vbs'];

// Every type (the all-types wildcard the spec's fixtures show); a test narrows it to see a type refused.
export const ALLOWED_FILE_TYPES = ['*/*'];

export const allowedMedia = (d: GuestDeployment) => ({
  inbound: { fileTypes: d.allowedFileTypes.map((type) => ({ type })), maxFileSizeKB: d.limits.maxFileSizeKB },
});

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
/** The org's deployment with this id as clients see it: the demo one, or the restricted one (its own id and
 *  allowed domains), or undefined. */
export function deploymentNamed(d: GuestDeployment, id: string): GuestDeployment | undefined {
  if (id === d.id) return d;
  return d.restricted && id === d.restricted.id ? { ...d, id: d.restricted.id, allowedOrigins: d.restricted.allowedOrigins, restricted: null } : undefined;
}

export function originAllowed(d: Pick<GuestDeployment, 'allowedOrigins'>, origin: string | undefined): boolean {
  if (d.allowedOrigins === null) return true;
  if (origin === undefined) return false;
  // Compared as given and by host, on both sides: the mobile SDK sends a bare host, browsers a full origin.
  const host = hostOf(origin);
  return d.allowedOrigins.some((allowed) => allowed === origin || hostOf(allowed) === host);
}

function hostOf(originOrHost: string): string {
  try {
    return new URL(originOrHost).host || originOrHost;
  } catch {
    return originOrHost;
  }
}
