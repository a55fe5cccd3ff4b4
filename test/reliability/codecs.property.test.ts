// Hostile input, codec level (fast-check): the Guest API frame decoders never throw on any text, whatever
// its shape, and return the builders' frames unchanged for any field values; the Open Messaging schemas
// never throw on any JSON; the webhook signature check never throws and rejects every tampered body.
// Short: 300 runs per property; soak: 20,000.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CLIENT_ACTIONS,
  SERVER_CLASS_BODIES,
  clientFrame,
  parseClientFrame,
  parseServerFrame,
  serverFrame,
} from '../../electron/protocol/webmessaging';
import { MessageConversationSchema, TextMessageListingSchema } from '../../electron/protocol/openmessaging/conversation-read';
import { OpenInboundMessageSchema, OpenInboundReceiptSchema, OpenInboundStructuredResponseSchema } from '../../electron/protocol/openmessaging/inbound';
import { OpenNormalizedMessageSchema } from '../../electron/protocol/openmessaging/normalized-message';
import { signWebhookBody, verifyWebhookSignature } from '../../electron/protocol/openmessaging/webhook-signature';
import { sized } from './support/reliability-level';
import { recordFigures } from './support/run-figures';

const numRuns = sized(300, 20_000);
let inputs = 0;
const counted = <T>(arbitrary: fc.Arbitrary<T>) => arbitrary.map((value) => ((inputs += 1), value));

afterAll(() => recordFigures('codecs', { propertyRuns: numRuns, inputsTried: inputs }));

