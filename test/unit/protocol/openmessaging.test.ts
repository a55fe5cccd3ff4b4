// Open Messaging protocol module: webhook signing (known answer from openssl, round trip, tampering)
// and the Platform API body schemas the engine and the sandbox share.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorBodySchema } from '../../../electron/protocol/openmessaging/error-body';
import { OpenInboundMessageSchema, OpenInboundReceiptSchema } from '../../../electron/protocol/openmessaging/inbound';
import { OpenNormalizedMessageSchema } from '../../../electron/protocol/openmessaging/normalized-message';
import { TokenResponseSchema } from '../../../electron/protocol/openmessaging/oauth';
import { signWebhookBody, verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from '../../../electron/protocol/openmessaging/webhook-signature';

describe('webhook signature', () => {
  const secret = 'sandbox-webhook-secret-7b3e91d0';
  const body = '{"id":"abc","type":"Text","text":"Hello"}';

  it('matches a known answer computed with openssl (base64, not hex)', () => {
    // printf '%s' "$body" | openssl dgst -sha256 -hmac "$secret" -binary | base64
    expect(signWebhookBody(secret, body)).toBe('sha256=f2QxJoje2AupLBg4EuvlaMh+ayi3Gnmt/JSBWZxfoUU=');
    expect(WEBHOOK_SIGNATURE_HEADER).toBe('X-Hub-Signature-256');
  });

  it('verifies its own signatures on strings and raw bytes', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.uint8Array(), (key, bytes) => {
        expect(verifyWebhookSignature(key, bytes, signWebhookBody(key, bytes))).toBe(true);
        expect(verifyWebhookSignature(key, Buffer.from(bytes), signWebhookBody(key, Buffer.from(bytes)))).toBe(true);
      }),
    );
  });

  it('rejects a tampered body, another secret, a missing or malformed header', () => {
    const header = signWebhookBody(secret, body);
    expect(verifyWebhookSignature(secret, body + ' ', header)).toBe(false);
    expect(verifyWebhookSignature('other', body, header)).toBe(false);
    expect(verifyWebhookSignature(secret, body, undefined)).toBe(false);
    expect(verifyWebhookSignature(secret, body, [header])).toBe(false);
    expect(verifyWebhookSignature(secret, body, header.replace('sha256=', ''))).toBe(false);
    expect(verifyWebhookSignature(secret, body, 'sha256=short')).toBe(false);
  });
});

describe('Platform API schemas', () => {
  it('accepts an inbound message as the spec shows it and names a missing sender id', () => {
    const message = {
      channel: {
        messageId: 'm-1',
        time: '2026-11-24T10:00:00.000Z',
        from: { id: 'c-1', idType: 'Opaque', nickname: 'Ada' },
        metadata: { customAttributes: { plan: 'gold' } },
      },
      text: 'Hello',
      content: [{ attachment: { mediaType: 'Image', url: 'https://x/a.png', mime: 'image/png', filename: 'a.png' } }],
      metadata: { k: 'v' },
      somethingNew: true,
    };
    const parsed = OpenInboundMessageSchema.parse(message);
    expect(parsed.channel.metadata?.customAttributes).toEqual({ plan: 'gold' });
    expect((parsed as Record<string, unknown>).somethingNew).toBe(true);

    const missing = OpenInboundMessageSchema.safeParse({ ...message, channel: { ...message.channel, from: { idType: 'Opaque' } } });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues[0]?.path).toEqual(['channel', 'from', 'id']);
    expect(OpenInboundMessageSchema.safeParse({ ...message, channel: { ...message.channel, time: 'yesterday' } }).success).toBe(false);
  });

  it('accepts only Delivered, Read and Failed receipts', () => {
    const receipt = { id: 'x', channel: { to: { id: 'c' }, time: '2026-11-24T10:00:00Z' }, status: 'Read' };
    expect(OpenInboundReceiptSchema.safeParse(receipt).success).toBe(true);
    expect(OpenInboundReceiptSchema.safeParse({ ...receipt, status: 'Seen' }).success).toBe(false);
  });

  it('parses a webhook body with structured content and tolerates unknown content types', () => {
    const parsed = OpenNormalizedMessageSchema.parse({
      id: 'f'.repeat(32),
      channel: { id: 'i', platform: 'Open', type: 'Private', to: { id: 'c' }, from: { id: 'i', nickname: 'Sandy' }, time: '2026-11-24T10:00:02.000Z' },
      type: 'Structured',
      text: 'Pick one',
      content: [
        { contentType: 'QuickReply', quickReply: { text: 'Yes', payload: 'YES', action: 'Message' } },
        { contentType: 'Hologram', hologram: { depth: 3 } },
      ],
      direction: 'Outbound',
    });
    expect(parsed.content).toHaveLength(2);
  });

  it('parses nested ErrorBody and token responses', () => {
    const error = ErrorBodySchema.parse({
      message: 'outer',
      code: 'bad.request',
      status: 400,
      contextId: 'ctx',
      details: [{ fieldName: 'text' }],
      errors: [{ message: 'inner', code: 'invalid.value', status: 400 }],
    });
    expect(error.errors?.[0]?.code).toBe('invalid.value');
    expect(ErrorBodySchema.safeParse({ message: 'no code' }).success).toBe(false);
    expect(TokenResponseSchema.parse({ access_token: 't', token_type: 'bearer', expires_in: 86399 }).expires_in).toBe(86399);
  });
});
