// The conversation service over a fake channel: connecting is explicit (start, restore, reconnect), a send
// never connects, and a conversation restored from its journal is the one the user saw. No server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GuestConnection, GuestConnectionEvent, OutgoingMessage } from '../../../electron/engine/channels/guest-connection';
import type { GuestConnectionRequest } from '../../../electron/engine/genesys/guest-connector';
import { createFakeClock, type FakeClock } from '../../integration/sandbox/openmessaging-harness';
import { makeTempDir } from '../../support/temp-dir';
import { serviceRig } from './service-rig';

/** A channel that records what the service asks of it; the test plays the platform through `report`. */
class FakeConnection implements GuestConnection {
  state: GuestConnection['state'] = 'idle';
  readonly limits = undefined;
  readonly calls: string[] = [];
  readonly sent: OutgoingMessage[] = [];

  constructor(readonly report: (event: GuestConnectionEvent) => void) {}

  connect(): void {
    // As a real session: the first connect goes live, a later one reconnects first.
    if (this.calls.includes('connect')) this.report({ type: 'state', state: 'reconnecting' });
    this.calls.push('connect');
    this.state = 'live';
    this.report({ type: 'state', state: 'live' });
  }
  send(message: OutgoingMessage): void {
    this.calls.push(`send ${message.clientId}`);
    this.sent.push(message);
  }
  typing(): boolean {
    return this.state === 'live';
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
    this.report({ type: 'state', state: 'idle' });
  }
}

describe('the conversation service', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let rig: ReturnType<typeof serviceRig<FakeConnection>>;
  let connections: FakeConnection[];
  let requests: GuestConnectionRequest[];
  let clock: FakeClock;

  beforeEach(() => {
    dir = makeTempDir();
    clock = createFakeClock();
    rig = serviceRig({ directory: dir.path, clock, connection: (report) => new FakeConnection(report) });
    ({ connections, requests } = rig);
  });
  afterEach(() => dir.remove());

  const service = () => rig.service();

  it('keeps the guest offline for the whole reconnect, holding what is sent meanwhile in the same connection', async () => {
    const conversations = service();
    const { id } = await conversations.start({ profileId: 'sandbox', channel: 'webmessaging', persona: { name: 'Ada', customAttributes: {} } });
    const [connection] = connections;
    expect(connection!.calls).toEqual(['connect']);

    const back = conversations.reconnect(id, 10_000);
    clock.advance(4_000);
    const item = conversations.send({ conversationId: id, text: 'typed while away' });
    expect(conversations.typing(id)).toBe(false);
    expect(connection!.calls).toEqual(['connect', 'disconnect', `send ${item.id}`]);
    clock.advance(6_000);
    await back;
    expect(connections).toHaveLength(1);
    expect(connection!.calls).toEqual(['connect', 'disconnect', `send ${item.id}`, 'connect']);
    expect(conversations.thread(id).items.map((shown) => shown.event ?? shown.text)).toEqual(['started', 'typed while away', 'reconnected']);
  });

  it('restores what the user saw: items, unread, updatedAt, the last message and the state', async () => {
    const before = service();
    const { id } = await before.start({ profileId: 'sandbox', channel: 'webmessaging', persona: { name: 'Ada', customAttributes: {} } });
    const report = connections[0]!.report;
    clock.advance(1_000);
    const question = before.send({ conversationId: id, text: 'anyone there?' });
    report({ type: 'receipt', clientId: question.id, status: 'sent', message: { id: 'srv-1', type: 'Text', direction: 'Inbound' } });
    clock.advance(1_000);
    report({ type: 'message', message: { id: 'a-1', type: 'Text', direction: 'Outbound', text: 'Yes!', channel: { time: '2026-11-24T10:00:01.500Z', from: { nickname: 'Sam' } } } });
    report({ type: 'presence', change: 'joined', id: 'p-1', time: '2026-11-24T10:00:01.000Z', agentName: 'Sam' });
    clock.advance(1_000);
    const unsent = before.send({ conversationId: id, text: 'and again' });
    const seen = before.thread(id);
    await before.close();

    const after = service();
    after.restore();
    const restored = after.thread(id);
    expect(restored.items).toEqual(seen.items);
    const { state: _live, ...summary } = seen.conversation;
    expect(restored.conversation).toMatchObject({ ...summary, unread: 1, lastText: 'and again', updatedAt: '2026-11-24T10:00:03.000Z' });
    // The unconfirmed message goes out again before the restored guest connects, which it does once.
    expect(connections.at(-1)!.calls).toEqual([`send ${unsent.id}`, 'connect']);
    expect(requests.at(-1)).toMatchObject({ resumed: true, knownMessageIds: expect.arrayContaining(['srv-1', 'a-1', 'p-1', unsent.id]) });
  });
});
