// Where secrets stop. One redactor per engine knows the current vault values (and the embedded sandbox's
// credentials): they are replaced by value in thread items, journals, the inspector and exports, and an
// outgoing guest message that holds one is refused before it is sent. The inspector and exports also hide
// tokens by pattern (JWTs, bearer tokens, token fields, presigned-URL signatures).
// Values shorter than MIN_SECRET_LENGTH are never matched: they would black out ordinary words
// ("password" is 8 characters; real client secrets are 40 or more).
import type { NamedSecret } from '../profiles/secret-vault';

export const MIN_SECRET_LENGTH = 8;
export const REDACTED = '[redacted]';

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g;
const TOKEN_FIELDS = /("(?:token|jwt|access_token|refreshToken|code|clientSecret|client_secret|secret|password)"\s*:\s*")[^"]*(")/gi;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;
const SIGNED_QUERY = /([?&](?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|signature|sig|token)=)[^&"\s]+/gi;

const longestFirst = (a: string, b: string) => b.length - a.length;

function replaceAll(text: string, values: readonly string[]): string {
  let out = text;
  for (const value of values) if (out.includes(value)) out = out.split(value).join(REDACTED);
  return out;
}

/** A value and the forms it takes inside wire text: JSON-escaped and percent-encoded. */
function wireForms(value: string): string[] {
  return [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)];
}

export class SecretRedactor {
  private secrets: NamedSecret[] = [];
  private values: string[] = [];
  private forms: string[] = [];

  /** Replaces what is known; the engine calls it at start and whenever a secret is set or removed. */
  setSecrets(secrets: readonly NamedSecret[]): void {
    // Longest first, so a secret that contains another is hidden whole.
    this.secrets = secrets.filter((secret) => secret.value.length >= MIN_SECRET_LENGTH).sort((a, b) => longestFirst(a.value, b.value));
    this.values = [...new Set(this.secrets.map((secret) => secret.value))];
    this.forms = [...new Set(this.values.flatMap(wireForms))].sort(longestFirst);
  }

  /** Which secret a text or a file's bytes hold, in words that name it without showing it. */
  secretIn(content: string | Uint8Array): string | undefined {
    const holds = typeof content === 'string' ? (value: string) => content.includes(value) : (value: string) => Buffer.from(content.buffer, content.byteOffset, content.byteLength).includes(value);
    return this.secrets.find((secret) => holds(secret.value))?.name;
  }

  /** Secret values replaced (thread items, journal lines). */
  text(text: string): string {
    return replaceAll(text, this.values);
  }

  /** Every string inside a JSON-shaped value, secret values replaced; the value itself is not changed. */
  deep<T>(value: T): T {
    if (this.values.length === 0) return value;
    return this.walk(value) as T;
  }

  /**
   * What the inspector and exports show: secret values in any wire form, the `extra` values (e.g. the
   * conversation's guest token) and tokens found by pattern, replaced.
   */
  wire(text: string, extra: readonly string[] = []): string {
    const values = [...this.forms, ...extra.filter((value) => value.length >= MIN_SECRET_LENGTH).flatMap(wireForms)].sort(longestFirst);
    return replaceAll(text, values)
      .replace(TOKEN_FIELDS, `$1${REDACTED}$2`)
      .replace(JWT, '[redacted-jwt]')
      .replace(BEARER, `$1${REDACTED}`)
      .replace(SIGNED_QUERY, `$1${REDACTED}`);
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((entry) => this.walk(entry));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, this.walk(entry)]));
    }
    return value;
  }
}
