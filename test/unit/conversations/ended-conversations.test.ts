// Ended stays ended, and a forgotten conversation says so: the reducer's read-only rule (only a start-new
// leaves it), its `endedOnServer` and `startNew` entries (live and replay agree), who holds the conversation;
// then the service over a fake channel — a restored read-only thread catches up but never goes live, a
// conversation the server forgot is read-only with its line and starts anew under a new identity, and a
// change of speaker leaves "left" and "joined" lines. No server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ThreadItem } from '../../../shared/contract';
import type { GuestConnection, GuestConnectionEvent, OutgoingMessage } from '../../../electron/engine/channels/guest-connection';
import { apply, openThread, replay, type ConversationThread } from '../../../electron/engine/conversations/conversation-reducer';
import type { ConversationService } from '../../../electron/engine/conversations/conversation-service';
import { clockWords, ConversationWriter } from '../../../electron/engine/conversations/conversation-writer';
import { SecretRedactor } from '../../../electron/engine/conversations/redaction';
import { EventBus } from '../../../electron/engine/event-bus';
import type { GuestConnectionRequest } from '../../../electron/engine/genesys/guest-connector';
import { JournalEntrySchema, type ConversationRecord } from '../../../electron/engine/journal/journal-entry';
import { TranscriptJournal } from '../../../electron/engine/journal/transcript-journal';
import { createFakeClock, type FakeClock } from '../../integration/sandbox/openmessaging-harness';
import { makeTempDir } from '../../support/temp-dir';
import { serviceRig } from './service-rig';

const record: ConversationRecord = {
  id: 'c-1',
  profileId: 'sandbox',
  profileName: 'Sandbox',
  channel: 'webmessaging',
  persona: { name: 'Ada', customAttributes: {} },
  createdAt: '2026-11-24T10:00:00.000Z',
  guestToken: 'token-1',
};
const T0 = Date.parse(record.createdAt);
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const agent = (id: string, seconds: number, senderName?: string): ThreadItem => ({
  id,
  serverId: id,
  from: 'agent',
  ...(senderName ? { senderName } : {}),
  time: at(seconds),
  text: id,
  content: [],
});
const line = (id: string, event: NonNullable<ThreadItem['event']>, senderName?: string): ThreadItem => ({
  id,
  from: 'system',
  ...(senderName ? { senderName } : {}),
  time: at(0),
  text: id,
  content: [],
  event,
});

