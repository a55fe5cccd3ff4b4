// `POST /oauth/token`, client-credentials grant, as `loginClientCredentialsGrant` calls it: HTTP Basic
// client authentication, form body `grant_type=client_credentials`. `client_id`/`client_secret` in the
// form body are accepted too (RFC 6749 §2.3.1). Errors use the OAuth body shape, not `ErrorBody`.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { OAuthError, TokenResponse } from '../../protocol/openmessaging/oauth';
import type { SandboxOrg } from '../demo-org';
import type { AccessTokens } from './access-tokens';
import type { PlatformReply } from './platform-reply';

function oauthError(status: number, error: string, description: string): PlatformReply {
  const body: OAuthError = { error, description, error_description: description };
  return { status, body, headers: { 'Cache-Control': 'no-store' } };
}

/** Compared in constant time (as digests, so lengths leak nothing either): the embedded sandbox's secret is random. */
function sameText(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function basicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

export function exchangeClientCredentials(args: {
  authorization: string | undefined;
  rawBody: Buffer;
  org: SandboxOrg;
  tokens: AccessTokens;
}): PlatformReply {
  const form = new URLSearchParams(args.rawBody.toString('utf8'));
  const grantType = form.get('grant_type');
  if (!grantType) return oauthError(400, 'invalid_request', 'Missing grant_type; send grant_type=client_credentials.');
  if (grantType !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', `The sandbox supports only grant_type=client_credentials, not "${grantType}".`);
  }
  const formId = form.get('client_id');
  const formSecret = form.get('client_secret');
  const credentials =
    basicCredentials(args.authorization) ?? (formId !== null && formSecret !== null ? { clientId: formId, clientSecret: formSecret } : null);
  if (!credentials) {
    return oauthError(401, 'invalid_client', 'Client authentication is required: send HTTP Basic base64(clientId:clientSecret).');
  }
  if (!sameText(credentials.clientId, args.org.clientId) || !sameText(credentials.clientSecret, args.org.clientSecret)) {
    return oauthError(401, 'invalid_client', 'client not found or wrong client secret');
  }
  const issued = args.tokens.issue(credentials.clientId);
  const body: TokenResponse = { access_token: issued.accessToken, token_type: 'bearer', expires_in: issued.expiresInSec };
  return { status: 200, body, headers: { 'Cache-Control': 'no-store' } };
}
