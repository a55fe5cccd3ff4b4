// Hostile mode, webhook side: extra POSTs a broken or malicious server could make to an integration's
// webhook after a real delivery — unsigned, wrongly signed, signed over other bytes, signed but not
// JSON, signed JSON that is not an Open Messaging message, an oversized body, and the real body again
// (a replay, correctly signed). Never a forged, well-formed message: only junk, bad signatures and replays.
import { signWebhookBody } from '../../protocol/openmessaging/webhook-signature';
import type { Faults } from '../faults';

export interface HostilePost {
  body: string;
  /** The X-Hub-Signature-256 value to send, or undefined for none. */
  signature: string | undefined;
}

type Junk = (good: string, secret: string, random: () => number) => HostilePost;

const signed = (secret: string, body: string): HostilePost => ({ body, signature: signWebhookBody(secret, body) });

export const HOSTILE_WEBHOOK_POSTS: readonly Junk[] = [
  (good) => ({ body: good, signature: undefined }),
  (good) => ({ body: good, signature: 'sha256=AAAA' }),
  (good) => ({ body: good, signature: 'sha1=deadbeef' }),
  (good, secret) => ({ body: good.replace(/"text":"/, '"text":"tampered '), signature: signWebhookBody(secret, good) }),
  (good, secret) => ({ body: good, signature: signWebhookBody(`${secret}x`, good) }),
  (_good, secret, random) => signed(secret, Buffer.from(Array.from({ length: 40 }, () => Math.floor(random() * 256))).toString('latin1')),
  (_good, secret) => signed(secret, '{"id":'),
  (_good, secret) => signed(secret, 'null'),
  (_good, secret) => signed(secret, '{"id":"junk","channel":{"to":{"id":5}},"type":[]}'),
  (_good, secret) => signed(secret, '{"__proto__":{"polluted":true},"id":"p","type":"Text"}'),
  (_good, secret) => signed(secret, `{"id":"big","text":"${'B'.repeat(1024 * 1024 + 10)}"}`),
  (good, secret) => signed(secret, good), // a replay of the real delivery
];

/** Extra posts to make after delivering `good`, or none. */
export function hostileWebhookPosts(faults: Faults, good: string, secret: string): HostilePost[] {
  if (!faults.takeHostile()) return [];
  const random = () => faults.random();
  const pick = HOSTILE_WEBHOOK_POSTS[Math.floor(random() * HOSTILE_WEBHOOK_POSTS.length)]!;
  return [pick(good, secret, random)];
}
