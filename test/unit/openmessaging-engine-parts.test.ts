// Unit tests of the Open Messaging engine's pure parts: the request budget (token bucket on a fake
// clock), the poll schedule, failure classification, and the inbound bodies.
import { describe, expect, it } from 'vitest';
import { customerRecipient, inboundMessage, receipt } from '../../electron/engine/genesys/openmessaging/inbound-bodies';
import { classifyPlatformFailure, retryAfterMs } from '../../electron/engine/genesys/openmessaging/platform-error';
import { DEFAULT_POLL_TUNING, PollSchedule } from '../../electron/engine/genesys/openmessaging/poll-schedule';
import { RequestBudget } from '../../electron/engine/genesys/openmessaging/request-budget';
import { createFakeClock } from '../integration/sandbox/openmessaging-harness';

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('RequestBudget', () => {
  it('lets at most perMinute + burst requests through in any 60 s window', async () => {
    const clock = createFakeClock();
    const budget = new RequestBudget({ clock, perMinute: 60, burst: 5 });
    const granted: number[] = [];
    for (let i = 0; i < 200; i += 1) void budget.take('background').then(() => granted.push(clock.now()));
    for (let step = 0; step < 240; step += 1) {
      clock.advance(1000);
      await flush();
    }
    expect(granted).toHaveLength(200);
    for (const [index, start] of granted.entries()) {
      const inWindow = granted.slice(index).filter((t) => t < start + 60_000).length;
      expect(inWindow).toBeLessThanOrEqual(65);
    }
  });

  it('serves the customer\'s messages before background reads, and pauses for Retry-After', async () => {
    const clock = createFakeClock();
    const budget = new RequestBudget({ clock, perMinute: 60, burst: 1 });
    const order: string[] = [];
    await budget.take('background');
    void budget.take('background').then(() => order.push('poll'));
    void budget.take('send').then(() => order.push('send'));
    budget.pause(5_000);
    clock.advance(4_000);
    await flush();
    expect(order).toEqual([]);
    clock.advance(1_000);
    await flush();
    clock.advance(1_000);
    await flush();
    expect(order).toEqual(['send', 'poll']);
    expect(budget.tryTake()).toBe(false);
    budget.close();
    await expect(budget.take('send')).rejects.toThrow(/closed/);
  });
});

describe('PollSchedule', () => {
  it('reads fast after the guest sends, backs off, and never waits longer than the cap', () => {
    const schedule = new PollSchedule(DEFAULT_POLL_TUNING);
    const delays = Array.from({ length: 14 }, () => schedule.nextDelay());
    expect(delays.slice(0, 3)).toEqual([1000, 1000, 1500]);
    expect(delays.every((d, i) => i === 0 || d >= delays[i - 1]!)).toBe(true);
    expect(Math.max(...delays)).toBe(DEFAULT_POLL_TUNING.idleCapMs);
    schedule.agentSpoke();
    expect(schedule.nextDelay()).toBe(2500);
    schedule.guestSent();
    expect(schedule.nextDelay()).toBe(1000);
  });
});

describe('classifyPlatformFailure', () => {
  const context = { action: 'send the message', place: 'mypurecloud.ie' };

  it('names bad credentials, missing permissions, rate limits and unreachable hosts', () => {
    const login = classifyPlatformFailure({ response: { status: 401, data: { error: 'invalid_client', error_description: 'bad' } } }, context, 0);
    expect(login).toMatchObject({ failure: 'BadCredentials', kind: 'Forbidden' });
    expect(login.message).toMatch(/client id and client secret/);
    const forbidden = classifyPlatformFailure({ status: 403, body: { message: 'no', code: 'missing.permissions', status: 403 } }, context, 0);
    expect(forbidden.failure).toBe('Forbidden');
    expect(forbidden.message).toMatch(/permission/);
    const limited = classifyPlatformFailure({ status: 429, headers: { 'retry-after': '7' }, body: {} }, context, 0);
    expect(limited).toMatchObject({ failure: 'RateLimited', details: { retryAfterMs: 7000 } });
    const offline = classifyPlatformFailure({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND' }, context, 0);
    expect(offline.failure).toBe('Unreachable');
    expect(offline.message).toMatch(/region/);
    expect(classifyPlatformFailure({ code: 'ECONNABORTED' }, context, 0).transient).toBe(true);
    expect(classifyPlatformFailure({ status: 503, body: {} }, context, 0).transient).toBe(true);
    expect(classifyPlatformFailure({ status: 400, body: {} }, context, 0).transient).toBe(false);
  });

  it('reads Retry-After as seconds, as a date, or from the body', () => {
    expect(retryAfterMs({ 'retry-after': '2' }, undefined, 0)).toBe(2000);
    expect(retryAfterMs({ 'retry-after': new Date(10_000).toUTCString() }, undefined, 0)).toBe(10_000);
    expect(retryAfterMs({}, { message: 'm', code: 'too.many.requests', status: 429, messageParams: { retryAfter: '4' } }, 0)).toBe(4000);
  });
});

describe('inbound bodies', () => {
  it('carry the persona, the client id as messageId, and custom attributes in both readings', () => {
    const from = customerRecipient('cust-1', { name: 'Grace Brewster Hopper', email: 'g@example.com', customAttributes: {} });
    expect(from).toEqual({ id: 'cust-1', idType: 'Opaque', nickname: 'Grace Brewster Hopper', firstName: 'Grace', lastName: 'Brewster Hopper', email: 'g@example.com' });
    const body = inboundMessage({ from, time: '2026-11-24T10:00:00.000Z', message: { type: 'text', clientId: 'c-9', text: 'hi', customAttributes: { plan: 'gold' } } });
    expect(body.channel).toMatchObject({ messageId: 'c-9', metadata: { customAttributes: { plan: 'gold' } } });
    expect(body.metadata).toEqual({ plan: 'gold', customMessageId: 'c-9' });
    expect(receipt({ customerId: 'cust-1', messageId: 'm-1', status: 'Read', time: 't' })).toMatchObject({ id: 'm-1', status: 'Read', isFinalReceipt: true });
  });
});
