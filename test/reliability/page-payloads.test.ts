// Hostile input from the page: through the web host's contract socket, random JSON, random payloads for
// every contract channel (wrong types, missing and extra fields, huge strings), binary and oversized
// frames. Every request gets a typed error (never "Internal", never silence), the host keeps serving, and
// the console's data is untouched. Short: 400 frames; soak: 10,000.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ERROR_KINDS, REQUEST_CHANNELS } from '../../shared/contract';
import { sized } from './support/reliability-level';
import { recordFigures } from './support/run-figures';
import { ContractClient, openContractSocket, startWebHostRig, type WebHostRig } from './support/web-host-rig';

const FRAMES = sized(400, 10_000);
let rig: WebHostRig;
let client: ContractClient;

beforeAll(async () => {
  rig = await startWebHostRig();
  client = await connect();
});
afterAll(async () => {
  client.ws.close();
  await rig.close();
});

async function connect(): Promise<ContractClient> {
  const opened = await openContractSocket(rig.host, rig.host.token, rig.host.origin);
  if (!('ws' in opened)) throw new Error(`socket refused: ${JSON.stringify(opened)}`);
  return new ContractClient(opened.ws);
}

it('answers every malformed request with a typed error and keeps the console intact', async () => {
  const saved = await client.request(0, 'profiles.save', { name: 'Kept', region: 'us-east-1' });
  expect(saved.result.ok).toBe(true);
  const channel = fc.oneof({ arbitrary: fc.constantFrom(...REQUEST_CHANNELS), weight: 6 }, fc.string(), fc.jsonValue());
  const payload = fc.oneof(
    fc.jsonValue(),
    fc.record({ id: fc.jsonValue(), name: fc.jsonValue(), conversationId: fc.jsonValue(), profileId: fc.jsonValue(), text: fc.jsonValue(), kind: fc.jsonValue(), value: fc.jsonValue() }, { requiredKeys: [] }),
    fc.record({ conversationId: fc.string(), text: fc.string({ maxLength: 5000 }), itemId: fc.string(), profileId: fc.constantFrom('sandbox', 'nope', '') }, { requiredKeys: [] }),
  );
  const samples = fc.sample(fc.tuple(channel, payload), { numRuns: FRAMES, seed: 11 });
  const kinds: Record<string, number> = {};
  let id = 1;
  for (const [name, body] of samples) {
    // Only requests that cannot change state: a random payload that happens to be valid for a write
    // (e.g. removing the profile just saved) would be the user's own doing, not malformed input.
    const reply = await client.request((id += 1), name, body);
    expect(reply.id).toBe(id);
    if (reply.result.ok) continue;
    expect(ERROR_KINDS).toContain(reply.result.error!.kind);
    expect(reply.result.error!.kind).not.toBe('Internal');
    expect(reply.result.error!.message.length).toBeGreaterThan(0);
    kinds[reply.result.error!.kind] = (kinds[reply.result.error!.kind] ?? 0) + 1;
  }
  const envelopes = fc.sample(fc.oneof(fc.jsonValue().map((value) => JSON.stringify(value)), fc.string()), { numRuns: FRAMES / 4, seed: 12 });
  /** The id the host answers with: the frame's own when it is a string or number, else null. */
  const replyIdOf = (raw: string): unknown => {
    try {
      const id = (JSON.parse(raw) as { id?: unknown } | null)?.id;
      return typeof id === 'string' || typeof id === 'number' ? id : null;
    } catch {
      return null;
    }
  };
  for (const raw of envelopes) {
    const reply = await client.send(raw, replyIdOf(raw));
    expect(reply.result.ok).toBe(false);
    expect(reply.result.error!.kind).toBe('InvalidRequest');
  }
  const binary = await client.send(Buffer.from([0, 1, 2, 255]), null);
  expect(binary.result.error!.kind).toBe('InvalidRequest');

  const profiles = await client.request((id += 1), 'profiles.list', {});
  expect((profiles.result.data as { name: string }[]).map((profile) => profile.name)).toContain('Kept');
  recordFigures('page-payloads', { requests: samples.length, envelopes: envelopes.length + 1, errorKinds: JSON.stringify(kinds) });
}, sized(60_000, 600_000));

it('closes only the socket that sent an oversized frame; the host keeps serving', async () => {
  const victim = await connect();
  const closed = new Promise<number>((resolve) => victim.ws.once('close', (code) => resolve(code)));
  victim.ws.send('x'.repeat(2 * 1024 * 1024));
  expect(await closed).toBe(1009);
  const fresh = await connect();
  const info = await fresh.request(1, 'app.info', {});
  expect(info.result.ok).toBe(true);
  fresh.ws.close();
});

it('answers deeply nested and huge-but-allowed frames', async () => {
  const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
  const nested = await client.send(`{"type":"request","id":"deep","channel":"profiles.save","payload":${deep}}`, 'deep');
  expect(nested.result.error?.kind).toBe('InvalidRequest');
  const big = await client.send(JSON.stringify({ type: 'request', id: 'big', channel: 'messages.send', payload: { conversationId: 'x', text: 'y'.repeat(900_000) } }), 'big');
  expect(big.result.error?.kind).toBe('NotFound');
});