describe('the reducer: read-only and ended on the server', () => {
  function readOnlyThread(): ConversationThread {
    const thread = openThread(record);
    apply(thread, { t: 'state', at: at(1), state: 'live' });
    apply(thread, { t: 'state', at: at(2), state: 'readOnly', detail: 'The agent ended this conversation.' });
    return thread;
  }

  it('keeps a read-only conversation read-only when it connects again, until the user starts anew', () => {
    const thread = readOnlyThread();
    for (const state of ['connecting', 'reconnecting', 'live'] as const) {
      apply(thread, { t: 'state', at: at(3), state });
      expect(thread.state).toBe('readOnly');
    }
    apply(thread, { t: 'startNew', at: at(4) });
    expect(thread.startingNew).toBe(true);
    apply(thread, { t: 'state', at: at(5), state: 'reconnecting' });
    apply(thread, { t: 'state', at: at(6), state: 'live' });
    expect(thread).toMatchObject({ state: 'live', startingNew: false, guestToken: 'token-1' });
  });

  it('lets a read-only conversation fail or end: only going live needs a start-new', () => {
    const thread = readOnlyThread();
    apply(thread, { t: 'state', at: at(3), state: 'ended', detail: 'You closed this conversation.' });
    expect(thread.state).toBe('ended');
  });

  it('makes a conversation the server forgot read-only with its line, even a live one, but never reopens an ended one', () => {
    const thread = openThread(record);
    apply(thread, { t: 'state', at: at(1), state: 'live' });
    const forgotten = line('forgot-1', 'endedOnServer');
    apply(thread, { t: 'endedOnServer', at: at(2), line: forgotten, detail: 'Messages after 10:00 may be missing.' });
    expect(thread).toMatchObject({ state: 'readOnly', stateDetail: 'Messages after 10:00 may be missing.', endedOnServer: true, updatedAt: at(2) });
    expect(thread.items.get('forgot-1')).toEqual(forgotten);
    expect(thread.lastMessage).toBeUndefined(); // a lifecycle line is not what the list shows

    const closed = openThread(record);
    apply(closed, { t: 'state', at: at(1), state: 'ended', detail: 'You closed this conversation.' });
    apply(closed, { t: 'endedOnServer', at: at(2), line: forgotten, detail: 'gone' });
    expect(closed.state).toBe('ended');
  });

  it('starts anew under a new identity after the server forgot: unknown to the server, no conversation id yet', () => {
    const thread = openThread(record);
    apply(thread, { t: 'state', at: at(1), state: 'live' });
    apply(thread, { t: 'platform', at: at(1), platformConversationId: 'conv-1' });
    expect(thread.knownToServer).toBe(true);
    apply(thread, { t: 'endedOnServer', at: at(2), line: line('forgot-1', 'endedOnServer'), detail: 'gone' });
    apply(thread, { t: 'startNew', at: at(3), guestToken: 'token-2' });
    expect(thread).toMatchObject({ guestToken: 'token-2', knownToServer: false, endedOnServer: false, startingNew: true, state: 'readOnly' });
    expect(thread.platformConversationId).toBeUndefined();
    expect(thread.record.guestToken).toBe('token-1');
  });

  it('knows the guest to the server once it was live, read-only, confirmed a message or an agent spoke', () => {
    const cases: Parameters<typeof apply>[1][] = [
      { t: 'state', at: at(1), state: 'live' },
      { t: 'state', at: at(1), state: 'readOnly' },
      { t: 'sent', at: at(1), itemId: 'g-1', serverId: 's-1' },
      { t: 'item', at: at(1), item: agent('a-1', 1) },
    ];
    for (const entry of cases) {
      const thread = openThread(record);
      apply(thread, { t: 'state', at: at(0), state: 'connecting' });
      expect(thread.knownToServer).toBe(false);
      apply(thread, entry);
      expect(thread.knownToServer, entry.t).toBe(true);
    }
  });

  it('follows who holds the conversation: the last agent heard, or one announced as joined, until they leave', () => {
    const thread = openThread(record);
    apply(thread, { t: 'item', at: at(1), item: agent('a-1', 1, 'Sandy') });
    expect(thread.speaking).toBe('Sandy');
    apply(thread, { t: 'item', at: at(2), item: line('left-1', 'agentLeft', 'Sandy') });
    expect(thread.speaking).toBeUndefined();
    apply(thread, { t: 'item', at: at(3), item: line('joined-1', 'agentJoined', 'Alex') });
    expect(thread.speaking).toBe('Alex');
    apply(thread, { t: 'item', at: at(4), item: line('left-2', 'agentLeft', 'Sandy') }); // not the one holding it
    expect(thread.speaking).toBe('Alex');
    apply(thread, { t: 'startNew', at: at(5) });
    expect(thread.speaking).toBeUndefined();
  });

  it('writes the entries so that a replay of the journal is the conversation the user saw', () => {
    const dir = makeTempDir();
    const journal = new TranscriptJournal({ directory: dir.path });
    try {
      const clock = createFakeClock(T0);
      let ids = 0;
      const writer = new ConversationWriter({ journal, bus: new EventBus(), clock, redactor: new SecretRedactor(), newId: () => `id-${(ids += 1)}`, list: () => [] });
      const conversation = writer.open(record);
      writer.state(conversation, 'live');
      clock.advance(60_000);
      writer.item(conversation, agent('a-1', 60, 'Sandy'));
      clock.advance(120_000);
      writer.endedOnServer(conversation, 'Genesys answered the resume with a new session.');
      writer.endedOnServer(conversation, 'said twice'); // once is enough
      writer.startNew(conversation, 'token-2');
      writer.state(conversation, 'live');

      const read = journal.readAll()[0]!;
      expect(read.problems).toEqual([]);
      for (const entry of read.entries) expect(JournalEntrySchema.safeParse(entry).success).toBe(true);
      const replayed = replay(read.entries)!;
      const snapshot = (thread: ConversationThread) => ({ ...thread, items: [...thread.items.entries()], outgoing: [...thread.outgoing.entries()] });
      expect(snapshot(replayed)).toEqual(snapshot(conversation.thread));

      const forgotten = [...replayed.items.values()].find((item) => item.event === 'endedOnServer')!;
      const since = clockWords(at(60), clock.now());
      expect(forgotten.text).toBe(`This conversation has ended on the server; messages after ${since} may be missing.`);
      expect(read.entries.filter((entry) => entry.t === 'endedOnServer')).toHaveLength(1);
      expect(replayed).toMatchObject({ state: 'live', guestToken: 'token-2', endedOnServer: false, startingNew: false });
    } finally {
      journal.close();
      dir.remove();
    }
  });

  it('names the moment as the thread times read: the time today, the day and time before', () => {
    const now = new Date(2026, 10, 24, 15, 0).getTime();
    const today = new Date(2026, 10, 24, 9, 5);
    const before = new Date(2026, 10, 22, 18, 30);
    const clock = (date: Date) => date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    expect(clockWords(today.toISOString(), now)).toBe(clock(today));
    expect(clockWords(before.toISOString(), now)).toBe(`${before.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${clock(before)}`);
    expect(clockWords(before.toISOString(), now)).toMatch(/22/);
  });
});

