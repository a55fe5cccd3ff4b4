import { describe, expect, it } from 'vitest';
import { HistoryReconciliation, MAX_HISTORY_FAILURES } from '../../../electron/engine/genesys/webmessaging/history-reconciliation';
import { messageEntry, SendQueue } from '../../../electron/engine/genesys/webmessaging/send-queue';
import type { WebMessagingMessage } from '../../../electron/protocol/webmessaging';
import { fakeClock, fakeHistory, settle } from './fakes';

const agent = (id: string, text: string) => ({ id, type: 'Text', direction: 'Outbound', text });
const ours = (id: string, clientId: string) => ({ id, type: 'Text', direction: 'Inbound', text: clientId, metadata: { customMessageId: clientId } });

function rig(history: object[]) {
  const clock = fakeClock();
  const server = fakeHistory(history);
  const seen = new Set<string>(['a-0']);
  const sent: string[] = [];
  const log: string[] = [];
  const reconciliation: { current?: HistoryReconciliation } = {};
  const queue = new SendQueue({
    clock,
    messagesPerSecond: 10,
    ackTimeoutMs: 20_000,
    ready: () => !reconciliation.current!.holdsSending,
    transmit: (entry) => sent.push(entry.clientId),
    unacknowledged: () => undefined,
  });
  const reconciler = new HistoryReconciliation({
    clock,
    fetch: server.fetch,
    apiBaseUrl: 'https://api.example',
    jwt: async () => 'session-jwt',
    isKnown: (id) => seen.has(id),
    queue,
    mayRead: () => true,
    listener: {
      acknowledged: (clientId, message: WebMessagingMessage) => {
        queue.acknowledge(clientId);
        seen.add(message.id);
        log.push(`acknowledged ${clientId}`);
      },
      missed: (message) => {
        if (seen.has(message.id)) return;
        seen.add(message.id);
        log.push(`missed ${message.text}`);
      },
      gaveUp: (entry, reason) => log.push(`gave up ${entry.clientId}: ${reason}`),
      note: (text) => log.push(`note ${text}`),
    },
  });
  reconciliation.current = reconciler;
  return { clock, server, queue, reconciler, sent, log };
}

describe('history reconciliation', () => {
  it('reports missed messages once, acknowledges ours found there, and sends the rest again in order', async () => {
    const { queue, reconciler, sent, log } = rig([agent('a-0', 'seen before'), ours('i-1', 'c-1'), agent('a-1', 'said while away'), agent('a-2', 'and this')]);
    for (const clientId of ['c-1', 'c-2', 'c-3']) queue.enqueue(messageEntry({ type: 'text', clientId, text: clientId }));
    expect(sent).toEqual(['c-1', 'c-2', 'c-3']);
    await reconciler.reconcile();
    expect(log.filter((line) => !line.startsWith('note'))).toEqual(['acknowledged c-1', 'missed said while away', 'missed and this']);
    expect(sent).toEqual(['c-1', 'c-2', 'c-3', 'c-2', 'c-3']);
    await reconciler.reconcile();
    expect(log.filter((line) => line.startsWith('missed'))).toHaveLength(2);
  });

  it('holds sending while it reads, and gives up on a message sent three times without showing in the history', async () => {
    const { queue, reconciler, sent, log } = rig([]);
    queue.enqueue(messageEntry({ type: 'text', clientId: 'c-1', text: 'c-1' }));
    const reading = reconciler.reconcile();
    expect(reconciler.holdsSending).toBe(true);
    queue.enqueue(messageEntry({ type: 'text', clientId: 'c-2', text: 'c-2' }));
    expect(sent).toEqual(['c-1']);
    await reading;
    expect(sent).toEqual(['c-1', 'c-1', 'c-2']);
    await reconciler.reconcile();
    await reconciler.reconcile();
    expect(log.filter((line) => line.startsWith('gave up'))).toEqual([
      'gave up c-1: Genesys did not confirm this message after 3 attempts.',
    ]);
    expect(sent.filter((id) => id === 'c-1')).toHaveLength(3);
  });

  it('reads again after Retry-After on a 429 and sends nothing blindly meanwhile', async () => {
    const { queue, reconciler, server, sent, log, clock } = rig([ours('i-1', 'c-1')]);
    queue.enqueue(messageEntry({ type: 'text', clientId: 'c-1', text: 'c-1' }));
    server.state.failWith = 429;
    server.state.retryAfter = '7';
    await reconciler.reconcile();
    expect(reconciler.status).toMatchObject({ name: 'behind', failures: 1 });
    expect(log.at(-1)).toBe('note could not read the history: the history endpoint answered 429 (too many requests); trying again in 7 s');
    server.state.failWith = undefined;
    clock.advance(6_999);
    expect(server.state.reads).toBe(1);
    clock.advance(1);
    await settle();
    expect(reconciler.status).toEqual({ name: 'current' });
    expect(log).toContain('acknowledged c-1');
    expect(sent).toEqual(['c-1']);
  });

  it('backs off between failed reads and, after six, lets the waiting messages go unconfirmed', async () => {
    const { queue, reconciler, server, sent, log, clock } = rig([]);
    queue.enqueue(messageEntry({ type: 'text', clientId: 'c-1', text: 'c-1' }));
    server.state.failWith = 500;
    await reconciler.reconcile();
    for (const delay of [1_000, 2_000, 4_000, 8_000, 16_000]) {
      clock.advance(delay);
      await settle();
    }
    expect(server.state.reads).toBe(MAX_HISTORY_FAILURES);
    expect(log.at(-1)).toBe('note could not read the history 6 times (the history endpoint answered HTTP 500); sending the waiting messages anyway');
    expect(reconciler.holdsSending).toBe(false);
    expect(sent).toEqual(['c-1', 'c-1']);
  });

  it('does not retry after it was stopped', async () => {
    const { reconciler, server, clock } = rig([]);
    server.state.failWith = 503;
    await reconciler.reconcile();
    reconciler.stop();
    clock.advance(60_000);
    await settle();
    expect(server.state.reads).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
  });
});
