// The conversation reducer: live changes (the writer appends an entry, then applies it) and a replay of the
// journal give the same conversation; the reducer's own rules (duplicates, receipts, ended, the list's last
// message); and journal lines written before the port spoke intents. No server, no engine.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ThreadItem } from '../../../shared/contract';
import { apply, openThread, replay, type ConversationThread } from '../../../electron/engine/conversations/conversation-reducer';
import { ConversationWriter } from '../../../electron/engine/conversations/conversation-writer';
import type { LiveConversation } from '../../../electron/engine/conversations/live-conversation';
import { SecretRedactor } from '../../../electron/engine/conversations/redaction';
import { EventBus } from '../../../electron/engine/event-bus';
import { JournalEntrySchema, type ConversationRecord, type JournalEntry } from '../../../electron/engine/journal/journal-entry';
import { TranscriptJournal } from '../../../electron/engine/journal/transcript-journal';
import { createFakeClock, type FakeClock } from '../../integration/sandbox/openmessaging-harness';
import { makeTempDir } from '../../support/temp-dir';

const record: ConversationRecord = {
  id: 'c-1',
  profileId: 'sandbox',
  profileName: 'Sandbox',
  channel: 'webmessaging',
  persona: { name: 'Ada', customAttributes: { plan: 'gold' } },
  createdAt: '2026-11-24T10:00:00.000Z',
  guestToken: 'token-of-ada',
};

const guest = (id: string, time: string, text = id): ThreadItem => ({ id, from: 'guest', senderName: 'Ada', time, text, content: [], delivery: 'sending' });
const agent = (id: string, time: string, text = id): ThreadItem => ({ id, serverId: id, from: 'agent', time, text, content: [] });
const system = (id: string, time: string): ThreadItem => ({ id, from: 'system', time, text: 'Reconnected.', content: [], event: 'reconnected' });
const at = (seconds: number) => new Date(Date.parse(record.createdAt) + seconds * 1000).toISOString();

/** What a conversation is, without object identities: what live and replay must agree on. */
function snapshot(thread: ConversationThread) {
  return { ...thread, items: [...thread.items.entries()], outgoing: [...thread.outgoing.entries()] };
}

