// A guest message with a caption and several files, on both channels against the sandbox: it reaches the
// agent as one message (the caption and every file, in the order chosen), the thread shows it once with
// each file where the sandbox serves it, and one file the deployment refuses keeps the whole message back.
import { afterEach, describe, expect, it } from 'vitest';
import type { Channel, ConversationSummary, ThreadItem } from '../../shared/contract';
import type { ControlFeedEvent } from '../../electron/sandbox/control';
import { call, startRig, threadOf, waitLive, type Rig } from '../support/console-with-sandbox';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const NOTES = Buffer.from('Order 1042: two parcels, one damaged.');

interface Received {
  text: string;
  files: string[];
}

/** What the sandbox's agents received from guests, message by message. */
function receivedBySandbox(current: Rig): Received[] {
  const received: Received[] = [];
  current.sandbox.control.watch((event: ControlFeedEvent) => {
    if (event.kind !== 'customer' || event.input.kind !== 'message') return;
    received.push({ text: event.input.text, files: event.input.content.flatMap((item) => (item.attachment ? [item.attachment.filename ?? '?'] : [])) });
  });
  return received;
}

async function startGuest(channel: Channel): Promise<ConversationSummary> {
  const guest = await call<ConversationSummary>(rig!.engine, 'conversations.start', { profileId: 'sandbox', channel, persona: { name: 'Ada' } });
  await waitLive(rig!.engine, guest.id);
  return guest;
}

describe.each<Channel>(['webmessaging', 'openmessaging'])('a caption with two files on %s', (channel) => {
  it('arrives as one message with both files, and each file can be fetched where the thread says', async () => {
    rig = await startRig({ defaultAgentScript: 'operator' });
    const received = receivedBySandbox(rig);
    const guest = await startGuest(channel);
    const item = await call<ThreadItem>(rig.engine, 'attachments.send', {
      conversationId: guest.id,
      text: 'Here are the photo and my notes',
      files: [
        { fileName: 'parcel.png', mime: 'image/png', data: PNG.toString('base64') },
        { fileName: 'notes.txt', mime: 'text/plain', data: NOTES.toString('base64') },
      ],
    });
    expect(item.content.map((content) => content.type === 'attachment' && content.attachment.name)).toEqual(['parcel.png', 'notes.txt']);

    await expect.poll(async () => (await threadOf(rig!.engine, guest.id)).find((candidate) => candidate.id === item.id)?.delivery, { timeout: 10_000 }).toBe('sent');
    expect(received).toEqual([{ text: 'Here are the photo and my notes', files: ['parcel.png', 'notes.txt'] }]);

    const sent = (await threadOf(rig.engine, guest.id)).filter((candidate) => candidate.from === 'guest');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toBe('Here are the photo and my notes');
    const urls = sent[0]!.content.map((content) => (content.type === 'attachment' ? content.attachment.url : undefined));
    expect(urls.every((url) => typeof url === 'string')).toBe(true);
    expect(new Set(urls).size).toBe(2);
    const bytes = await Promise.all(urls.map(async (url) => Buffer.from(await (await fetch(url!)).arrayBuffer())));
    expect(bytes[0]!.equals(PNG)).toBe(true);
    expect(bytes[1]!.equals(NOTES)).toBe(true);
  });

  it('sends nothing when one of the files is refused, and says which', async () => {
    rig = await startRig({ defaultAgentScript: 'operator' });
    const received = receivedBySandbox(rig);
    const guest = await startGuest(channel);
    const refused = await rig.engine.dispatcher.dispatch('attachments.send', {
      conversationId: guest.id,
      text: 'Two files',
      files: [
        { fileName: 'parcel.png', mime: 'image/png', data: PNG.toString('base64') },
        { fileName: 'empty.txt', mime: 'text/plain', data: '' },
      ],
    });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'InvalidRequest', message: 'empty.txt is empty.' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toEqual([]);
    expect((await threadOf(rig.engine, guest.id)).filter((candidate) => candidate.from === 'guest')).toEqual([]);
  });
});
