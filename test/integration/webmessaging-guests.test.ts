// Web Messaging guests end to end: the engine against the sandbox over real loopback sockets.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationSummary, ThreadItem } from '../../shared/contract';
import { agentTexts, call, startGuest, startRig, threadOf, waitLive, type Rig } from '../support/console-with-sandbox';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('a Web Messaging guest', () => {
  it('sends text, sees it acknowledged, and gets the agent reply', async () => {
    rig = await startRig();
    const guest = await startGuest(rig.engine);
    await waitLive(rig.engine, guest.id);
    const sent = await call<ThreadItem>(rig.engine, 'messages.send', { conversationId: guest.id, text: 'echo good morning' });
    expect(sent.delivery).toBe('sending');
    await expect.poll(async () => agentTexts(await threadOf(rig!.engine, guest.id))).toContain('good morning');
    const mine = (await threadOf(rig.engine, guest.id)).find((item) => item.id === sent.id);
    expect(mine).toMatchObject({ delivery: 'sent', text: 'echo good morning' });
    expect(mine?.serverId).toBeTruthy();
  });

  it('is greeted first when the deployment auto-starts conversations, and waits for the guest when it does not', async () => {
    rig = await startRig();
    const greeted = await startGuest(rig.engine);
    await expect.poll(async () => agentTexts(await threadOf(rig!.engine, greeted.id)), { timeout: 10_000 }).toEqual([
      "Hi, I'm Sandy, the sandbox agent. Type help to see what I can do.",
    ]);
    await rig.close();

    rig = await startRig({ autoStart: false });
    const quiet = await startGuest(rig.engine);
    await waitLive(rig.engine, quiet.id);
    await call(rig.engine, 'messages.send', { conversationId: quiet.id, text: 'echo first words' });
    await expect.poll(async () => agentTexts(await threadOf(rig!.engine, quiet.id)), { timeout: 10_000 }).toContain('first words');
    const frames = await call<{ text: string }[]>(rig.engine, 'inspector.frames', { conversationId: quiet.id });
    expect(frames.some((frame) => frame.text.includes('"Join"'))).toBe(false);
  });

  it('runs 20 guests side by side, each getting its own replies', async () => {
    rig = await startRig();
    const engine = rig.engine;
    const guests = await Promise.all(Array.from({ length: 20 }, (_, index) => startGuest(engine, `Guest ${index}`)));
    await Promise.all(guests.map((guest) => waitLive(engine, guest.id)));
    await Promise.all(guests.map((guest, index) => call(engine, 'messages.send', { conversationId: guest.id, text: `echo token-${index}` })));
    for (const [index, guest] of guests.entries()) {
      await expect.poll(async () => agentTexts(await threadOf(engine, guest.id)), { timeout: 15_000 }).toContain(`token-${index}`);
      const texts = agentTexts(await threadOf(engine, guest.id));
      expect(texts.filter((text) => text.startsWith('token-'))).toEqual([`token-${index}`]);
    }
  });

  it('shows every agent message exactly once and in order when its socket drops mid-burst', async () => {
    rig = await startRig({ defaultAgentScript: 'operator' });
    const guest = await startGuest(rig.engine);
    await waitLive(rig.engine, guest.id);
    await call(rig.engine, 'messages.send', { conversationId: guest.id, text: 'hello operator' });
    await expect.poll(() => rig!.sandbox.control.listConversations().length).toBe(1);
    const [server] = rig.sandbox.control.listConversations();
    for (let index = 1; index <= 10; index += 1) {
      if (index === 3) expect(rig.sandbox.control.dropSockets()).toBeGreaterThan(0);
      const result = rig.sandbox.control.operatorReply(server!.id, { text: `operator message ${index}` });
      expect(result.ok).toBe(true);
    }
    const expected = Array.from({ length: 10 }, (_, index) => `operator message ${index + 1}`);
    await expect.poll(async () => agentTexts(await threadOf(rig!.engine, guest.id)), { timeout: 15_000 }).toEqual(expected);
    const items = await threadOf(rig.engine, guest.id);
    expect(items.some((item) => item.event === 'reconnected')).toBe(true);
  });

  it('survives forced too-many-requests replies without losing or doubling a message', async () => {
    rig = await startRig();
    const guest = await startGuest(rig.engine);
    await waitLive(rig.engine, guest.id);
    rig.sandbox.control.faults.set({ burst429: { count: 2, retryAfterSec: 1 } });
    const texts = ['echo one', 'echo two', 'echo three', 'echo four'];
    for (const text of texts) await call(rig.engine, 'messages.send', { conversationId: guest.id, text });
    await expect.poll(async () => agentTexts(await threadOf(rig!.engine, guest.id)), { timeout: 15_000 }).toEqual(
      expect.arrayContaining(['one', 'two', 'three', 'four']),
    );
    const items = await threadOf(rig.engine, guest.id);
    const guestTexts = items.filter((item) => item.from === 'guest').map((item) => item.text);
    expect(guestTexts).toEqual(texts);
    expect(items.filter((item) => item.from === 'guest').every((item) => item.delivery === 'sent')).toBe(true);
    const server = rig.sandbox.control.listConversations()[0]!;
    expect(server.messageCount).toBeGreaterThan(0);
    expect(agentTexts(items).filter((text) => ['one', 'two', 'three', 'four'].includes(text))).toHaveLength(4);
    const frames = await call<{ text: string }[]>(rig.engine, 'inspector.frames', { conversationId: guest.id });
    expect(frames.some((frame) => frame.text.includes('TooManyRequestsErrorMessage'))).toBe(true);
  });

  it('goes read-only when the agent ends the conversation, and "Start new" opens a new one', async () => {
    rig = await startRig();
    const guest = await startGuest(rig.engine);
    await waitLive(rig.engine, guest.id);
    await call(rig.engine, 'messages.send', { conversationId: guest.id, text: 'bye' });
    await expect
      .poll(async () => (await call<ConversationSummary[]>(rig!.engine, 'conversations.list', {}))[0]?.state, { timeout: 10_000 })
      .toBe('readOnly');
    const refused = await rig.engine.dispatcher.dispatch('messages.send', { conversationId: guest.id, text: 'are you there?' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'Conflict' } });
    await call(rig.engine, 'conversations.startNew', { conversationId: guest.id });
    await waitLive(rig.engine, guest.id);
    await call(rig.engine, 'messages.send', { conversationId: guest.id, text: 'echo back again' });
    await expect.poll(async () => agentTexts(await threadOf(rig!.engine, guest.id)), { timeout: 10_000 }).toContain('back again');
    const events = (await threadOf(rig.engine, guest.id)).map((item) => item.event).filter(Boolean);
    expect(events).toEqual(expect.arrayContaining(['readOnly', 'startedNew']));
  });

  it('uploads an attachment that the server can hand back byte for byte, and downloads the agent\'s', async () => {
    rig = await startRig();
    const guest = await startGuest(rig.engine);
    await waitLive(rig.engine, guest.id);
    const item = await call<ThreadItem>(rig.engine, 'attachments.send', {
      conversationId: guest.id,
      fileName: 'pixel.png',
      mime: 'image/png',
      data: PNG.toString('base64'),
    });
    await expect
      .poll(async () => (await threadOf(rig!.engine, guest.id)).find((candidate) => candidate.id === item.id)?.delivery, { timeout: 10_000 })
      .toBe('sent');
    const delivered = (await threadOf(rig.engine, guest.id)).find((candidate) => candidate.id === item.id)!;
    const attachment = delivered.content.find((content) => content.type === 'attachment');
    expect(attachment?.type === 'attachment' && attachment.attachment.url).toBeTruthy();
    if (attachment?.type !== 'attachment') throw new Error('no attachment');
    const download = await fetch(attachment.attachment.url!);
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
    await expect.poll(async () => agentTexts(await threadOf(rig!.engine, guest.id)), { timeout: 10_000 }).toContain('Thanks, I received your file.');

    await call(rig.engine, 'messages.send', { conversationId: guest.id, text: 'file' });
    await expect
      .poll(async () => (await threadOf(rig!.engine, guest.id)).find((candidate) => candidate.from === 'agent' && candidate.content.some((c) => c.type === 'attachment')), {
        timeout: 10_000,
      })
      .toBeTruthy();
    const agentFile = (await threadOf(rig.engine, guest.id)).find((candidate) => candidate.from === 'agent' && candidate.content.some((c) => c.type === 'attachment'))!;
    const offered = agentFile.content.find((content) => content.type === 'attachment');
    if (offered?.type !== 'attachment') throw new Error('no agent attachment');
    expect(await (await fetch(offered.attachment.url!)).text()).toContain('Sandbox price list');
  });

  it('refuses text over the limit and oversized custom attributes before sending', async () => {
    rig = await startRig();
    const guest = await startGuest(rig.engine);
    const long = await rig.engine.dispatcher.dispatch('messages.send', { conversationId: guest.id, text: 'x'.repeat(4097) });
    expect(long).toMatchObject({ ok: false, error: { kind: 'InvalidRequest' } });
    expect(!long.ok && long.error.message).toMatch(/4097 bytes.*4096/);
    const attributes = Object.fromEntries(Array.from({ length: 3 }, (_, index) => [`k${index}`, 'v'.repeat(1000)]));
    const big = await rig.engine.dispatcher.dispatch('messages.send', { conversationId: guest.id, text: 'hi', customAttributes: attributes });
    expect(big).toMatchObject({ ok: false, error: { kind: 'InvalidRequest' } });
    expect((await threadOf(rig.engine, guest.id)).filter((item) => item.from === 'guest')).toHaveLength(0);
  });

  it('answers a quick reply and gets the agent\'s follow-up', async () => {
    rig = await startRig();
    const guest = await startGuest(rig.engine);
    await waitLive(rig.engine, guest.id);
    await call(rig.engine, 'messages.send', { conversationId: guest.id, text: 'quick' });
    await expect
      .poll(async () => (await threadOf(rig!.engine, guest.id)).find((item) => item.content.some((content) => content.type === 'quickReplies')), { timeout: 10_000 })
      .toBeTruthy();
    const offer = (await threadOf(rig.engine, guest.id)).find((item) => item.content.some((content) => content.type === 'quickReplies'))!;
    await call(rig.engine, 'messages.choose', { conversationId: guest.id, itemId: offer.id, text: 'Coffee', payload: 'QR_COFFEE', kind: 'QuickReply' });
    await expect.poll(async () => agentTexts(await threadOf(rig!.engine, guest.id)), { timeout: 10_000 }).toContain(
      'Good choice: Coffee (payload QR_COFFEE).',
    );
  });
});
