import { describe, expect, it } from 'vitest';
import { eventEntry, messageEntry, RATE_WINDOW_MS, SendQueue } from '../../../electron/engine/genesys/webmessaging/send-queue';
import { clientFrame } from '../../../electron/protocol/webmessaging';
import { fakeClock } from './fakes';

function queue(options: { ready?: () => boolean; messagesPerSecond?: number } = {}) {
  const clock = fakeClock();
  const sent: { at: number; clientId: string; attempt: number }[] = [];
  const unacknowledged: string[] = [];
  const sendQueue = new SendQueue({
    clock,
    messagesPerSecond: options.messagesPerSecond ?? 2,
    ackTimeoutMs: 20_000,
    ready: options.ready ?? (() => true),
    transmit: (entry) => sent.push({ at: clock.now(), clientId: entry.clientId, attempt: entry.attempts }),
    unacknowledged: (clientId) => unacknowledged.push(clientId),
  });
  const start = clock.now();
  const times = () => sent.map((entry) => entry.at - start);
  return { clock, sent, times, unacknowledged, queue: sendQueue };
}

describe('send queue', () => {
  it('builds onMessage frames whose tracingId and customMessageId are the client id', () => {
    const entry = messageEntry({ type: 'text', clientId: 'c-1', text: 'hi', customAttributes: { plan: 'gold' } });
    expect(entry.frame('tok')).toEqual({
      action: 'onMessage',
      token: 'tok',
      tracingId: 'c-1',
      message: { type: 'Text', text: 'hi', metadata: { customMessageId: 'c-1' }, channel: { metadata: { customAttributes: { plan: 'gold' } } } },
    });
    expect(messageEntry({ type: 'text', clientId: 'c-2', text: 'x', customAttributes: {} }).frame('tok')).not.toHaveProperty('message.channel');
  });

  it('sends no more than the per-second rate within the window, and the rest as the window frees', () => {
    const { queue: sendQueue, clock, times } = queue();
    for (const id of ['a', 'b', 'c', 'd', 'e']) sendQueue.enqueue(messageEntry({ type: 'text', clientId: id, text: id }));
    expect(times()).toEqual([0, 0]);
    clock.advance(RATE_WINDOW_MS - 1);
    expect(times()).toEqual([0, 0]);
    clock.advance(1);
    expect(times()).toEqual([0, 0, RATE_WINDOW_MS, RATE_WINDOW_MS]);
    clock.advance(RATE_WINDOW_MS);
    expect(times()).toEqual([0, 0, RATE_WINDOW_MS, RATE_WINDOW_MS, 2 * RATE_WINDOW_MS]);
  });

  it('tells whether a typing hint fits the rate now', () => {
    const { queue: sendQueue, clock } = queue();
    sendQueue.enqueue(eventEntry('typing-1', (token) => clientFrame.typing(token, 'typing-1')));
    expect(sendQueue.hasRoom()).toBe(true);
    sendQueue.enqueue(messageEntry({ type: 'text', clientId: 'a', text: 'a' }));
    expect(sendQueue.hasRoom()).toBe(false);
    clock.advance(RATE_WINDOW_MS);
    expect(sendQueue.hasRoom()).toBe(true);
  });

  it('pauses for retryAfter on too many requests and sends the refused message again first', () => {
    const { queue: sendQueue, clock, sent, times } = queue({ messagesPerSecond: 5 });
    sendQueue.enqueue(messageEntry({ type: 'text', clientId: 'a', text: 'a' }));
    sendQueue.pause(3, 'a');
    sendQueue.enqueue(messageEntry({ type: 'text', clientId: 'b', text: 'b' }));
    clock.advance(2_999);
    expect(sent.map((entry) => entry.clientId)).toEqual(['a']);
    clock.advance(1);
    expect(sent.map((entry) => `${entry.clientId}#${entry.attempt}`)).toEqual(['a#1', 'a#2', 'b#1']);
    expect(times()).toEqual([0, 3_000, 3_000]);
  });

  it('waits at least a second when the server asks for no wait', () => {
    const { queue: sendQueue, clock, sent } = queue();
    sendQueue.pause(0, undefined);
    sendQueue.enqueue(messageEntry({ type: 'text', clientId: 'a', text: 'a' }));
    clock.advance(999);
    expect(sent).toHaveLength(0);
    clock.advance(1);
    expect(sent).toHaveLength(1);
  });

  it('holds everything while not ready, and sends when drained again', () => {
    let ready = false;
    const { queue: sendQueue, sent } = queue({ ready: () => ready });
    sendQueue.enqueue(messageEntry({ type: 'text', clientId: 'a', text: 'a' }));
    expect(sent).toHaveLength(0);
    expect(sendQueue.isPending('a')).toBe(true);
    ready = true;
    sendQueue.drain();
    expect(sent).toHaveLength(1);
  });

  it('reports a message without acknowledgement after the timeout, and not one acknowledged in time', () => {
    const { queue: sendQueue, clock, unacknowledged } = queue();
    sendQueue.enqueue(messageEntry({ type: 'text', clientId: 'a', text: 'a' }));
    sendQueue.enqueue(messageEntry({ type: 'text', clientId: 'b', text: 'b' }));
    sendQueue.acknowledge('a');
    expect(sendQueue.isPending('a')).toBe(false);
    clock.advance(20_000);
    expect(unacknowledged).toEqual(['b']);
  });

  it('reports each unacknowledged message at its own time, on one timer, once', () => {
    const { queue: sendQueue, clock, unacknowledged } = queue();
    sendQueue.enqueue(messageEntry({ type: 'text', clientId: 'a', text: 'a' }));
    clock.advance(500);
    sendQueue.enqueue(messageEntry({ type: 'text', clientId: 'b', text: 'b' }));
    clock.advance(300);
    sendQueue.enqueue(messageEntry({ type: 'text', clientId: 'c', text: 'c' }));
    expect(clock.pendingTimers()).toBe(2); // the acknowledgements' timer, and the drain for c
    sendQueue.acknowledge('a');
    // b left at 500, c at 1,150 (the rate window): each 20 s later.
    clock.advance(19_699);
    expect(unacknowledged).toEqual([]);
    clock.advance(1);
    expect(unacknowledged).toEqual(['b']);
    clock.advance(649);
    expect(unacknowledged).toEqual(['b']);
    clock.advance(1);
    expect(unacknowledged).toEqual(['b', 'c']);
    clock.advance(60_000);
    expect(unacknowledged).toEqual(['b', 'c']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('never tracks events, and forgets a refused message', () => {
    const { queue: sendQueue, clock, unacknowledged } = queue();
    sendQueue.enqueue(eventEntry('join-1', (token) => clientFrame.presence(token, 'Join', 'join-1')));
    sendQueue.enqueue(messageEntry({ type: 'text', clientId: 'a', text: 'a' }));
    expect(sendQueue.refused('a')?.clientId).toBe('a');
    expect(sendQueue.isPending('join-1') || sendQueue.isPending('a')).toBe(false);
    clock.advance(60_000);
    expect(unacknowledged).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('puts unacknowledged messages back in front in their order, giving up on those sent too often', () => {
    const { queue: sendQueue, sent } = queue({ messagesPerSecond: 10 });
    for (const id of ['a', 'b', 'c']) sendQueue.enqueue(messageEntry({ type: 'text', clientId: id, text: id }));
    expect(sendQueue.resendUnacknowledged(1).map((entry) => entry.clientId)).toEqual(['a', 'b', 'c']);
    for (const id of ['d', 'e']) sendQueue.enqueue(messageEntry({ type: 'text', clientId: id, text: id }));
    let ready = false;
    const held = queue({ messagesPerSecond: 10, ready: () => ready });
    ready = true;
    for (const id of ['x', 'y']) held.queue.enqueue(messageEntry({ type: 'text', clientId: id, text: id }));
    ready = false;
    held.queue.enqueue(messageEntry({ type: 'text', clientId: 'z', text: 'z' }));
    expect(held.queue.resendUnacknowledged(3)).toEqual([]);
    ready = true;
    held.queue.drain();
    expect(held.sent.map((entry) => `${entry.clientId}#${entry.attempt}`)).toEqual(['x#1', 'y#1', 'x#2', 'y#2', 'z#1']);
    expect(sent.map((entry) => entry.clientId)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('cancels every timer when stopped', () => {
    const { queue: sendQueue, clock } = queue();
    for (const id of ['a', 'b', 'c']) sendQueue.enqueue(messageEntry({ type: 'text', clientId: id, text: id }));
    expect(clock.pendingTimers()).toBe(2); // one acknowledgement timer for both sent messages, one drain
    sendQueue.stop();
    expect(clock.pendingTimers()).toBe(0);
  });
});