/** A channel that records what the service asks of it; the test plays the platform through `report`. */
class FakeConnection implements GuestConnection {
  state: GuestConnection['state'] = 'idle';
  readonly limits = undefined;
  readonly calls: string[] = [];

  constructor(readonly report: (event: GuestConnectionEvent) => void) {}

  connect(): void {
    const again = this.calls.length > 0;
    this.calls.push('connect');
    this.state = again ? 'reconnecting' : 'connecting';
    this.report({ type: 'state', state: this.state });
  }
  /** The agent ended the conversation in read-only mode. */
  ended(): void {
    this.state = 'readOnly';
    this.report({ type: 'ended', readOnly: true, id: 'bye-1', time: at(5) });
  }
  /** The server accepted the configure: live, or read-only. */
  configured(readOnly = false): void {
    this.state = readOnly ? 'readOnly' : 'live';
    this.report({ type: 'state', state: this.state });
  }
  send(message: OutgoingMessage): void {
    this.calls.push(`send ${message.text}`);
  }
  typing(): boolean {
    return false;
  }
  upload(): Promise<never> {
    return Promise.reject(new Error('no uploads here'));
  }
  startNew(): void {
    this.calls.push('startNew');
  }
  async closeSession(): Promise<void> {
    this.calls.push('close');
  }
  disconnect(): void {
    this.calls.push('disconnect');
    this.state = 'idle';
  }
}

