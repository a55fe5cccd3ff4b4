// What a Platform API route answers: a reply (status, JSON body, headers) or a failure value that
// becomes a Genesys `ErrorBody`. Route code returns these; only the router writes to the socket.
import type { z } from 'zod';
import { PlatformErrorCode, type ErrorBody } from '../../protocol/openmessaging/error-body';

export interface PlatformReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type PlatformFailureKind =
  | 'BadRequest'
  | 'NotFound'
  | 'Unauthenticated'
  | 'RateLimited'
  | 'PayloadTooLarge'
  | 'MethodNotAllowed'
  | 'ServerFault';

/** A refusal as a value (not thrown); a class so `instanceof` tells it from any parsed body. */
export class PlatformFailure {
  constructor(
    readonly kind: PlatformFailureKind,
    readonly status: number,
    readonly code: string,
    readonly message: string,
    readonly retryAfterSec?: number,
  ) {}
}

export const PlatformFailures = {
  badRequest: (message: string) => new PlatformFailure('BadRequest', 400, PlatformErrorCode.badRequest, message),
  notFound: (message: string) => new PlatformFailure('NotFound', 404, PlatformErrorCode.notFound, message),
  tokenMissing: () =>
    new PlatformFailure(
      'Unauthenticated',
      401,
      PlatformErrorCode.authenticationRequired,
      'No authentication bearer token specified in authorization header.',
    ),
  tokenRejected: (message: string) => new PlatformFailure('Unauthenticated', 401, PlatformErrorCode.badCredentials, message),
  rateLimited: (retryAfterSec: number) =>
    new PlatformFailure(
      'RateLimited',
      429,
      PlatformErrorCode.tooManyRequests,
      `Rate limit exceeded the maximum. Retry the request in [${retryAfterSec}] seconds`,
      retryAfterSec,
    ),
  payloadTooLarge: (limitBytes: number) =>
    new PlatformFailure('PayloadTooLarge', 413, PlatformErrorCode.payloadTooLarge, `The request body is larger than ${limitBytes} bytes.`),
  methodNotAllowed: (method: string) =>
    new PlatformFailure('MethodNotAllowed', 405, PlatformErrorCode.methodNotAllowed, `HTTP method ${method} is not supported by this resource.`),
  injectedServerFault: () =>
    new PlatformFailure(
      'ServerFault',
      503,
      PlatformErrorCode.serviceUnavailable,
      'The service is temporarily unavailable (sandbox fault injection). Retry later.',
    ),
};

/** The failure as the Platform API writes it: `ErrorBody`, plus `Retry-After` on 429. */
export function failureReply(failure: PlatformFailure, contextId: string): PlatformReply {
  const body: ErrorBody = {
    message: failure.message,
    code: failure.code,
    status: failure.status,
    contextId,
    details: [],
    errors: [],
  };
  const headers: Record<string, string> = {};
  if (failure.retryAfterSec !== undefined) {
    body.messageWithParams = 'Rate limit exceeded the maximum. Retry the request in [{retryAfter}] seconds';
    body.messageParams = { retryAfter: String(failure.retryAfterSec) };
    headers['Retry-After'] = String(failure.retryAfterSec);
  }
  return { status: failure.status, body, headers };
}

/** Validate a parsed JSON body; the failure names the first offending field (`channel.from.id: …`). */
export function parseBody<T>(schema: z.ZodType<T>, value: unknown): T | PlatformFailure {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  return PlatformFailures.badRequest(`Invalid request body: ${field}: ${issue?.message ?? 'invalid'}`);
}
