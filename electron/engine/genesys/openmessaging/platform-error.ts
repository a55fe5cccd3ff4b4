// What went wrong talking to the Platform API, as a value with a kind and a message a tester can act on.
// `classifyPlatformFailure` turns whatever the SDK rejected with (an axios error at login or on the
// network, or the extended `{status, headers, body}` response) into one of these — exactly once.
// Messages never carry secrets or tokens: only statuses, error codes and the server's own text.
import type { ErrorKind } from '../../../../shared/contract';
import { ErrorBodySchema } from '../../../protocol/openmessaging/error-body';
import { OAuthErrorSchema } from '../../../protocol/openmessaging/oauth';
import { ConsoleError } from '../../console-error';

export type PlatformFailureKind =
  | 'BadCredentials' // the OAuth client id/secret was refused (or belongs to another region)
  | 'Unreachable' // no answer from the region's hosts (DNS, refused connection, TLS)
  | 'Timeout' // the request got no answer in time
  | 'Forbidden' // 403: the OAuth client lacks a permission
  | 'NotFound' // 404: integration or conversation unknown in this org and region
  | 'Rejected' // 400/413/...: Genesys refused the body
  | 'RateLimited' // 429, with the wait Genesys asked for
  | 'ServerError' // 5xx
  | 'NotConfigured'; // the profile lacks what the call needs (client id, secret, integration id)

const CONTRACT_KIND: Record<PlatformFailureKind, ErrorKind> = {
  BadCredentials: 'Forbidden',
  Unreachable: 'Unavailable',
  Timeout: 'Unavailable',
  Forbidden: 'Forbidden',
  NotFound: 'NotFound',
  Rejected: 'InvalidRequest',
  RateLimited: 'Unavailable',
  ServerError: 'Unavailable',
  NotConfigured: 'InvalidRequest',
};

export class PlatformError extends ConsoleError {
  constructor(
    readonly failure: PlatformFailureKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(CONTRACT_KIND[failure], message);
    this.name = 'PlatformError';
  }

  /** Worth another attempt with the same body: the server or the network may do better next time. */
  get transient(): boolean {
    return this.failure === 'ServerError' || this.failure === 'Timeout' || this.failure === 'Unreachable';
  }
}

/** What the call was, in words, for messages: "log in to mypurecloud.ie", "send the message". */
export interface FailureContext {
  action: string;
  /** Where the profile points: a region's domain or the sandbox address. */
  place: string;
}

interface AxiosLike {
  code?: string;
  message?: string;
  response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
}

interface ExtendedFailure {
  status: number;
  headers?: Record<string, unknown>;
  body?: unknown;
  error?: AxiosLike;
}

const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'CERT_HAS_EXPIRED']);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ERR_CANCELED']);

/** Retry-After in ms: seconds (or an HTTP date) from the header, else the body's `messageParams.retryAfter`, else 1 s. */
export function retryAfterMs(headers: Record<string, unknown> | undefined, body: unknown, now: number): number {
  const header = headers?.['retry-after'] ?? headers?.['Retry-After'];
  const text = typeof header === 'string' || typeof header === 'number' ? String(header).trim() : '';
  if (/^\d+(\.\d+)?$/.test(text)) return Math.max(1000, Math.round(Number(text) * 1000));
  const date = Date.parse(text);
  if (!Number.isNaN(date)) return Math.max(1000, date - now);
  const parsed = ErrorBodySchema.safeParse(body);
  const fromBody = Number(parsed.success ? parsed.data.messageParams?.retryAfter : undefined);
  return Number.isFinite(fromBody) && fromBody > 0 ? fromBody * 1000 : 1000;
}

function serverText(body: unknown): string {
  const error = ErrorBodySchema.safeParse(body);
  if (error.success) return `${error.data.code}: ${error.data.message}`.slice(0, 300);
  const oauth = OAuthErrorSchema.safeParse(body);
  if (oauth.success) return `${oauth.data.error}${oauth.data.error_description ? `: ${oauth.data.error_description}` : ''}`.slice(0, 300);
  return '';
}

function fromStatus(status: number, headers: Record<string, unknown> | undefined, body: unknown, context: FailureContext, now: number): PlatformError {
  const said = serverText(body);
  const quoted = said ? ` (HTTP ${status}, ${said})` : ` (HTTP ${status})`;
  if (status === 401) {
    return new PlatformError(
      'BadCredentials',
      `Genesys refused the OAuth client when trying to ${context.action} at ${context.place}${quoted}. Check the profile's client id and client secret, and that the client belongs to this region.`,
      { status },
    );
  }
  if (status === 403) {
    return new PlatformError(
      'Forbidden',
      `The OAuth client may not ${context.action}${quoted}. Give its role the Open Messaging permissions (conversation:message:create, conversation:message:view, messaging:integration:*).`,
      { status },
    );
  }
  if (status === 404) return new PlatformError('NotFound', `Genesys could not find what is needed to ${context.action}${quoted}. Check the profile's integration id.`, { status });
  if (status === 429) {
    const wait = retryAfterMs(headers, body, now);
    return new PlatformError('RateLimited', `Genesys is rate-limiting this OAuth client; it asked to wait ${Math.ceil(wait / 1000)} s${quoted}.`, { status, retryAfterMs: wait });
  }
  if (status >= 500) return new PlatformError('ServerError', `Genesys failed to ${context.action}${quoted}; the console will try again.`, { status });
  if (status === 400 && OAuthErrorSchema.safeParse(body).success && context.action.startsWith('log in')) {
    return new PlatformError('BadCredentials', `Genesys refused the login at ${context.place}${quoted}. Check the profile's client id, secret and region.`, { status });
  }
  return new PlatformError('Rejected', `Genesys refused to ${context.action}${quoted}.`, { status });
}

/** Any SDK rejection (login or API call, extended responses on) as a PlatformError. */
export function classifyPlatformFailure(raw: unknown, context: FailureContext, now: number): PlatformError {
  if (raw instanceof PlatformError) return raw;
  const extended = raw as Partial<ExtendedFailure> | undefined;
  if (extended && typeof extended.status === 'number') return fromStatus(extended.status, extended.headers, extended.body, context, now);
  const axios = raw as AxiosLike | undefined;
  const status = axios?.response?.status;
  if (typeof status === 'number') return fromStatus(status, axios?.response?.headers, axios?.response?.data, context, now);
  const code = axios?.code ?? '';
  if (TIMEOUT_CODES.has(code)) {
    return new PlatformError('Timeout', `${context.place} did not answer in time when trying to ${context.action}; the console will try again.`);
  }
  if (NETWORK_CODES.has(code) || code.startsWith('ERR_')) {
    return new PlatformError(
      'Unreachable',
      `Could not reach ${context.place} to ${context.action} (${code}). Check the profile's region and your network connection.`,
    );
  }
  const text = raw instanceof Error ? raw.message : String(raw);
  return new PlatformError('Unreachable', `Could not ${context.action} at ${context.place}: ${text.slice(0, 200)}`);
}
