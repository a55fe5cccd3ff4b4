// What the inspector may show: frames with the guest token, JWTs, bearer tokens and presigned-URL
// signatures replaced. Applied once, before a frame leaves the engine.

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g;
const TOKEN_FIELDS = /("(?:token|jwt|access_token|refreshToken|code|clientSecret|client_secret|secret|password)"\s*:\s*")[^"]*(")/gi;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;
const SIGNED_QUERY = /([?&](?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|signature|sig|token)=)[^&"\s]+/gi;

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  }
  return out
    .replace(TOKEN_FIELDS, '$1[redacted]$2')
    .replace(JWT, '[redacted-jwt]')
    .replace(BEARER, '$1[redacted]')
    .replace(SIGNED_QUERY, '$1[redacted]');
}
