// Hostile mode, Guest WebSocket side: what a broken or malicious server could send a guest after a good
// frame — text that is not JSON, JSON that is not a frame, frames of unknown or known classes with bodies
// of the wrong types, a huge body, binary data, and the good frame again (a duplicate). Never a
// well-formed frame that the server would not have sent (no fake agent messages, no session events):
// a client that obeys well-formed frames is right to, so only malformed input and replays are tested.
import type { Faults } from '../faults';

export type HostileFrame = { kind: 'text'; text: string } | { kind: 'binary'; bytes: Buffer };

type Junk = (good: string, random: () => number) => HostileFrame;

const text = (value: string): HostileFrame => ({ kind: 'text', text: value });

function randomBytes(random: () => number, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
}

/** Each entry is one way a server can be broken. */
export const HOSTILE_GUEST_FRAMES: readonly Junk[] = [
  (_good, random) => text(randomBytes(random, 1 + Math.floor(random() * 64)).toString('latin1')),
  (good) => text(good.slice(0, Math.max(1, Math.floor(good.length / 2)))), // cut off
  () => text('null'),
  () => text('[]'),
  () => text('"StructuredMessage"'),
  () => text('{}'),
  () => text('{"type":"message","class":"StructuredMessage","code":"200","body":{}}'),
  () => text('{"type":"message","class":"StructuredMessage","code":200,"body":{"id":5,"direction":[],"type":{}}}'),
  () => text('{"type":"message","class":"StructuredMessage","code":200,"body":null}'),
  () => text('{"type":"response","class":"SessionResponse","code":200,"body":"connected"}'),
  () => text('{"type":"response","class":"JwtResponse","code":200,"body":{"jwt":7}}'),
  () => text('{"type":"message","class":"TooManyRequestsErrorMessage","code":429,"body":{"retryAfter":"soon"}}'),
  () => text('{"type":"message","class":"NoSuchClass","code":200,"body":{"__proto__":{"polluted":true}}}'),
  () => text('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
  (_good, random) => text(`{"type":"message","class":"StructuredMessage","code":200,"body":{"id":"x","text":"${'A'.repeat(64 * 1024 + Math.floor(random() * 1024))}"`),
  () => text(`${'['.repeat(5000)}${']'.repeat(5000)}`),
  (_good, random) => ({ kind: 'binary', bytes: randomBytes(random, 32) }),
  (good) => text(good), // the same frame again
];

/** The junk to send after `good` this time, or none. */
export function hostileGuestFrames(faults: Faults, good: string): HostileFrame[] {
  if (!faults.takeHostile()) return [];
  const random = () => faults.random();
  const pick = HOSTILE_GUEST_FRAMES[Math.floor(random() * HOSTILE_GUEST_FRAMES.length)]!;
  return [pick(good, random)];
}
