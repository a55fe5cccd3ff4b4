// What went wrong for a Web Messaging guest, as a value with a kind and words a tester can act on. Server
// codes (spec §6.5), refused upgrades and network failures are classified here, once; the rest of the
// guest engine passes `GuestError`s along and shows their message unchanged.
import type { ErrorKind } from '../../../../shared/contract';
import { GuestErrorCode } from '../../../protocol/webmessaging/error-codes';
import { ConsoleError } from '../../console-error';

export type GuestFailureKind =
  | 'SessionExpired' // 4006/4007 or SessionExpiredEvent: the token is spent, a new conversation is needed
  | 'RateLimited' // 429/4029 (or the history endpoint's 429), with the wait the server asked for
  | 'Unreachable' // no socket or HTTP answer at all: DNS, refused connection, TLS — the cause is named
  | 'DeploymentNotFound' // 400/404 on the WebSocket upgrade: wrong deployment id or region
  | 'Blocked' // 401/403 on the upgrade (allowed domains), 403/4000: the deployment does not allow this
  | 'SignInRefused' // authenticated guests: the code exchange, refresh or the session's JWT was refused
  | 'TooLarge' // message, custom attributes, file or file name over the deployment's limit
  | 'FileRefused' // file type, content or name not accepted, or the upload PUT refused
  | 'Rejected' // any other refusal of a well-formed request
  | 'NotConnected' // a request while the guest is not live
  | 'Timeout' // no answer in time
  | 'ConnectionLost' // the socket dropped while a request waited for its answer
  | 'Closed' // the session was closed while a request waited for its answer
  | 'ServerError'; // 5000 / 5xx: Genesys failed

const CONTRACT_KIND: Record<GuestFailureKind, ErrorKind> = {
  SessionExpired: 'Conflict',
  RateLimited: 'Unavailable',
  Unreachable: 'Unavailable',
  DeploymentNotFound: 'NotFound',
  Blocked: 'Forbidden',
  SignInRefused: 'Forbidden',
  TooLarge: 'InvalidRequest',
  FileRefused: 'InvalidRequest',
  Rejected: 'InvalidRequest',
  NotConnected: 'Unavailable',
  Timeout: 'Unavailable',
  ConnectionLost: 'Unavailable',
  Closed: 'Conflict',
  ServerError: 'Unavailable',
};

export class GuestError extends ConsoleError {
  constructor(
    readonly failure: GuestFailureKind,
    message: string,
    readonly details: { code?: number; status?: number; retryAfterMs?: number } = {},
  ) {
    super(CONTRACT_KIND[failure], message);
    this.name = 'GuestError';
  }
}

const MEANINGS: Record<number, [GuestFailureKind, string]> = {
  [GuestErrorCode.BadRequest]: ['Rejected', 'Genesys rejected the request as malformed.'],
  [GuestErrorCode.Unauthorized]: ['SignInRefused', 'The session is not authorised; sign the guest in again.'],
  [GuestErrorCode.Forbidden]: ['Blocked', 'The deployment does not allow this (check its Messenger configuration).'],
  [GuestErrorCode.NotFound]: ['Rejected', 'Genesys could not find what this request refers to.'],
  [GuestErrorCode.RequestTimeout]: ['Timeout', 'Genesys timed out; try again.'],
  [GuestErrorCode.TooManyRequests]: ['RateLimited', 'Too many requests; the console will wait and send again.'],
  [GuestErrorCode.FeatureUnavailable]: ['Blocked', 'This feature is not enabled for the deployment.'],
  [GuestErrorCode.FileTypeInvalid]: ['FileRefused', 'The deployment does not accept this file type.'],
  [GuestErrorCode.FileSizeInvalid]: ['TooLarge', 'The file is larger than the deployment allows (or empty).'],
  [GuestErrorCode.FileContentInvalid]: ['FileRefused', 'Genesys rejected the file content.'],
  [GuestErrorCode.FileNameInvalid]: ['FileRefused', 'The file name is not allowed.'],
  [GuestErrorCode.FileNameTooLong]: ['TooLarge', 'The file name is too long.'],
  [GuestErrorCode.SessionExpired]: ['SessionExpired', 'The guest session has expired; start a new conversation.'],
  [GuestErrorCode.SessionNotFound]: ['SessionExpired', 'Genesys no longer knows this guest session; start a new conversation.'],
  [GuestErrorCode.AttachmentExpired]: ['Rejected', 'The attachment link expired.'],
  [GuestErrorCode.AttachmentNotFound]: ['Rejected', 'The attachment was not found.'],
  [GuestErrorCode.AttachmentNotUploaded]: ['Rejected', 'The attachment was not uploaded successfully; attach it again.'],
  [GuestErrorCode.MessageTooLong]: ['TooLarge', 'The message is longer than Genesys accepts.'],
  [GuestErrorCode.CustomAttributesTooLarge]: ['TooLarge', 'The custom attributes are larger than the deployment allows.'],
  [GuestErrorCode.CannotDowngrade]: ['Rejected', 'This session is authenticated and cannot continue as an anonymous guest.'],
  [GuestErrorCode.MissingParameter]: ['Rejected', 'A required field was missing from the request.'],
  [GuestErrorCode.RequestRateTooHigh]: ['RateLimited', 'Too many requests; the console will wait and send again.'],
  [GuestErrorCode.UnexpectedError]: ['ServerError', 'Genesys hit an unexpected error; try again.'],
};

