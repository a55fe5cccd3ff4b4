// Open Messaging guests receiving by signed webhook, against the sandbox on one fake clock: send and
// receive, bad signatures (in the receiver's log only), retried and replayed deliveries (also after a
// restart), the replay window, malformed requests and slow bodies, token expiry, a 429 storm, 5xx and timeouts;
// a delivery the sandbox gave up on, found by the catch-up read.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLL_TUNING } from '../../electron/engine/genesys/openmessaging/poll-schedule';
import { signWebhookBody, WEBHOOK_SIGNATURE_HEADER } from '../../electron/protocol/openmessaging/webhook-signature';
import { makeTempDir } from '../support/temp-dir';
import { startOpenMessagingRig, type OpenMessagingRig } from './openmessaging-rig';

let rig: OpenMessagingRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

function outboundBody(id: string, customerId: string, time: string, text: string): string {
  return JSON.stringify({
    id,
    channel: { id: 'i', platform: 'Open', type: 'Private', to: { id: customerId }, from: { id: 'i' }, time },
    type: 'Text',
    text,
    direction: 'Outbound',
  });
}

function signedHeaders(secret: string, body: string): Record<string, string> {
  return { 'Content-Type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(secret, body) };
}

async function liveWebhookGuest(r: OpenMessagingRig, customerId?: string) {
  await r.registerWebhook(r.profile());
  const probe = r.startGuest(customerId ? { customerId } : {});
  await r.drive(() => probe.guest.state === 'live');
  return probe;
}

describe('an Open Messaging guest on the webhook', () => {
  it('sends as the persona, is acknowledged, learns the conversation and receives the signed reply', async () => {
    rig = await startOpenMessagingRig();
    await rig.registerWebhook(rig.profile());
    const probe = rig.startGuest({ customerId: 'ada-1', persona: { name: 'Ada Lovelace', email: 'ada@example.com', customAttributes: { plan: 'gold' } } });
    await rig.drive(() => probe.guest.state === 'live');
    probe.guest.send({ type: 'text', clientId: 'c-1', text: 'hello there', customAttributes: { plan: 'gold' } });
    await rig.drive(() => probe.agentTexts().includes('hello there'));

    expect(probe.acknowledged()).toEqual(['c-1']);
    const ack = probe.events.find((e) => e.type === 'receipt');
    expect(ack?.type === 'receipt' && ack.status === 'sent' && ack.message.id).toBeTruthy();
    const conversationId = probe.conversationId();
    expect(conversationId).toBeTruthy();
    const [server] = rig.sandbox.control.listConversations();
    expect(server).toMatchObject({ id: conversationId, customerId: 'ada-1', channel: 'openmessaging' });
    // the persona went out as channel.from, the attributes in channel.metadata, the client id as messageId
    const sent = probe.frames().find((frame) => frame.includes('/inbound/open/message'))!;
    expect(sent).toContain('"messageId":"c-1"');
    expect(sent).toContain('"firstName":"Ada"');
    expect(sent).toContain('"lastName":"Lovelace"');
    expect(sent).toContain('"email":"ada@example.com"');
    expect(sent).toContain('"customAttributes":{"plan":"gold"}');
    // the agent message got a Delivered receipt
    await rig.drive(() => rig!.proxy.requests.some((r) => r.path.endsWith('/inbound/open/receipt') && r.status === 200));
    // no secret or token in anything the inspector sees
    const everything = probe.frames().join('\n');
    for (const secret of [rig.sandbox.org.clientSecret, rig.sandbox.org.webhookSecret]) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/Bearer|access_token/);
  });

  it("rejects a wrongly signed or unsigned delivery, records it in the receiver's log only, and shows nothing", async () => {
    rig = await startOpenMessagingRig();
    const probe = await liveWebhookGuest(rig, 'ada-2');
    const url = await rig.guests.webhookUrl(rig.profile());
    const body = JSON.stringify({
      id: 'forged-1',
      channel: { id: 'x', platform: 'Open', type: 'Private', to: { id: 'ada-2' }, from: { id: 'x', nickname: 'Mallory' }, time: new Date(rig.clock.now()).toISOString() },
      type: 'Text',
      text: 'forged',
      direction: 'Outbound',
    });
    const wrong = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody('not-the-secret', body) } });
    const missing = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
    expect([wrong.status, missing.status]).toEqual([403, 401]);
    expect(rig.guests.webhookAttempts(rig.profile()).filter((a) => a.outcome === 'rejected').map((a) => a.status)).toEqual([403, 401]);
    // an unsigned post may name any guest: it writes nothing into that guest's inspector
    expect(probe.frames().filter((f) => /rejected|signature/i.test(f))).toEqual([]);
    expect(probe.messages()).toEqual([]);

    const check = await rig.guests.checkWebhook(rig.profile());
    expect(check).toEqual({ correctlySigned: { status: 200, accepted: true }, wronglySigned: { status: 403, accepted: false } });
    expect(probe.messages()).toEqual([]);
  });

  it('shows a delivery the sandbox had to retry once, and drops a replayed duplicate', async () => {
    rig = await startOpenMessagingRig();
    const probe = await liveWebhookGuest(rig, 'ada-3');
    rig.sandbox.control.faults.set({ failWebhookDeliveries: 2 });
    probe.guest.send({ type: 'text', clientId: 'c-1', text: 'retry me' });
    await rig.drive(() => probe.agentTexts().length > 0, { stepMs: 500 });
    expect(probe.agentTexts()).toEqual(['retry me']);

    // the same message id delivered again, correctly signed: answered 200 and dropped
    const reply = probe.messages()[0]!;
    const body = JSON.stringify({
      id: reply.id,
      channel: { id: 'i', platform: 'Open', type: 'Private', to: { id: 'ada-3' }, from: { id: 'i' }, time: new Date(rig.clock.now()).toISOString() },
      type: 'Text',
      text: 'retry me',
      direction: 'Outbound',
    });
    const again = await fetch(await rig.guests.webhookUrl(rig.profile()), {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(rig.sandbox.org.webhookSecret, body) },
    });
    expect(again.status).toBe(200);
    await rig.drive(() => rig!.guests.webhookAttempts(rig!.profile()).some((a) => a.outcome === 'duplicate'));
    expect(probe.agentTexts()).toEqual(['retry me']);
  });

  it('refuses a correctly signed delivery dated outside the replay window, in the past or the future', async () => {
    rig = await startOpenMessagingRig();
    const probe = await liveWebhookGuest(rig, 'ada-8');
    const url = await rig.guests.webhookUrl(rig.profile());
    const minutes = (n: number) => new Date(rig!.clock.now() + n * 60_000).toISOString();
    const statuses: number[] = [];
    for (const [id, time] of [['stale-1', minutes(-11)], ['future-1', minutes(11)], ['inside-1', minutes(-9)]] as const) {
      const body = outboundBody(id, 'ada-8', time, `dated ${id}`);
      statuses.push((await fetch(url, { method: 'POST', body, headers: signedHeaders(rig.sandbox.org.webhookSecret, body) })).status);
    }
    expect(statuses).toEqual([400, 400, 200]);
    const rejected = rig.guests.webhookAttempts(rig.profile()).filter((a) => a.outcome === 'rejected').map((a) => a.detail);
    expect(rejected).toEqual([expect.stringMatching(/stale-1 .* 11 min old/), expect.stringMatching(/future-1 .* 11 min in the future/)]);
    await rig.drive(() => probe.messages().length === 1);
    expect(probe.agentTexts()).toEqual(['dated inside-1']);
  });

  it('drops a replay after a restart too: the seen delivery ids are kept in the data folder, owner-only', async () => {
    const data = makeTempDir('guest-console-replays-');
    try {
      const engine = { webhookDeliveriesDirectory: data.path };
      rig = await startOpenMessagingRig({ engine });
      const before = await liveWebhookGuest(rig, 'ada-9');
      before.guest.send({ type: 'text', clientId: 'c-1', text: 'deliver me once' });
      await rig.drive(() => before.agentTexts().length > 0);
      const reply = before.messages().find((m) => m.direction === 'Outbound')!;
      const replay = outboundBody(reply.id, 'ada-9', new Date(rig.clock.now()).toISOString(), 'deliver me once');
      await rig.close();

      rig = await startOpenMessagingRig({ engine });
      const after = await liveWebhookGuest(rig, 'ada-9');
      const again = await fetch(await rig.guests.webhookUrl(rig.profile()), { method: 'POST', body: replay, headers: signedHeaders(rig.sandbox.org.webhookSecret, replay) });
      expect(again.status).toBe(200);
      expect(rig.guests.webhookAttempts(rig.profile()).at(-1)).toMatchObject({ outcome: 'duplicate' });
      expect(after.messages()).toEqual([]);
      const kept = path.join(data.path, 'sandbox.ndjson');
      expect(fs.readFileSync(kept, 'utf8')).toContain(reply.id);
      if (process.platform !== 'win32') expect(fs.statSync(kept).mode & 0o777).toBe(0o600);
    } finally {
      data.remove();
    }
  });

  it('loses nothing when the token expires mid-conversation, and renews a short-lived token before it expires', async () => {
    rig = await startOpenMessagingRig();
    const probe = await liveWebhookGuest(rig, 'ada-4');
    probe.guest.send({ type: 'text', clientId: 'c-1', text: 'first' });
    await rig.drive(() => probe.agentTexts().includes('first') && rig!.proxy.requests.some((r) => r.path.endsWith('/receipt')));

    rig.sandbox.control.expireTokens();
    probe.guest.send({ type: 'text', clientId: 'c-2', text: 'second' });
    await rig.drive(() => probe.agentTexts().includes('second'));
    expect(probe.frames().some((f) => f.includes('logging in again'))).toBe(true);
    expect(rig.proxy.requests.filter((r) => r.status === 401)).toHaveLength(1);

    rig.sandbox.control.faults.set({ tokenLifetimeSec: 60 });
    rig.sandbox.control.expireTokens();
    probe.guest.send({ type: 'text', clientId: 'c-3', text: 'third' }); // 401 → new login, now with a 60 s token
    await rig.drive(() => probe.agentTexts().includes('third'));
    const unauthorizedBefore = rig.proxy.requests.filter((r) => r.status === 401).length;
    for (const [index, text] of ['fourth', 'fifth', 'sixth'].entries()) {
      rig.clock.advance(25_000); // 75 s in all: past the token's life
      probe.guest.send({ type: 'text', clientId: `c-${index + 4}`, text });
      await rig.drive(() => probe.agentTexts().includes(text));
    }
    expect(rig.proxy.requests.filter((r) => r.status === 401)).toHaveLength(unauthorizedBefore);
    expect(probe.agentTexts()).toEqual(['first', 'second', 'third', 'fourth', 'fifth', 'sixth']);
    expect(probe.failed()).toEqual([]);
  });

  it('waits out a 429 storm (Retry-After, for the whole profile) and loses or doubles nothing', async () => {
    rig = await startOpenMessagingRig();
    const probe = await liveWebhookGuest(rig, 'ada-5');
    rig.sandbox.control.faults.set({ burst429: { count: 6, retryAfterSec: 3 } });
    const texts = ['one', 'two', 'three', 'four'];
    texts.forEach((text, index) => probe.guest.send({ type: 'text', clientId: `c-${index}`, text }));
    await rig.drive(() => probe.agentTexts().length === 4, { stepMs: 250 });
    expect(probe.agentTexts()).toEqual(texts);
    expect(probe.acknowledged()).toEqual(['c-0', 'c-1', 'c-2', 'c-3']);
    const limited = rig.proxy.requests.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    // after each 429 nothing went out before its Retry-After had passed
    for (const refusal of limited) {
      const next = rig.proxy.requests.find((r) => r.at > refusal.at && r.path.startsWith('/api/v2/'));
      if (next) expect(next.at - refusal.at).toBeGreaterThanOrEqual(3000);
    }
    const [server] = rig.sandbox.control.listConversations();
    expect(server?.participants.find((p) => p.purpose === 'customer')?.messageIds).toHaveLength(4);
  });

  it('retries 5xx with the same message id, then reports the message failed with a reason', async () => {
    rig = await startOpenMessagingRig({ sandbox: { random: () => 0 }, engine: { maxSendAttempts: 3 } });
    const probe = await liveWebhookGuest(rig, 'ada-6');
    rig.sandbox.control.faults.set({ http5xxRate: 1 });
    probe.guest.send({ type: 'text', clientId: 'c-1', text: 'doomed' });
    await rig.drive(() => probe.failed().length === 1, { stepMs: 250 });
    expect(probe.failed()[0]?.reason).toMatch(/HTTP 503/);
    expect(rig.proxy.requests.filter((r) => r.path.endsWith('/inbound/open/message'))).toHaveLength(3);

    rig.sandbox.control.faults.set({ http5xxRate: 0 });
    probe.guest.send({ type: 'text', clientId: 'c-1', text: 'doomed' }); // the user's "retry": same client id
    await rig.drive(() => probe.agentTexts().includes('doomed'));
    expect(probe.acknowledged()).toEqual(['c-1']);
  });

  it('does not create a duplicate when a send times out and is retried with the same message id', async () => {
    rig = await startOpenMessagingRig({ engine: { requestTimeoutMs: 300 } });
    const probe = await liveWebhookGuest(rig, 'ada-7');
    rig.sandbox.control.faults.set({ latencyMs: 1000 });
    probe.guest.send({ type: 'text', clientId: 'c-1', text: 'slow one' });
    // the sandbox holds the request on its (fake) clock; the SDK gives up on the wall clock
    await new Promise((resolve) => setTimeout(resolve, 600));
    rig.sandbox.control.faults.set({ latencyMs: 0 });
    await rig.drive(() => probe.acknowledged().length === 1 && probe.agentTexts().length > 0, { stepMs: 250 });
    expect(probe.frames().some((f) => f.includes('Timeout'))).toBe(true);
    const [server] = rig.sandbox.control.listConversations();
    expect(server?.participants.find((p) => p.purpose === 'customer')?.messageIds).toHaveLength(1);
    expect(probe.agentTexts()).toEqual(['slow one']);
  });

  it('finds a reply whose delivery Genesys gave up on with a catch-up read within minutes, shown once', async () => {
    rig = await startOpenMessagingRig();
    const probe = await liveWebhookGuest(rig, 'ada-10');
    const conversationReads = () => rig!.proxy.requests.filter((r) => r.method === 'GET' && /^\/api\/v2\/conversations\/messages\/[^/]+$/.test(r.path));
    // Every attempt at the reply fails (the first and its four retries, 85 s in all): the sandbox drops it.
    rig.sandbox.control.faults.set({ failWebhookDeliveries: 5 });
    const sentAt = rig.clock.now();
    probe.guest.send({ type: 'text', clientId: 'c-1', text: 'are you there?' });
    await rig.drive(() => probe.acknowledged().includes('c-1'));
    await rig.drive(() => rig!.sandbox.control.faults.get().failWebhookDeliveries === 0, { stepMs: 1000 });
    expect(probe.agentTexts()).toEqual([]);
    expect(conversationReads()).toEqual([]); // no read while the webhook may still deliver

    await rig.drive(() => probe.agentTexts().length > 0, { stepMs: 1000, maxMs: 300_000 });
    const foundAt = rig.clock.now();
    expect(probe.agentTexts()).toEqual(['are you there?']);
    expect(foundAt - sentAt).toBeLessThanOrEqual(DEFAULT_POLL_TUNING.webhookCatchUpMs + 5_000);
    expect(conversationReads()).toHaveLength(1);

    // Later reads find nothing new: one request each, every webhookCatchUpMs, and nothing shown twice.
    rig.clock.advance(2 * DEFAULT_POLL_TUNING.webhookCatchUpMs);
    await rig.drive(() => conversationReads().length === 3, { stepMs: 1000 });
    expect(rig.proxy.requests.filter((r) => r.path.endsWith('/messages/bulk'))).toHaveLength(1);
    expect(probe.agentTexts()).toEqual(['are you there?']);
    expect(probe.failed()).toEqual([]);
  });
});

