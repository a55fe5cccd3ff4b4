// A user converses as the customer in the real console. First against the sandbox's default agent
// (Sandy) through the real engine: start, send text, answer a quick reply, send a file, open the
// inspector. Then against a scripted console page (a fake transport installed before the app loads) to
// check the content a live agent sends rarely or never on demand: cards, carousels, failed deliveries,
// read-only conversations.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { consoleForFile, openConsole, screenshot, sendAsGuest } from './browser';

const rig = consoleForFile();

/** A small solid-colour PNG, built in memory. */
function solidPng(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3).map((_, index) => [r, g, b][index % 3] ?? 0)]);
  const pixels = zlib.deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

async function startSandboxConversation(page: Page, persona: string) {
  await page.getByRole('button', { name: 'New conversation' }).click();
  const dialog = page.getByRole('dialog', { name: 'New conversation' });
  await dialog.getByRole('textbox', { name: 'Persona name' }).fill(persona);
  await dialog.getByRole('button', { name: 'Start conversation' }).click();
  await dialog.waitFor({ state: 'hidden' });
}


describe('a Web Messaging conversation with the sandbox agent', () => {
  it('starts, sends text, answers a quick reply, sends a file, and shows the raw frames', async () => {
    const { page, context } = await openConsole(rig.browser, rig.app.console.url);

    await page.getByRole('button', { name: 'New conversation' }).click();
    const dialog = page.getByRole('dialog', { name: 'New conversation' });
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Profile' }).inputValue()).toBe('sandbox');
    expect(await dialog.getByRole('radio', { name: 'Web Messaging' }).isChecked()).toBe(true);
    await dialog.getByRole('textbox', { name: 'Persona name' }).fill('Jamie Rivera');
    await dialog.getByRole('textbox', { name: 'Email' }).fill('jamie@example.com');
    await dialog.getByRole('button', { name: 'Add attribute' }).click();
    await dialog.getByRole('textbox', { name: 'Attribute 1 name' }).fill('tier');
    await dialog.getByRole('textbox', { name: 'Attribute 1 value' }).fill('gold');
    await dialog.getByText('8 / 2048 bytes').waitFor();
    await screenshot(page, 'new-conversation-light');
    await dialog.getByRole('button', { name: 'Start conversation' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const list = page.getByRole('list', { name: 'Conversations' });
    const row = list.getByRole('button', { name: /Jamie Rivera/ });
    await row.waitFor();
    expect(await row.getAttribute('aria-current')).toBe('true');
    await row.getByText('Web Messaging').waitFor();

    const log = page.getByRole('log', { name: 'Messages' });
    await page.getByRole('region', { name: 'Conversation details' }).getByText('Live').waitFor();

    await sendAsGuest(page, 'hello');
    const hello = log.getByRole('article', { name: 'You' }).filter({ hasText: 'hello' });
    await hello.getByText('Sent', { exact: true }).waitFor();
    await log.getByRole('article', { name: 'Sandy' }).filter({ hasText: "Hello! I'm Sandy." }).waitFor();

    await sendAsGuest(page, 'quick');
    const replies = log.getByRole('group', { name: 'Quick replies' });
    await replies.getByRole('button', { name: 'Coffee' }).click();
    await log.getByText('Good choice: Coffee (payload QR_COFFEE).').waitFor();
    await expect.poll(() => replies.getByRole('button', { name: 'Tea' }).isDisabled()).toBe(true);
    expect(await replies.getByRole('button', { name: 'Coffee' }).getAttribute('aria-pressed')).toBe('true');

    await sendAsGuest(page, 'card');
    const card = log.getByRole('article', { name: 'Sandbox Plus' });
    await card.getByRole('button', { name: 'Buy now' }).waitFor();
    expect(await card.getByRole('link', { name: /Read more/ }).getAttribute('rel')).toContain('noopener');

    await page.getByLabel('Files to attach').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: solidPng(96, 64, [37, 99, 235]) });
    await page.getByRole('list', { name: 'Files to send' }).getByText('receipt.png').waitFor();
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const upload = log.getByRole('article', { name: 'You' }).filter({ hasText: 'receipt.png' });
    await upload.getByText('Sent', { exact: true }).waitFor();
    await log.getByText('Thanks, I received your file.').waitFor();
    await screenshot(page, 'conversation-light');

    await page.getByRole('button', { name: 'Inspector' }).click();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await expect.poll(() => inspector.getByRole('listitem').count()).toBeGreaterThan(4);
    await inspector.getByRole('searchbox', { name: 'Filter frames' }).fill('QR_COFFEE');
    const coffeeFrame = inspector.getByRole('listitem').first();
    await coffeeFrame.locator('summary').click();
    await coffeeFrame.getByText('QR_COFFEE').first().waitFor();
    await screenshot(page, 'inspector-light');
    await inspector.getByRole('searchbox', { name: 'Filter frames' }).fill('');
    await page.getByRole('button', { name: 'Inspector' }).click();
    await inspector.waitFor({ state: 'detached' });
    await context.close();
  });

  it('shows the same thread in the dark theme after a reload', async () => {
    const { page, context } = await openConsole(rig.browser, rig.app.console.url, 'dark');
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /Jamie Rivera/ }).click();
    const log = page.getByRole('log', { name: 'Messages' });
    await log.getByText('Good choice: Coffee (payload QR_COFFEE).').waitFor();
    await log.getByRole('article', { name: 'You' }).filter({ hasText: 'receipt.png' }).getByText('Sent', { exact: true }).waitFor();
    await screenshot(page, 'conversation-dark');
    await context.close();
  });

  it('becomes read-only when the agent ends it, and "Start new" carries on as the same guest', async () => {
    const { page, context } = await openConsole(rig.browser, rig.app.console.url);
    await startSandboxConversation(page, 'Robin Read-Only');
    const log = page.getByRole('log', { name: 'Messages' });
    await sendAsGuest(page, 'bye');
    await log.getByText('Thanks for chatting, goodbye!').waitFor();
    await page.getByText('The agent ended this conversation.', { exact: true }).waitFor();
    const box = page.getByRole('textbox', { name: 'Message' });
    await expect.poll(() => box.isDisabled()).toBe(true);
    expect((await page.locator('#composer-reason').textContent())?.trim()).not.toBe('');

    await page.getByRole('button', { name: 'Start new' }).click();
    await expect.poll(() => box.isEnabled()).toBe(true);
    await sendAsGuest(page, 'hello');
    await log.getByText("Hello! I'm Sandy.").last().waitFor();
    await context.close();
  });

  it('keeps the thread at its newest message in a 4-way split, when the agent ends it, and when the inspector or agent desk opens', async () => {
    const { page, context } = await openConsole(rig.browser, rig.app.console.url);
    const control = rig.app.console.sandbox.control;
    const known = new Set(control.listConversations().map((conversation) => conversation.id));
    await startSandboxConversation(page, 'Fiona Follow');
    await page.getByRole('log', { name: 'Messages' }).getByText("Hi, I'm Sandy").waitFor();
    await expect.poll(() => control.listConversations().filter((conversation) => !known.has(conversation.id)).length).toBe(1);
    const followed = control.listConversations().find((conversation) => !known.has(conversation.id))!.id;
    await startSandboxConversation(page, 'Other Guest');
    const say = (text: string) => expect(control.operatorReply(followed, { text, nickname: 'Dana' }).ok).toBe(true);
    for (let index = 1; index <= 25; index += 1) say(`Update ${index} on your order.`);

    /** How far the log showing `text` is from its end, once `text` is there. */
    const distanceFromEnd = async (log: ReturnType<Page['getByRole']>, text: string) => {
      await log.getByText(text, { exact: true }).waitFor();
      await page.waitForTimeout(250);
      return log.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight);
    };

    await page.getByRole('button', { name: '4 side by side' }).click();
    const pane = page.getByRole('region', { name: /Pane \d: Fiona Follow/ });
    const paneLog = pane.getByRole('log', { name: 'Messages' });
    expect(await distanceFromEnd(paneLog, 'Update 25 on your order.')).toBeLessThanOrEqual(48);
    say('Update 26 on your order.');
    expect(await distanceFromEnd(paneLog, 'Update 26 on your order.')).toBeLessThanOrEqual(48);
    expect(await pane.getByRole('button', { name: 'Jump to latest' }).count()).toBe(0);
    // The pane's own tools: its agent desk opens over its thread, which stays at its end.
    await pane.getByRole('button', { name: 'Pane tools' }).click();
    await pane.getByRole('menuitem', { name: 'Agent desk' }).click();
    await pane.getByRole('complementary', { name: 'Agent desk' }).waitFor();
    await screenshot(page, 'split-view-pane-tools-light');
    await pane.getByRole('button', { name: 'Hide agent desk' }).click();
    // The list collapses to give the panes room, and comes back.
    const paneWidth = () => pane.evaluate((element) => element.getBoundingClientRect().width);
    const narrower = await paneWidth();
    await page.getByRole('button', { name: 'Hide conversation list' }).click();
    await expect.poll(paneWidth).toBeGreaterThan(narrower + 100);
    say('Update 27 on your order.');
    expect(await distanceFromEnd(paneLog, 'Update 27 on your order.')).toBeLessThanOrEqual(48);
    await page.getByRole('button', { name: 'Show conversation list' }).click();
    await page.getByRole('list', { name: 'Conversations' }).waitFor();

    await page.getByRole('button', { name: 'One conversation' }).click();
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /Fiona Follow/ }).click();
    const log = page.getByRole('log', { name: 'Messages' });
    await page.getByRole('button', { name: 'Inspector' }).click();
    await page.getByRole('complementary', { name: 'Inspector' }).waitFor();
    expect(await distanceFromEnd(log, 'Update 27 on your order.')).toBeLessThanOrEqual(48);
    // With the inspector open the header's actions still sit on one row.
    const actionTops = await page
      .getByRole('region', { name: 'Conversation details' })
      .locator('.header-actions > *')
      .evaluateAll((actions) => actions.map((action) => Math.round(action.getBoundingClientRect().top)));
    expect(new Set(actionTops).size).toBe(1);
    say('Update 28 on your order.');
    expect(await distanceFromEnd(log, 'Update 28 on your order.')).toBeLessThanOrEqual(48);
    await screenshot(page, 'inspector-follow-light');

    // The agent ends it: the banner takes room above the log, and the log still shows its end.
    expect(control.endConversation(followed).ok).toBe(true);
    await page.getByText('The agent ended this conversation.', { exact: true }).waitFor();
    await page.waitForTimeout(250);
    expect(await log.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight)).toBeLessThanOrEqual(48);
    await page.getByRole('button', { name: 'Inspector' }).click();
    await context.close();
  });

  it('stages files (picked, pasted, dropped) and sends them with the caption as one message; a removed chip sends nothing', async () => {
    const received: { text: string; files: string[] }[] = [];
    const stopWatching = rig.app.console.sandbox.control.watch((event) => {
      if (event.kind !== 'customer' || event.input.kind !== 'message') return;
      received.push({ text: event.input.text, files: event.input.content.flatMap((item) => (item.attachment ? [item.attachment.filename ?? '?'] : [])) });
    });
    try {
      const { page, context } = await openConsole(rig.browser, rig.app.console.url);
      await startSandboxConversation(page, 'Sasha Staged');
      await expect.poll(() => received.length, { timeout: 10_000 }).toBe(0);
      const log = page.getByRole('log', { name: 'Messages' });
      const box = page.getByRole('textbox', { name: 'Message' });
      const chips = page.getByRole('list', { name: 'Files to send' });
      const sendButton = page.getByRole('button', { name: 'Send', exact: true });

      // Picked: two files become two chips with their sizes; nothing goes out yet.
      await page.getByLabel('Files to attach').setInputFiles([
        { name: 'parcel.png', mimeType: 'image/png', buffer: solidPng(64, 48, [22, 163, 74]) },
        { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Order 1042: two parcels, one damaged.') },
      ]);
      await chips.getByRole('listitem').filter({ hasText: 'notes.txt' }).getByText('37 B').waitFor();
      expect(await chips.getByRole('listitem').count()).toBe(2);
      // Pasted and dropped (on the thread, not only on the composer): the same chips, from the clipboard and from a drag.
      await box.evaluate((element) => {
        const data = new DataTransfer();
        data.items.add(new File(['pasted words'], 'pasted.txt', { type: 'text/plain' }));
        element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      });
      await log.evaluate((element) => {
        const data = new DataTransfer();
        data.items.add(new File(['dropped words'], 'dropped.txt', { type: 'text/plain' }));
        element.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
        element.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      });
      await chips.getByText('dropped.txt').waitFor();
      expect(await chips.getByRole('listitem').allTextContents()).toEqual([
        expect.stringContaining('parcel.png'),
        expect.stringContaining('notes.txt'),
        expect.stringContaining('pasted.txt'),
        expect.stringContaining('dropped.txt'),
      ]);
      await screenshot(page, 'composer-staged-light');
      for (const name of ['notes.txt', 'pasted.txt', 'dropped.txt']) await page.getByRole('button', { name: `Remove ${name}` }).click();
      expect(received).toEqual([]);

      await box.fill('The parcel arrived damaged');
      await box.press('Enter');
      const message = log.getByRole('article', { name: 'You' }).filter({ hasText: 'parcel.png' });
      await message.getByText('Sent', { exact: true }).waitFor();
      await message.getByText('The parcel arrived damaged').waitFor();
      await chips.waitFor({ state: 'detached' });
      expect(await box.inputValue()).toBe('');
      expect(received).toEqual([{ text: 'The parcel arrived damaged', files: ['parcel.png'] }]);
      await log.getByText('Thanks, I received your file.').waitFor();

      // Staged, then taken off again: Send has nothing to send, and nothing reaches the sandbox.
      await page.getByLabel('Files to attach').setInputFiles({ name: 'second.png', mimeType: 'image/png', buffer: solidPng(8, 8, [0, 0, 0]) });
      await chips.getByText('second.png').waitFor();
      await page.getByRole('button', { name: 'Remove second.png' }).click();
      await chips.waitFor({ state: 'detached' });
      expect(await sendButton.isDisabled()).toBe(true);
      await box.press('Enter');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(received).toHaveLength(1);
      expect(await log.getByRole('article', { name: 'You' }).count()).toBe(1);
      await context.close();
    } finally {
      stopWatching();
    }
  });
});