/** A Guest API error `code` (with the server's own text, quoted) as a GuestError. */
export function guestErrorFromCode(code: number, serverText?: string): GuestError {
  const serverSide = (code >= 500 && code < 600) || (code >= 5000 && code < 6000);
  const [failure, meaning] = MEANINGS[code] ?? [serverSide ? 'ServerError' : 'Rejected', `Genesys answered with error ${code}.`];
  const said = serverText?.trim() ?? '';
  return new GuestError(failure, said !== '' ? `${meaning} (${code}: ${said.slice(0, 300)})` : `${meaning} (${code})`, { code });
}

/** The server refused the WebSocket upgrade: final for 401/403/400/404, otherwise undefined (try again later). */
export function upgradeRefusal(status: number): GuestError | undefined {
  if (status === 403 || status === 401) {
    return new GuestError(
      'Blocked',
      `The deployment refused this guest (HTTP ${status}). If it restricts allowed domains, set the profile's Origin to one of them.`,
      { status },
    );
  }
  if (status === 404 || status === 400) {
    return new GuestError(
      'DeploymentNotFound',
      `No Web Messaging deployment answered at this address (HTTP ${status}). Check the deployment id and the region.`,
      { status },
    );
  }
  return undefined;
}

const NETWORK_CAUSES: Record<string, string> = {
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved right now',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'there is no route to the host',
  ENETUNREACH: 'the network is unreachable',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate could not be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host',
};

/** The system error code of a socket or fetch failure (fetch wraps it in `cause`). */
function networkCode(error: unknown): string | undefined {
  const direct = (error as { code?: unknown } | undefined)?.code;
  if (typeof direct === 'string') return direct;
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof cause === 'string' ? cause : undefined;
}

/** A socket or fetch failure's real cause in words: "the connection was refused (ECONNREFUSED)". */
function networkCause(error: unknown): string {
  const code = networkCode(error);
  const words = code ? NETWORK_CAUSES[code] : undefined;
  return words ? `${words} (${code})` : code ?? (error instanceof Error ? error.message : String(error)).slice(0, 200);
}

/** No answer at all from `place` (a host name or "the upload address"), with the real cause. */
export function unreachable(place: string, error: unknown): GuestError {
  return new GuestError('Unreachable', `Could not reach ${place}: ${networkCause(error)}. Check the profile's region and your network connection.`);
}

/** An open socket to `place` failed, with the real cause. */
export function connectionLost(place: string, error: unknown): GuestError {
  return new GuestError('ConnectionLost', `The connection to ${place} was lost: ${networkCause(error)}.`);
}

/** A refused upgrade worth trying again (5xx, 429 …). */
export function upgradeFailed(status: number): GuestError {
  return new GuestError(status === 429 ? 'RateLimited' : status >= 500 ? 'ServerError' : 'Rejected', `The server refused the WebSocket upgrade (HTTP ${status}).`, { status });
}
