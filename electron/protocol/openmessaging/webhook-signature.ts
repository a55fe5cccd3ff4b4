// Outbound webhook signature: header `X-Hub-Signature-256: sha256=<base64(HMAC-SHA256(secret, raw body))>`.
// Base64, not hex. Verify on the exact raw bytes received, compared in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_SIGNATURE_HEADER = 'X-Hub-Signature-256';

const PREFIX = 'sha256=';

/** The header value Genesys sends for this raw body. */
export function signWebhookBody(secret: string, rawBody: string | Uint8Array): string {
  return PREFIX + createHmac('sha256', secret).update(rawBody).digest('base64');
}

/** True when `headerValue` is the signature of `rawBody` under `secret`; false for anything malformed. */
export function verifyWebhookSignature(
  secret: string,
  rawBody: string | Uint8Array,
  headerValue: string | string[] | undefined,
): boolean {
  if (typeof headerValue !== 'string' || !headerValue.startsWith(PREFIX)) return false;
  const received = Buffer.from(headerValue, 'utf8');
  const expected = Buffer.from(signWebhookBody(secret, rawBody), 'utf8');
  return received.length === expected.length && timingSafeEqual(received, expected);
}
