import { describe, expect, it } from 'vitest';
import { redact } from '../../electron/engine/conversations/redaction';

describe('inspector redaction', () => {
  it('hides the guest token, JWTs, bearer tokens and presigned URL signatures', () => {
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
    const shown = redact(frame, [token]);
    expect(shown).not.toContain(token);
    expect(shown).not.toContain(jwt);
    expect(shown).not.toContain('abcdef123');
    expect(shown).not.toContain('abc.def.ghi');
    expect(shown).toContain('configureSession');
    expect(shown).toContain('ok=1');
  });
});
