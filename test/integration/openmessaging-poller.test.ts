// Open Messaging guests receiving by polling, against the sandbox on one fake clock: replies arrive,
// 20 conversations share one request budget, a long idle conversation costs a bounded number of reads,
// the end of a conversation is shown, button answers, and a restarted guest reads only what is new.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLL_TUNING } from '../../electron/engine/genesys/openmessaging/poll-schedule';
import { busiestWindow, startOpenMessagingRig, type OpenMessagingRig } from './openmessaging-rig';

let rig: OpenMessagingRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const isRead = (path: string) => /^\/api\/v2\/conversations\/messages\/[^/]+$/.test(path);
const isBulk = (path: string) => path.endsWith('/messages/bulk');

describe('an Open Messaging guest polling', () => {
  it('sends, learns the conversation and receives the reply by reading only new messages', async () => {
    rig = await startOpenMessagingRig();
    const profile = rig.profile({ receiveMode: 'poll' });
    const probe = rig.startGuest({ profile, customerId: 'poll-1' });
    await rig.drive(() => probe.guest.state === 'live');
    probe.guest.send({ type: 'text', clientId: 'c-1', text: 'first' });
    await rig.drive(() => probe.agentTexts().includes('first'));
    probe.guest.send({ type: 'text', clientId: 'c-2', text: 'second' });
    await rig.drive(() => probe.agentTexts().includes('second'));
    expect(probe.agentTexts()).toEqual(['first', 'second']);
    expect(probe.acknowledged()).toEqual(['c-1', 'c-2']);
    // our own messages are known from the acknowledgements: the bulk reads asked only for agent messages
    const bulkBodies = probe.frames().filter((f) => f.startsWith('out POST') && f.includes('/messages/bulk'));
    expect(bulkBodies).toHaveLength(2);
    for (const body of bulkBodies) expect(JSON.parse(body.slice(body.indexOf('['))) as string[]).toHaveLength(1);
    expect(rig.sandbox.control.listConversations()[0]?.id).toBe(probe.conversationId());
  });

  it('runs 20 conversations in parallel within the shared request budget', async () => {
    const perMinute = 60;
    const burst = 6;
    rig = await startOpenMessagingRig({ engine: { requestBudgetPerMinute: perMinute, requestBurst: burst, deliveryReceipts: false } });
    const profile = rig.profile({ receiveMode: 'poll' });
    const probes = Array.from({ length: 20 }, (_, index) => rig!.startGuest({ profile, customerId: `parallel-${index}` }));
    await rig.drive(() => probes.every((p) => p.guest.state === 'live'));
    probes.forEach((p, index) => p.guest.send({ type: 'text', clientId: `a-${index}`, text: `token-${index}` }));
    await rig.drive(() => probes.every((p) => p.agentTexts().length === 1), { stepMs: 250, maxMs: 600_000 });
    probes.forEach((p, index) => p.guest.send({ type: 'text', clientId: `b-${index}`, text: `again-${index}` }));
    await rig.drive(() => probes.every((p) => p.agentTexts().length === 2), { stepMs: 250, maxMs: 600_000 });

    probes.forEach((p, index) => expect(p.agentTexts()).toEqual([`token-${index}`, `again-${index}`]));
    expect(busiestWindow(rig.proxy.requests, 60_000)).toBeLessThanOrEqual(perMinute + burst);
    expect(rig.proxy.requests.filter((r) => r.status === 429)).toEqual([]);
    // one read in flight per conversation: no conversation was read twice at the same clock instant
    const reads = rig.proxy.requests.filter((r) => isRead(r.path)).map((r) => `${r.path}@${r.at}`);
    expect(new Set(reads).size).toBe(reads.length);
  });

  it('reads a long, mostly idle conversation a bounded number of times (fake clock)', async () => {
    rig = await startOpenMessagingRig({ engine: { deliveryReceipts: false } });
    const profile = rig.profile({ receiveMode: 'poll' });
    const probe = rig.startGuest({ profile, customerId: 'idle-1' });
    await rig.drive(() => probe.guest.state === 'live');
    probe.guest.send({ type: 'text', clientId: 'c-1', text: 'anyone there?' });
    await rig.drive(() => probe.agentTexts().length === 1);
    const quietFrom = rig.clock.now();
    const before = rig.proxy.requests.length;
    await rig.drive(() => rig!.clock.now() - quietFrom >= 3_600_000, { stepMs: 5_000, maxMs: 3_700_000 });
    const idleRequests = rig.proxy.requests.slice(before);

    // bound from the schedule: the after-agent steps, then one read per idle cap, plus one in flight
    const steps = DEFAULT_POLL_TUNING.afterAgentMessageMs;
    const stepTime = steps.reduce((sum, ms) => sum + ms, 0);
    const bound = steps.length + Math.ceil((3_600_000 - stepTime) / DEFAULT_POLL_TUNING.idleCapMs) + 1;
    expect(bound).toBeLessThanOrEqual(126);
    expect(idleRequests.filter((r) => isBulk(r.path))).toEqual([]);
    expect(idleRequests.length).toBeLessThanOrEqual(bound);
    expect(idleRequests.length).toBeGreaterThan(100); // it kept watching
  });

  it('shows the end of the conversation, stops reading, and starts a new one on "Start new"', async () => {
    rig = await startOpenMessagingRig({ sandbox: { defaultAgentScript: 'default' } });
    const profile = rig.profile({ receiveMode: 'poll' });
    const probe = rig.startGuest({ profile, customerId: 'ending-1' });
    await rig.drive(() => probe.guest.state === 'live');
    probe.guest.send({ type: 'text', clientId: 'c-1', text: 'bye' });
    await rig.drive(() => probe.guest.state === 'readOnly');
    expect(probe.events.filter((e) => e.type === 'ended')).toEqual([expect.objectContaining({ type: 'ended', readOnly: true, id: `${probe.conversationId()}:ended` })]);
    expect(probe.agentTexts()).toContain('Thanks for chatting, goodbye!');
    const first = probe.conversationId();

    const after = rig.proxy.requests.length;
    await rig.drive(() => false, { stepMs: 10_000, maxMs: 120_000 }).catch(() => undefined);
    expect(rig.proxy.requests.slice(after).filter((r) => isRead(r.path))).toEqual([]);

    probe.guest.startNew();
    expect(probe.guest.state).toBe('live');
    probe.guest.send({ type: 'text', clientId: 'c-2', text: 'hello' });
    await rig.drive(() => probe.conversationId() !== first && probe.agentTexts().some((t) => t.startsWith('Hello!')));
    expect(rig.sandbox.control.listConversations()).toHaveLength(2);
  });

  it('answers a quick reply through the structured-response endpoint', async () => {
    rig = await startOpenMessagingRig({ sandbox: { defaultAgentScript: 'default' } });
    const profile = rig.profile({ receiveMode: 'poll' });
    const probe = rig.startGuest({ profile, customerId: 'quick-1' });
    await rig.drive(() => probe.guest.state === 'live');
    probe.guest.send({ type: 'text', clientId: 'c-1', text: 'quick' });
    await rig.drive(() => probe.messages().some((m) => m.content?.some((c) => c.contentType === 'QuickReply')));
    const offer = probe.messages().find((m) => m.content?.some((c) => c.contentType === 'QuickReply'))!;
    probe.guest.send({ type: 'choice', clientId: 'c-2', text: 'Tea', payload: 'QR_TEA', kind: 'QuickReply', offeredIn: offer.id });
    await rig.drive(() => probe.agentTexts().some((t) => t.startsWith('Good choice')));
    expect(probe.agentTexts()).toContain('Good choice: Tea (payload QR_TEA).');
    expect(probe.acknowledged()).toEqual(['c-1', 'c-2']);
    expect(probe.frames().some((f) => f.includes('/structured/response') && f.includes(`"originatingMessageId":"${offer.id}"`))).toBe(true);
    // the answer is not shown a second time when it is read back
    expect(probe.messages().filter((m) => m.direction === 'Inbound')).toEqual([]);
  });

  it('after a restart reads only messages it has not shown yet', async () => {
    rig = await startOpenMessagingRig({ sandbox: { defaultAgentScript: 'operator' } });
    const profile = rig.profile({ receiveMode: 'poll' });
    const first = rig.startGuest({ profile, customerId: 'restart-1' });
    await rig.drive(() => first.guest.state === 'live');
    first.guest.send({ type: 'text', clientId: 'c-1', text: 'hello operator' });
    await rig.drive(() => first.conversationId() !== undefined);
    const conversationId = first.conversationId()!;
    rig.sandbox.control.operatorReply(conversationId, { text: 'one' });
    await rig.drive(() => first.agentTexts().includes('one'));
    const known = ['c-1', ...first.messages().map((m) => m.id), ...first.events.flatMap((e) => (e.type === 'receipt' && e.status === 'sent' ? [e.message.id] : []))];
    first.guest.disconnect();

    rig.sandbox.control.operatorReply(conversationId, { text: 'two' });
    const second = rig.startGuest({ profile, customerId: 'restart-1', knownMessageIds: known, platformConversationId: conversationId });
    await rig.drive(() => second.agentTexts().includes('two'));
    expect(second.agentTexts()).toEqual(['two']);
  });
});