describe('the conversation reducer', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let journal: TranscriptJournal;
  let clock: FakeClock;
  let bus: EventBus;
  let writer: ConversationWriter;
  let published: { event: string; payload: unknown }[];

  beforeEach(() => {
    dir = makeTempDir();
    journal = new TranscriptJournal({ directory: dir.path });
    clock = createFakeClock(Date.parse(record.createdAt));
    bus = new EventBus();
    published = [];
    bus.subscribe((event, payload) => published.push({ event, payload }));
    let ids = 0;
    writer = new ConversationWriter({ journal, bus, clock, redactor: new SecretRedactor(), newId: () => `id-${(ids += 1)}`, list: () => [] });
  });
  afterEach(() => {
    journal.close();
    dir.remove();
  });

  /** Changes made live, a second apart, as the service makes them. */
  function playLive(): LiveConversation {
    const conversation = writer.open(record);
    const step = () => clock.advance(1000);
    writer.systemItem(conversation, 'started', 'Conversation started as Ada on Sandbox.');
    step();
    writer.item(conversation, guest('g-1', writer.isoNow(), 'hello'), { type: 'text', text: 'hello', customAttributes: { plan: 'gold' } });
    step();
    writer.sent(conversation, 'g-1', 'srv-g-1');
    writer.state(conversation, 'live');
    writer.platform(conversation, 'platform-1');
    step();
    writer.item(conversation, agent('a-1', at(2)));
    writer.item(conversation, agent('a-1', at(2))); // reported twice: one message, counted once
    step();
    writer.item(conversation, agent('a-2', at(4)));
    step();
    writer.read(conversation);
    step();
    // Caught up from the history after the read mark, though said before it: unread, as it was live.
    writer.item(conversation, agent('a-3', at(3), 'said while away'));
    step();
    writer.item(conversation, guest('g-2', writer.isoNow(), 'a file'), { type: 'attachment', text: 'a file', attachments: [{ id: 'att-1' }] });
    writer.failed(conversation, 'g-2', 'The upload failed.');
    step();
    writer.item(conversation, guest('g-2', at(7), 'a file'));
    writer.sent(conversation, 'g-2', 'srv-g-2', ['https://files.example/att-1']);
    writer.failed(conversation, 'g-2', 'too late'); // a late failure never undoes a confirmed message
    step();
    writer.state(conversation, 'ended', 'You closed this conversation.');
    writer.state(conversation, 'live'); // nothing brings an ended conversation back
    return conversation;
  }

  it('gives the same conversation live and from its journal, updatedAt and unread included', () => {
    const live = playLive();
    const read = journal.read(record.id);
    expect(read.problems).toEqual([]);
    const restored = replay(read.entries)!;
    expect(snapshot(restored)).toEqual(snapshot(live.thread));
    expect(restored.unread).toBe(1);
    expect(restored.updatedAt).toBe(at(8));
    expect(restored.state).toBe('ended');
    expect(restored.stateDetail).toBe('You closed this conversation.');
    expect(restored.lastMessage?.id).toBe('g-2');
    expect(restored.items.get('g-2')).toMatchObject({ delivery: 'sent', serverId: 'srv-g-2', text: 'a file' });
    expect(restored.items.get('g-2')).not.toHaveProperty('failure');
  });

  it('writes nothing for a duplicate or a change the reducer would not make, and tells the UI of each real change once', () => {
    const live = playLive();
    const lines = journal.read(record.id).entries;
    expect(lines.filter((entry) => entry.t === 'item' && entry.item.id === 'a-1')).toHaveLength(1);
    expect(lines.filter((entry) => entry.t === 'state').map((entry) => entry.t === 'state' && entry.state)).toEqual(['live', 'ended']);
    const itemEvents = published.filter(({ event }) => event === 'conversation.items').map(({ payload }) => (payload as { items: ThreadItem[] }).items[0]!.id);
    expect(itemEvents.filter((id) => id === 'a-1')).toHaveLength(1);
    // g-2: added, failed, sent again, confirmed — the late failure changed nothing and was not announced
    expect(itemEvents.filter((id) => id === 'g-2')).toHaveLength(4);
    expect(live.thread.items.size).toBe(6);
  });

  it('counts unread agent messages from the read mark, in the order they came', () => {
    const thread = openThread(record);
    const entry = (item: ThreadItem, seconds: number): JournalEntry => ({ t: 'item', at: at(seconds), item });
    apply(thread, entry(agent('a-1', at(1)), 1));
    apply(thread, entry(guest('g-1', at(2)), 2));
    expect(thread.unread).toBe(1);
    apply(thread, { t: 'read', at: at(3), upTo: at(3) });
    expect(thread.unread).toBe(0);
    apply(thread, entry(agent('a-2', at(0)), 4));
    apply(thread, entry(system('s-1', at(5)), 5));
    expect(thread.unread).toBe(1);
    expect(thread.readUpTo).toBe(at(3));
  });

  it('ignores a duplicate agent message or lifecycle line entirely, but updates a guest message', () => {
    const thread = openThread(record);
    apply(thread, { t: 'item', at: at(1), item: agent('a-1', at(1), 'first') });
    apply(thread, { t: 'item', at: at(1), item: system('s-1', at(1)) });
    apply(thread, { t: 'item', at: at(9), item: agent('a-1', at(1), 'changed?') });
    apply(thread, { t: 'item', at: at(9), item: system('s-1', at(9)) });
    expect(thread.items.get('a-1')?.text).toBe('first');
    expect(thread.items.get('s-1')?.time).toBe(at(1));
    expect(thread.unread).toBe(1);
    expect(thread.updatedAt).toBe(at(1));
    apply(thread, { t: 'item', at: at(2), item: guest('g-1', at(2)) });
    apply(thread, { t: 'item', at: at(3), item: { ...guest('g-1', at(2)), delivery: 'failed', failure: 'no' } });
    expect(thread.items.get('g-1')?.delivery).toBe('failed');
    expect(thread.updatedAt).toBe(at(3));
  });

  it('applies a receipt only to a guest message already in the thread', () => {
    const thread = openThread(record);
    apply(thread, { t: 'sent', at: at(1), itemId: 'g-1', serverId: 'srv-1' }); // before its message: nothing to confirm
    expect(thread.items.size).toBe(0);
    expect(thread.updatedAt).toBe(record.createdAt);
    apply(thread, { t: 'item', at: at(2), item: guest('g-1', at(2)) });
    apply(thread, { t: 'item', at: at(3), item: agent('a-1', at(3)) });
    apply(thread, { t: 'failed', at: at(4), itemId: 'a-1', reason: 'not a guest message' });
    expect(thread.items.get('a-1')).not.toHaveProperty('failure');
    apply(thread, { t: 'sent', at: at(5), itemId: 'g-1', serverId: 'srv-1' });
    expect(thread.items.get('g-1')).toMatchObject({ delivery: 'sent', serverId: 'srv-1' });
    expect(thread.updatedAt).toBe(at(5));
    apply(thread, { t: 'failed', at: at(6), itemId: 'g-1', reason: 'late' });
    expect(thread.items.get('g-1')?.delivery).toBe('sent');
    expect(thread.updatedAt).toBe(at(5));
  });

  it('keeps an ended conversation ended; only its words may change', () => {
    const thread = openThread(record);
    apply(thread, { t: 'state', at: at(1), state: 'ended', detail: 'The session was closed.' });
    apply(thread, { t: 'state', at: at(2), state: 'live' });
    apply(thread, { t: 'state', at: at(3), state: 'reconnecting', detail: 'dropped' });
    expect(thread.state).toBe('ended');
    apply(thread, { t: 'state', at: at(4), state: 'ended', detail: 'You closed this conversation.' });
    expect(thread.stateDetail).toBe('You closed this conversation.');
  });

  it("keeps as the list's last message what sorting the thread would find", () => {
    const times = fc.constantFrom(at(1), at(2), at(3));
    const step = fc.oneof(
      fc.record({ kind: fc.constant('guest' as const), id: fc.constantFrom('g-1', 'g-2', 'g-3'), time: times, text: fc.constantFrom('', 'hi') }),
      fc.record({ kind: fc.constant('agent' as const), id: fc.constantFrom('a-1', 'a-2'), time: times, text: fc.constantFrom('', 'yes') }),
      fc.record({ kind: fc.constant('system' as const), id: fc.constantFrom('s-1', 's-2'), time: times, text: fc.constant('x') }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const thread = openThread(record);
        for (const { kind, id, time, text } of steps) {
          const known = thread.items.get(id);
          // An item keeps its time once in the thread, as every item the console makes does.
          const item: ThreadItem = { ...(kind === 'guest' ? guest(id, time) : kind === 'agent' ? agent(id, time) : system(id, time)), time: known?.time ?? time, text };
          apply(thread, { t: 'item', at: time, item });
        }
        const sorted = [...thread.items.values()].sort((a, b) => a.time.localeCompare(b.time));
        const expected = sorted.reverse().find((item) => item.from !== 'system' && (item.text || item.content.length > 0));
        expect(thread.lastMessage).toEqual(expected);
      }),
      { numRuns: 300, seed: 16 },
    );
  });
});