const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
const jsonText = fc.jsonValue().map((value) => JSON.stringify(value));
/** JSON objects whose keys are the ones a decoder looks at, with values of any type. */
const nearlyAFrame = (keys: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record(Object.fromEntries(Object.entries(keys).map(([key, value]) => [key, fc.oneof(value, fc.jsonValue())])), { requiredKeys: [] }).map((value) => JSON.stringify(value));
const pollution = fc.constantFrom('{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '{"action":"__proto__","__proto__":{"action":"getJwt"}}');

describe('the Guest API codec under hostile input', () => {
  it('parseClientFrame returns a value and never throws, for any text', () => {
    const frames = fc.oneof(
      anyText,
      jsonText,
      pollution,
      nearlyAFrame({ action: fc.constantFrom(...CLIENT_ACTIONS), token: fc.string(), tracingId: fc.string(), message: fc.jsonValue(), deploymentId: fc.string() }),
    );
    fc.assert(
      fc.property(counted(frames), (raw) => {
        const parsed = parseClientFrame(raw);
        expect(typeof parsed.ok).toBe('boolean');
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns },
    );
  });

  it('parseServerFrame returns a value and never throws, for any text', () => {
    const frames = fc.oneof(
      anyText,
      jsonText,
      pollution,
      nearlyAFrame({ type: fc.constantFrom('response', 'message'), class: fc.constantFrom(...Object.keys(SERVER_CLASS_BODIES), 'Other'), code: fc.integer(), body: fc.jsonValue(), tracingId: fc.string() }),
    );
    fc.assert(
      fc.property(counted(frames), (raw) => {
        const parsed = parseServerFrame(raw);
        expect(typeof parsed.ok).toBe('boolean');
        if (!parsed.ok) expect(parsed.error.message.length).toBeGreaterThan(0);
      }),
      { numRuns },
    );
  });

  it('gives back exactly what the client builders built, whatever the field values', () => {
    // Any key but "__proto__": zod's record drops that one (see docs/reliability.md, known limits).
    const attributes = fc.dictionary(fc.string({ minLength: 1 }).filter((key) => key !== '__proto__'), fc.string());
    fc.assert(
      fc.property(counted(fc.tuple(fc.string({ minLength: 1 }), fc.string(), fc.uuid(), attributes)), ([token, text, tracingId, customAttributes]) => {
        for (const frame of [
          clientFrame.text(token, text, { tracingId, customAttributes }),
          clientFrame.configureSession({ token, deploymentId: text, tracingId }),
          clientFrame.buttonResponse(token, { text, payload: tracingId, type: 'Button' }, tracingId),
          clientFrame.getJwt({ token, tracingId }),
        ]) {
          expect(parseClientFrame(JSON.stringify(frame))).toEqual({ ok: true, frame });
        }
      }),
      { numRuns },
    );
  });

  it('gives back exactly what the server builders built, whatever the field values', () => {
    fc.assert(
      fc.property(counted(fc.tuple(fc.string(), fc.string(), fc.integer({ min: 0, max: 100_000 }), fc.string({ minLength: 1 }))), ([id, text, number, tracingId]) => {
        for (const frame of [
          serverFrame.structuredMessage({ id, type: 'Text', text, direction: 'Outbound', channel: { time: new Date(number).toISOString() } }, tracingId),
          serverFrame.error(number, text, tracingId),
          serverFrame.tooManyRequests({ retryAfter: number, errorCode: 4029, errorMessage: text }, tracingId),
          serverFrame.jwt({ jwt: text, exp: number }, tracingId),
        ]) {
          expect(parseServerFrame(JSON.stringify(frame))).toEqual({ ok: true, frame });
        }
      }),
      { numRuns },
    );
  });
});

describe('the Open Messaging payloads under hostile input', () => {
  const schemas = [OpenNormalizedMessageSchema, MessageConversationSchema, TextMessageListingSchema, OpenInboundMessageSchema, OpenInboundReceiptSchema, OpenInboundStructuredResponseSchema];

  it('every schema answers success or an issue list, never a throw, for any JSON', () => {
    const nearlyAMessage = fc.record(
      { id: fc.jsonValue(), type: fc.jsonValue(), text: fc.jsonValue(), channel: fc.oneof(fc.jsonValue(), fc.record({ to: fc.jsonValue(), from: fc.jsonValue(), time: fc.jsonValue() })), participants: fc.jsonValue(), entities: fc.jsonValue() },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(counted(fc.oneof(fc.jsonValue(), nearlyAMessage)), (value) => {
        for (const schema of schemas) {
          const parsed = schema.safeParse(value);
          expect(typeof parsed.success).toBe('boolean');
        }
      }),
      { numRuns },
    );
  });
});

describe('the webhook signature check under hostile input', () => {
  it('never throws, whatever the secret, body and header (strings, arrays, nothing, wrong lengths)', () => {
    const header = fc.oneof(fc.string(), fc.string().map((s) => `sha256=${s}`), fc.array(fc.string()), fc.constant(undefined));
    fc.assert(
      fc.property(counted(fc.tuple(fc.string(), fc.oneof(fc.string(), fc.uint8Array()), header)), ([secret, body, value]) => {
        expect(typeof verifyWebhookSignature(secret, body, value)).toBe('boolean');
      }),
      { numRuns },
    );
  });

  it('accepts the right signature and rejects every tampered body, header or secret', () => {
    fc.assert(
      fc.property(counted(fc.tuple(fc.string({ minLength: 1 }), fc.uint8Array({ minLength: 1 }), fc.nat(), fc.integer({ min: 1, max: 255 }))), ([secret, body, at, flip]) => {
        const signature = signWebhookBody(secret, body);
        expect(verifyWebhookSignature(secret, body, signature)).toBe(true);
        const tampered = Uint8Array.from(body);
        tampered[at % tampered.length] = tampered[at % tampered.length]! ^ flip;
        expect(verifyWebhookSignature(secret, tampered, signature)).toBe(false);
        expect(verifyWebhookSignature(`${secret}!`, body, signature)).toBe(false);
        expect(verifyWebhookSignature(secret, body, signature.slice(0, -1))).toBe(false);
        expect(verifyWebhookSignature(secret, body, `${signature}=`)).toBe(false);
        expect(verifyWebhookSignature(secret, body, [signature])).toBe(false);
      }),
      { numRuns },
    );
  });
});