/**
 * Runs in the page before the app: a console host that answers from a fixed script, so every kind of
 * thread content can be shown and checked without an agent that sends it. Self-contained on purpose.
 */
function installScriptedConsole() {
  type Listener = (payload: unknown) => void;
  const listeners = new Map<string, Set<Listener>>();
  const emit = (event: string, payload: unknown) => setTimeout(() => listeners.get(event)?.forEach((listener) => listener(payload)), 0);
  const now = Date.now();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  const image = (from: string, to: string) =>
    `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="520" height="280"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs><rect width="520" height="280" fill="url(#g)"/></svg>`)}`;
  type Summary = { id: string; state: string; unread: number; cannotSendReason?: string } & Record<string, unknown>;
  const summary = (id: string, personaName: string, patch: Record<string, unknown>): Summary => ({
    id,
    profileId: 'sandbox',
    profileName: 'Sandbox',
    channel: 'webmessaging',
    personaName,
    state: 'live',
    unread: 0,
    updatedAt: at(0),
    agentTyping: false,
    ...patch,
  });
  const conversations = [
    summary('rich', 'Morgan Lee', { agentTyping: true, lastText: 'Here is the price list.', platformConversationId: '3f9d2c1e-5b7a-4e8f-9c0d-1a2b3c4d5e6f' }),
    summary('reconnecting', 'Sam Okafor', { state: 'reconnecting', unread: 3, lastText: 'Let me check that for you.', updatedAt: at(4), stateDetail: 'The connection dropped; trying again in 2 s.' }),
    summary('readonly', 'Priya Patel', { state: 'readOnly', lastText: 'Thanks for chatting, goodbye!', updatedAt: at(80), cannotSendReason: 'The agent ended this conversation; start a new one to write again.' }),
    summary('failed', 'Load guest 17', { state: 'failed', lastText: 'hello', updatedAt: at(60 * 26), stateDetail: 'The deployment was not found (404). Check the deployment ID in Profiles.', cannotSendReason: 'This conversation failed.' }),
    summary('open', 'Chris Doe', { channel: 'openmessaging', state: 'ended', profileName: 'Acme Production', lastText: 'Order #4411 shipped.', updatedAt: at(60 * 24 * 3), stateDetail: 'Session closed by you.', cannotSendReason: 'This conversation has ended.' }),
  ];
  const sandy = { from: 'agent', senderName: 'Sandy', originatingEntity: 'Bot' };
  const card = (title: string, description: string, payload: string) => ({ title, description, actions: [{ type: 'Postback', text: `Choose ${title.toLowerCase()}`, payload }] });
  const threads: Record<string, Record<string, unknown>[]> = {
    rich: [
      { id: 's1', from: 'system', event: 'started', time: at(60 * 24 + 5), content: [] },
      { id: 'a1', ...sandy, time: at(60 * 24 + 5), text: "Hi, I'm Sandy, the sandbox agent. Type help to see what I can do.", content: [] },
      { id: 'g1', from: 'guest', time: at(60 * 24 + 4), text: 'quick', content: [], delivery: 'sent' },
      { id: 'a2', ...sandy, time: at(60 * 24 + 4), text: 'Which do you prefer?', content: [{ type: 'quickReplies', replies: [{ text: 'Tea', payload: 'QR_TEA' }, { text: 'Coffee', payload: 'QR_COFFEE' }, { text: 'Water', payload: 'QR_WATER' }] }] },
      { id: 'g2', from: 'guest', time: at(60 * 24 + 3), text: 'Coffee', content: [{ type: 'buttonResponse', text: 'Coffee', payload: 'QR_COFFEE' }], delivery: 'sent' },
      { id: 'a3', ...sandy, time: at(60 * 24 + 3), text: 'Good choice: Coffee (payload QR_COFFEE).', content: [] },
      { id: 'a4', ...sandy, time: at(12), text: 'Here is a card.', content: [{ type: 'card', card: { title: 'Sandbox Plus', description: 'Everything the sandbox does, with a bow on top.', image: image('#ff7a45', '#c2410c'), actions: [{ type: 'Postback', text: 'Buy now', payload: 'CARD_BUY' }, { type: 'Link', text: 'Read more', url: 'https://example.com/sandbox-plus' }] } }] },
      { id: 'a5', ...sandy, time: at(11), text: 'Pick a size.', content: [{ type: 'carousel', cards: [card('Small', 'For one guest.', 'SIZE_S'), card('Medium', 'For a team.', 'SIZE_M'), card('Large', 'For a contact centre.', 'SIZE_L')] }] },
      { id: 's2', from: 'system', event: 'agentJoined', senderName: 'Alex', time: at(9), content: [] },
      { id: 'a6', from: 'agent', senderName: 'Alex', originatingEntity: 'Human', time: at(9), text: 'Hi, Alex here. Here is the price list.', content: [{ type: 'attachment', attachment: { name: 'price-list.txt', mime: 'text/plain', mediaType: 'File', size: 64, url: 'http://127.0.0.1:9/price-list.txt' } }] },
      { id: 'g3', from: 'guest', time: at(8), content: [{ type: 'attachment', attachment: { name: 'receipt.png', mime: 'image/png', mediaType: 'Image', size: 2311, url: image('#2563eb', '#7aa7ff') } }], delivery: 'sent' },
      { id: 'g4', from: 'guest', time: at(6), text: 'Can I pay by invoice?', content: [], delivery: 'failed', failure: 'The platform refused the message (429 Too Many Requests).' },
      { id: 'a7', ...sandy, time: at(5), content: [{ type: 'unsupported', contentType: 'DatePicker' }] },
      { id: 'g5', from: 'guest', time: at(1), text: 'One more thing…', content: [], delivery: 'sending' },
    ],
    readonly: [
      { id: 'r1', ...sandy, time: at(82), text: 'Hello! How can I help?', content: [] },
      { id: 'r2', from: 'guest', time: at(81), text: 'bye', content: [], delivery: 'sent' },
      { id: 'r3', ...sandy, time: at(80), text: 'Thanks for chatting, goodbye!', content: [] },
      { id: 'r4', from: 'system', event: 'readOnly', time: at(80), content: [] },
    ],
  };
  const frames = [
    { seq: 1, time: at(13), direction: 'out', text: JSON.stringify({ action: 'configureSession', deploymentId: 'sandbox-deployment', token: '«redacted»' }) },
    { seq: 2, time: at(13), direction: 'in', text: JSON.stringify({ type: 'response', class: 'SessionResponse', code: 200, body: { connected: true, newSession: true } }) },
    { seq: 3, time: at(12), direction: 'in', text: JSON.stringify({ type: 'message', class: 'StructuredMessage', code: 200, body: { type: 'Structured', direction: 'Outbound', text: 'Here is a card.' } }) },
    { seq: 4, time: at(6), direction: 'note', text: 'Rate limited: waiting 2 s before sending again.' },
  ];
  const reply = <T,>(data: T) => Promise.resolve({ ok: true, data });
  const findItem = (conversationId: string, itemId: string) => (threads[conversationId] ?? []).find((item) => item.id === itemId);
  type Payload = { conversationId: string; itemId: string };
  const handlers: Record<string, (payload: Payload) => Promise<unknown>> = {
    'app.info': () => reply({ name: 'Guest Console', version: '0.1.0', host: 'web', platform: 'linux', versions: {}, dataDirectory: '/tmp', sandbox: null, secretProtection: 'memory', notices: [] }),
    'profiles.list': () => reply([{ id: 'sandbox', name: 'Sandbox', builtIn: true, region: 'sandbox', webMessaging: { deploymentId: 'sandbox-deployment', origin: '' }, openMessaging: { integrationId: 'sandbox-integration', clientId: '', receiveMode: 'webhook', webhookHost: '127.0.0.1', webhookPort: 0 } }]),
    'conversations.list': () => reply(conversations),
    'conversations.thread': ({ conversationId }) => reply({ conversation: conversations.find((item) => item.id === conversationId), items: threads[conversationId] ?? [] }),
    'conversations.markRead': ({ conversationId }) => {
      const conversation = conversations.find((item) => item.id === conversationId);
      if (conversation) conversation.unread = 0;
      emit('conversations.changed', { conversations });
      return reply(conversation);
    },
    'conversations.typing': () => {
      const counted = window as unknown as { typingCalls?: number };
      counted.typingCalls = (counted.typingCalls ?? 0) + 1;
      return reply({ sent: true });
    },
    'attachments.send': () => Promise.resolve({ ok: false, error: { kind: 'Forbidden', message: 'The file is larger than this deployment accepts (10 MB).' } }),
    'conversations.startNew': ({ conversationId }) => {
      const conversation = conversations.find((item) => item.id === conversationId);
      if (conversation) {
        conversation.state = 'live';
        delete conversation.cannotSendReason;
      }
      emit('conversations.changed', { conversations });
      emit('conversation.items', { conversationId, items: [{ id: 'r5', from: 'system', event: 'startedNew', time: new Date().toISOString(), content: [] }] });
      return reply(conversation);
    },
    'messages.retry': ({ conversationId, itemId }) => {
      // Kept in the thread too, as the engine's journal keeps it: a page that reads the thread again sees it sent.
      const item = Object.assign(findItem(conversationId, itemId) ?? {}, { delivery: 'sent', failure: undefined });
      emit('conversation.items', { conversationId, items: [item] });
      return reply(item);
    },
    'inspector.frames': () => reply(frames),
  };
  window.guestConsole = {
    invoke: (channel: string, payload: unknown) =>
      (handlers[channel]?.(payload as Payload) ?? Promise.resolve({ ok: false, error: { kind: 'Unavailable', message: `The scripted console does not answer ${channel}.` } })) as never,
    on: (event: string, listener: Listener) => {
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
}

describe('the thread shows everything an agent can send', () => {
  async function openScripted(colorScheme: 'light' | 'dark') {
    const context = await rig.browser.newContext({ colorScheme, viewport: { width: 1280, height: 800 } });
    await context.addInitScript(installScriptedConsole);
    const page = await context.newPage();
    await page.goto(rig.app.console.url);
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /Morgan Lee/ }).click();
    return { context, page, log: page.getByRole('log', { name: 'Messages' }) };
  }

  it('renders cards, carousels, files, answered quick replies, delivery states and unsupported content; says when a file is refused', async () => {
    const { context, page, log } = await openScripted('light');
    const sandbox = log.getByRole('article', { name: 'Sandbox Plus' });
    await sandbox.getByRole('button', { name: 'Buy now' }).waitFor();
    const readMore = sandbox.getByRole('link', { name: /Read more/ });
    expect(await readMore.getAttribute('href')).toBe('https://example.com/sandbox-plus');
    expect(await readMore.getAttribute('target')).toBe('_blank');
    expect(await readMore.getAttribute('rel')).toContain('noopener');

    // The carousel uses the thread's width: at 1280 px its three cards are whole, and it needs no arrows.
    const carousel = log.getByRole('group', { name: 'Carousel of 3 cards' });
    expect(await carousel.getByRole('article').count()).toBe(3);
    await carousel.scrollIntoViewIfNeeded();
    const clipped = () =>
      carousel.evaluate((strip) => {
        const right = strip.getBoundingClientRect().right;
        return [...strip.querySelectorAll('article')].filter((card) => card.getBoundingClientRect().right > right + 1).length;
      });
    expect(await clipped()).toBe(0);
    expect(await log.getByRole('button', { name: 'Next cards' }).count()).toBe(0);
    const replies = log.getByRole('group', { name: 'Quick replies' });
    expect(await replies.getByRole('button', { name: 'Water' }).isDisabled()).toBe(true);
    expect(await replies.getByRole('button', { name: 'Coffee' }).getAttribute('aria-pressed')).toBe('true');
    await log.getByRole('link', { name: /price-list\.txt/ }).waitFor();
    await log.getByRole('img', { name: 'receipt.png' }).waitFor();
    await log.getByText('This message has content the console cannot show yet (DatePicker).').waitFor();
    await log.getByRole('article', { name: 'You' }).filter({ hasText: 'One more thing…' }).getByText('Sending…').waitFor();
    await page.getByRole('status').getByText('Agent is typing…').waitFor();
    await page.getByRole('region', { name: 'Conversation details' }).getByRole('button', { name: 'Copy conversation ID' }).waitFor();

    const failed = log.getByRole('article', { name: 'You' }).filter({ hasText: 'Can I pay by invoice?' });
    await failed.getByText('The platform refused the message (429 Too Many Requests).').waitFor();
    await screenshot(page, 'conversation-content-light');


    await failed.getByRole('button', { name: 'Retry' }).click();
    await failed.getByText('Sent', { exact: true }).waitFor();
    expect(await failed.getByRole('button', { name: 'Retry' }).count()).toBe(0);

    const box = page.getByRole('textbox', { name: 'Message' });
    await box.pressSequentially('typing quickly');
    expect(await page.evaluate(() => (window as unknown as { typingCalls?: number }).typingCalls)).toBe(1);
    await page.getByLabel('Files to attach').setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: solidPng(8, 8, [0, 0, 0]) });
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('alert').getByText('Not sent: The file is larger than this deployment accepts (10 MB).').waitFor();
    // Refused: the file stays staged and the typed caption stays in the box, to fix and send again.
    await page.getByRole('list', { name: 'Files to send' }).getByText('huge.png').waitFor();
    expect(await box.inputValue()).toBe('typing quickly');
    await page.getByRole('button', { name: 'Remove huge.png' }).click();
    await box.fill('');

    await log.evaluate((element) => element.scrollTo(0, 0));
    const jump = page.getByRole('button', { name: 'Jump to latest' });
    await jump.click();
    await jump.waitFor({ state: 'detached' });

    const reconnecting = page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /Sam Okafor/ });
    await reconnecting.getByText('3 unread').waitFor();
    await reconnecting.click();
    await page.getByText('The connection dropped; trying again in 2 s.').waitFor();
    await expect.poll(() => reconnecting.getByText('3 unread').count()).toBe(0);

    // Narrower (two panes): the cards no longer fit, and the carousel says so and scrolls with its arrows.
    await page.getByRole('button', { name: '2 side by side' }).click();
    const narrow = page.getByRole('region', { name: /Pane \d: Morgan Lee/ }).getByRole('group', { name: 'Carousel of 3 cards' });
    await narrow.scrollIntoViewIfNeeded();
    const frame = narrow.locator('..');
    await frame.getByText(/^Cards 1–[12] of 3$/).waitFor();
    await frame.getByRole('button', { name: 'Next cards' }).click();
    await frame.getByText(/^Cards 2–[23] of 3/).waitFor();
    await screenshot(page, 'carousel-narrow-light');
    await context.close();
  });

  it('offers "Start new" on a read-only conversation and explains why the composer is disabled', async () => {
    const { context, page, log } = await openScripted('dark');
    await screenshot(page, 'conversation-content-dark');
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /Priya Patel/ }).click();
    await page.getByText('The agent ended this conversation.', { exact: true }).waitFor();
    const box = page.getByRole('textbox', { name: 'Message' });
    expect(await box.isDisabled()).toBe(true);
    expect(await page.locator('#composer-reason').textContent()).toBe('The agent ended this conversation; start a new one to write again.');
    expect(await box.getAttribute('aria-describedby')).toBe('composer-reason');
    await screenshot(page, 'read-only-dark');
    await page.getByRole('button', { name: 'Start new' }).click();
    await log.getByText('New conversation started').waitFor();
    await expect.poll(() => box.isEnabled()).toBe(true);
    await context.close();
  });
});