describe('journal lines of guest messages', () => {
  const line = (outgoing: unknown) => {
    const entry = JournalEntrySchema.parse({ t: 'item', at: at(1), item: guest('g-1', at(1)), outgoing });
    return entry.t === 'item' ? entry.outgoing : undefined;
  };

  it('keep the intent to send again', () => {
    const choice = { type: 'choice', text: 'Tea', payload: 'QR_TEA', kind: 'QuickReply', offeredIn: 'a-1', customAttributes: {} };
    expect(line(choice)).toEqual(choice);
  });

  it('written before the port spoke intents are read as intents', () => {
    const wire = (type: string, text: string, content: unknown[]) => line({ type, text, content, customAttributes: { plan: 'gold' } });
    expect(wire('Text', 'hello', [])).toEqual({ type: 'text', text: 'hello', customAttributes: { plan: 'gold' } });
    const quickReply = { contentType: 'ButtonResponse', buttonResponse: { text: 'Tea', payload: 'QR_TEA', type: 'QuickReply', originatingMessageId: 'a-1' } };
    expect(wire('Text', '', [quickReply])).toEqual({ type: 'choice', text: 'Tea', payload: 'QR_TEA', kind: 'QuickReply', offeredIn: 'a-1', customAttributes: { plan: 'gold' } });
    const button = { contentType: 'ButtonResponse', buttonResponse: { text: 'Yes', payload: 'YES', type: 'Button' } };
    expect(wire('Structured', 'Yes', [button])).toEqual({ type: 'choice', text: 'Yes', payload: 'YES', kind: 'Button', customAttributes: { plan: 'gold' } });
    const file = { contentType: 'Attachment', attachment: { id: 'att-1' } };
    expect(wire('Text', 'see this', [file])).toEqual({ type: 'attachment', text: 'see this', attachments: [{ id: 'att-1' }], customAttributes: { plan: 'gold' } });
  });
});
