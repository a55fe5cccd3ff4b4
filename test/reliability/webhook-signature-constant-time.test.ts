// Webhook signatures are compared in constant time: the check goes through crypto.timingSafeEqual for
// every well-formed header, a length mismatch answers false without throwing (timingSafeEqual itself
// throws on unequal lengths), and the console's receiver verifies with this function on the raw bytes.
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const compare = vi.hoisted(() => ({ calls: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compare.calls += 1;
      return actual.timingSafeEqual(a, b);
    },
  };
});

const { signWebhookBody, verifyWebhookSignature } = await import('../../electron/protocol/openmessaging/webhook-signature');

beforeEach(() => {
  compare.calls = 0;
});

describe('webhook signature comparison', () => {
  it('uses crypto.timingSafeEqual for a right and for a wrong signature of the right length', () => {
    const good = signWebhookBody('s3cret', '{"id":"1"}');
    expect(verifyWebhookSignature('s3cret', '{"id":"1"}', good)).toBe(true);
    const wrong = `${good.slice(0, -2)}${good.endsWith('A=') ? 'B=' : 'A='}`;
    expect(verifyWebhookSignature('s3cret', '{"id":"1"}', wrong)).toBe(false);
    expect(compare.calls).toBe(2);
  });

  it('answers false, without throwing, when the lengths differ', () => {
    for (const header of ['sha256=', 'sha256=short', `${signWebhookBody('s', 'b')}extra`, 'sha256=é'.repeat(30)]) {
      expect(() => verifyWebhookSignature('s', 'b', header)).not.toThrow();
      expect(verifyWebhookSignature('s', 'b', header)).toBe(false);
    }
  });

  it('is what the console\'s webhook receiver checks deliveries with, on the raw body', () => {
    const receiver = fs.readFileSync(path.resolve(__dirname, '../../electron/engine/genesys/openmessaging/webhook-receiver.ts'), 'utf8');
    expect(receiver).toMatch(/verifyWebhookSignature\(secret, raw, signature\)/);
    expect(receiver).not.toMatch(/signature\s*===\s*(?!\s|undefined)|\.equals\(/);
  });
});