describe('the service: ended stays ended, forgotten says so', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let rig: ReturnType<typeof serviceRig<FakeConnection>>;
  let connections: FakeConnection[];
  let requests: GuestConnectionRequest[];
  let clock: FakeClock;

  beforeEach(() => {
    dir = makeTempDir();
    clock = createFakeClock(T0);
    rig = serviceRig({ directory: dir.path, clock, connection: (report) => new FakeConnection(report) });
    ({ connections, requests } = rig);
  });
  afterEach(() => dir.remove());

  const service = () => rig.service();

  async function liveConversation(conversations: ConversationService) {
    const { id } = await conversations.start({ profileId: 'sandbox', channel: 'webmessaging', persona: { name: 'Ada', customAttributes: {} } });
    connections.at(-1)!.configured();
    return id;
  }

  const events = (conversations: ConversationService, id: string) => conversations.thread(id).items.map((item) => item.event ?? item.text);

  it('restores a conversation the agent ended as read-only: it catches up, never goes live, and starts anew on request', async () => {
    const before = service();
    const id = await liveConversation(before);
    const late = before.send({ conversationId: id, text: 'one more thing' });
    connections[0]!.ended();
    expect(before.list()[0]).toMatchObject({ state: 'readOnly', cannotSendReason: expect.stringContaining('The agent ended') });
    await before.close();

    const after = service();
    after.restore();
    const restored = connections.at(-1)!;
    expect(restored.calls).toEqual(['connect']); // nothing is sent into the ended conversation
    expect(requests.at(-1)).toMatchObject({ resumed: true });
    restored.configured(); // even a server that says live does not reopen it
    expect(after.list()[0]!.state).toBe('readOnly');
    const unconfirmed = after.thread(id).items.find((item) => item.id === late.id)!;
    expect(unconfirmed).toMatchObject({ delivery: 'failed', failure: expect.stringContaining('Start new, then Retry') });
    expect(events(after, id)).not.toContain('startedNew');

    clock.advance(10_000);
    after.startNew(id);
    expect(restored.calls).toEqual(['connect', 'startNew']);
    expect(after.list()[0]!.state).toBe('live');
    expect(events(after, id).slice(-1)).toEqual(['startedNew']);
    await after.close();
  });

  it('after a restart into a read-only conversation the connection asks for the new one on its first configure', async () => {
    const before = service();
    const id = await liveConversation(before);
    connections[0]!.ended();
    clock.advance(10_000);
    before.startNew(id); // the answer never came: the console was stopped
    expect(connections[0]!.calls.slice(-1)).toEqual(['startNew']);
    await before.close();

    const after = service();
    after.restore();
    expect(connections.at(-1)!.calls).toEqual(['startNew', 'connect']);
    connections.at(-1)!.configured();
    expect(after.list()[0]!.state).toBe('live');
    expect(events(after, id).slice(-1)).toEqual(['startedNew']);
    await after.close();
  });

  it('says plainly that the server forgot, fails what it never confirmed, stays so after a restart, and starts anew as a new guest', async () => {
    const before = service();
    const id = await liveConversation(before);
    clock.advance(90_000);
    const pending = before.send({ conversationId: id, text: 'are you there?' });
    connections[0]!.report({ type: 'state', state: 'expired', detail: 'Genesys answered the resume with a new session.' });

    const summary = before.list()[0]!;
    expect(summary).toMatchObject({ state: 'readOnly', endedOnServer: true, cannotSendReason: expect.stringContaining('ended on the server') });
    expect(summary.stateDetail).toContain('Genesys answered the resume with a new session.');
    const thread = before.thread(id).items;
    expect(thread.find((item) => item.event === 'endedOnServer')?.text).toMatch(/^This conversation has ended on the server; messages after .+ may be missing\.$/);
    expect(thread.find((item) => item.id === pending.id)).toMatchObject({ delivery: 'failed' });
    expect(() => before.send({ conversationId: id, text: 'hello?' })).toThrow(/ended on the server/);
    await before.close();

    const after = service();
    const made = connections.length;
    after.restore();
    expect(connections).toHaveLength(made); // nothing left on the server to resume
    expect(after.list()[0]).toMatchObject({ state: 'readOnly', endedOnServer: true });

    after.startNew(id);
    expect(connections).toHaveLength(made + 1);
    const fresh = requests.at(-1)!;
    expect(fresh.guestId).not.toBe('token-1');
    expect(fresh.guestId).not.toBe(requests[0]!.guestId);
    expect(fresh).toMatchObject({ resumed: false });
    expect(connections.at(-1)!.calls).toEqual(['startNew', 'connect']);
    connections.at(-1)!.configured();
    expect(after.list()[0]).toMatchObject({ state: 'live' });
    expect(after.list()[0]!.endedOnServer).toBeUndefined();
    expect(events(after, id).slice(-2)).toEqual(['endedOnServer', 'startedNew']);
    await after.close();

    // And the new identity is the one a later restart resumes.
    const again = service();
    again.restore();
    expect(requests.at(-1)).toMatchObject({ guestId: fresh.guestId, resumed: true });
    await again.close();
  });

  it('shows a change of agent as "left" and "joined" lines before the new agent speaks, once', async () => {
    const conversations = service();
    const id = await liveConversation(conversations);
    const report = connections[0]!.report;
    const says = (msgId: string, seconds: number, nickname: string) =>
      report({ type: 'message', message: { id: msgId, type: 'Text', direction: 'Outbound', text: msgId, channel: { time: at(seconds), from: { nickname } } } });
    says('hi', 1, 'Sandy');
    says('transferring', 2, 'Sandy');
    says('alex-here', 3, 'Alex');
    says('alex-here', 3, 'Alex'); // the history reports it again after a reconnect
    says('alex-again', 4, 'Alex');
    const items = conversations.thread(id).items;
    expect(items.map((item) => item.text)).toEqual([
      'Conversation started as Ada on Sandbox.',
      'hi',
      'transferring',
      'Sandy left the conversation.',
      'Alex joined the conversation.',
      'alex-here',
      'alex-again',
    ]);
    expect(items.filter((item) => item.from === 'system').slice(1).map((item) => [item.event, item.senderName, item.time])).toEqual([
      ['agentLeft', 'Sandy', at(3)],
      ['agentJoined', 'Alex', at(3)],
    ]);
    // A channel that announces the join itself: no second line.
    report({ type: 'presence', change: 'joined', id: 'p-1', time: at(5), agentName: 'Dana' });
    says('dana-here', 6, 'Dana');
    expect(conversations.thread(id).items.filter((item) => item.event === 'agentJoined')).toHaveLength(2);
    await conversations.close();
  });
});
