import { describe, expect, it } from 'vitest';
import { MIN_SECRET_LENGTH, SecretRedactor } from '../../electron/engine/conversations/redaction';

const CLIENT_SECRET = 'Xq7-client-secret-value-9f2c';
const SHORT = 'order12';

function redactorWith(...values: string[]): SecretRedactor {
  const redactor = new SecretRedactor();
  redactor.setSecrets(values.map((value, index) => ({ value, name: `secret ${index + 1}` })));
  return redactor;
}

describe('the secret redactor', () => {
  it('hides the guest token, JWTs, bearer tokens and presigned URL signatures in inspector text', () => {
    const token = '0f8e2b1c-7d3a-4c5e-9b6f-1a2d3c4e5f60';
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJndWVzdCJ9.c2lnbmF0dXJlLXZhbHVl';
    const frame = JSON.stringify({
      action: 'configureSession',
      token,
      nested: { jwt },
      url: 'http://127.0.0.1:1/upload/x?X-Amz-Signature=abcdef123&ok=1',
      header: 'Authorization: Bearer abc.def.ghi',
      echo: `resumed ${token}`,
    });
    const shown = new SecretRedactor().wire(frame, [token]);
    expect(shown).not.toContain(token);
    expect(shown).not.toContain(jwt);
    expect(shown).not.toContain('abcdef123');
    expect(shown).not.toContain('abc.def.ghi');
    expect(shown).toContain('configureSession');
    expect(shown).toContain('ok=1');
  });

  it('hides every vault secret by value, also as JSON-escaped or percent-encoded wire text', () => {
    const quoted = 'pa"ss\\word/é-2024';
    const redactor = redactorWith(CLIENT_SECRET, quoted);
    const frame = JSON.stringify({ text: `my secret is ${CLIENT_SECRET} and ${quoted}` });
    const url = `https://example.com/?q=${encodeURIComponent(quoted)}`;
    const shown = redactor.wire(`${frame} ${url}`);
    expect(shown).not.toContain(CLIENT_SECRET);
    expect(shown).not.toContain(JSON.stringify(quoted).slice(1, -1));
    expect(shown).not.toContain(encodeURIComponent(quoted));
    expect(shown).toContain('my secret is [redacted] and [redacted]');
  });

  it('hides secrets in every string of a thread item and leaves the rest alone', () => {
    const redactor = redactorWith(CLIENT_SECRET);
    const item = { id: 'a1', from: 'agent', text: `echo ${CLIENT_SECRET}`, content: [{ type: 'quickReplies', replies: [{ text: CLIENT_SECRET, payload: 'x' }] }] };
    expect(redactor.deep(item)).toEqual({ id: 'a1', from: 'agent', text: 'echo [redacted]', content: [{ type: 'quickReplies', replies: [{ text: '[redacted]', payload: 'x' }] }] });
    expect(item.text).toBe(`echo ${CLIENT_SECRET}`);
  });

  it('hides a longer secret whole when it contains a shorter one', () => {
    const redactor = redactorWith('abcdefgh', 'abcdefgh-and-more');
    expect(redactor.text('x abcdefgh-and-more y abcdefgh')).toBe('x [redacted] y [redacted]');
  });

  it(`ignores values shorter than ${MIN_SECRET_LENGTH} characters, so ordinary words stay readable`, () => {
    const redactor = redactorWith(SHORT);
    expect(redactor.text(`about ${SHORT}`)).toBe(`about ${SHORT}`);
    expect(redactor.secretIn(`about ${SHORT}`)).toBeUndefined();
  });

  it('names the secret a text holds without showing it, and forgets a secret that was removed', () => {
    const redactor = new SecretRedactor();
    redactor.setSecrets([{ value: CLIENT_SECRET, name: 'the client secret of the profile "Acme"' }]);
    expect(redactor.secretIn(`here: ${CLIENT_SECRET}`)).toBe('the client secret of the profile "Acme"');
    redactor.setSecrets([]);
    expect(redactor.secretIn(`here: ${CLIENT_SECRET}`)).toBeUndefined();
    expect(redactor.text(CLIENT_SECRET)).toBe(CLIENT_SECRET);
  });
});
