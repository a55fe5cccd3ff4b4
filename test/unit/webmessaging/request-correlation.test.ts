import { describe, expect, it } from 'vitest';
import { GuestError } from '../../../electron/engine/genesys/webmessaging/guest-errors';
import { RequestCorrelation } from '../../../electron/engine/genesys/webmessaging/request-correlation';
import { serverFrame } from '../../../electron/protocol/webmessaging';
import { fakeClock } from './fakes';

function correlation() {
  const clock = fakeClock();
  let next = 0;
  const requests = new RequestCorrelation({ clock, newId: () => `t-${(next += 1)}`, timeoutMs: 15_000 });
  const sent: string[] = [];
  const ask = (expected = 'JwtResponse') => requests.request((tracingId) => sent.push(tracingId), expected);
  return { clock, requests, sent, ask };
}

describe('request correlation', () => {
  it('matches a reply to its request by tracingId, whatever the order, with one timer each, cleared when answered', async () => {
    const { requests, sent, ask, clock } = correlation();
    const first = ask();
    const second = ask();
    expect(sent).toEqual(['t-1', 't-2']);
    expect(clock.pendingTimers()).toBe(2);
    expect(requests.settle(serverFrame.jwt({ jwt: 'two', exp: 1 }, 't-2'))).toBe(true);
    expect(requests.settle(serverFrame.jwt({ jwt: 'one', exp: 1 }, 't-1'))).toBe(true);
    await expect(first).resolves.toMatchObject({ body: { jwt: 'one' } });
    await expect(second).resolves.toMatchObject({ body: { jwt: 'two' } });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('leaves frames that answer no request to their usual handling', () => {
    const { requests, ask } = correlation();
    void ask();
    expect(requests.settle(serverFrame.jwt({ jwt: 'x', exp: 1 }, 'someone-else'))).toBe(false);
    expect(requests.settle(serverFrame.jwt({ jwt: 'x', exp: 1 }))).toBe(false);
    // An echo of our message carries a tracingId too, but it is a `message`, not a `response`.
    expect(requests.settle(serverFrame.structuredMessage({ id: 'm', type: 'Text', direction: 'Inbound' }, 't-1'))).toBe(false);
  });

  it('times out a request that got no answer, and ignores a late answer', async () => {
    const { requests, ask, clock } = correlation();
    const asked = ask('PresignedUrlResponse');
    clock.advance(15_000);
    const error = await asked.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GuestError);
    expect(error).toMatchObject({ failure: 'Timeout', message: 'The server did not answer (PresignedUrlResponse) in time.' });
    expect(requests.settle(serverFrame.jwt({ jwt: 'late', exp: 1 }, 't-1'))).toBe(false);
  });

  it('rejects with the kind of the server error the request got', async () => {
    const { requests, ask } = correlation();
    const tooBig = ask('PresignedUrlResponse');
    requests.settle(serverFrame.generateUrlError({ errorCode: 4002, errorMessage: 'File size 99 MB is too large' }, 't-1'));
    await expect(tooBig).rejects.toMatchObject({ failure: 'TooLarge' });
    const refused = ask();
    requests.settle(serverFrame.error(403, 'Forbidden', 't-2'));
    await expect(refused).rejects.toMatchObject({ failure: 'Blocked' });
    const limited = ask();
    requests.settle(serverFrame.tooManyRequests({ retryAfter: 4, errorCode: 4029, errorMessage: 'too fast' }, 't-3'));
    await expect(limited).rejects.toMatchObject({ failure: 'RateLimited', details: { retryAfterMs: 4000 } });
  });

  it('rejects what is pending when the link drops, and waiters too when the session stops', async () => {
    const { requests, ask, clock } = correlation();
    const asked = ask();
    const waiting = requests.waitFor((frame) => frame.class === 'UploadSuccessEvent', 60_000, () => new GuestError('Timeout', 'never'));
    requests.dropRequests(new GuestError('ConnectionLost', 'dropped'));
    await expect(asked).rejects.toMatchObject({ failure: 'ConnectionLost' });
    expect(clock.pendingTimers()).toBe(1);
    requests.stop(new GuestError('Closed', 'closed'));
    await expect(waiting).rejects.toMatchObject({ failure: 'Closed' });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('resolves a waiter with the first matching frame, which still goes on to its usual handling', async () => {
    const { requests, clock } = correlation();
    const waiting = requests.waitFor((frame) => frame.class === 'UploadSuccessEvent' && frame.body.attachmentId === 'a-1', 60_000, () => new GuestError('Timeout', 'never'));
    expect(requests.settle(serverFrame.uploadSuccess({ attachmentId: 'other', downloadUrl: 'u' }))).toBe(false);
    expect(requests.settle(serverFrame.uploadSuccess({ attachmentId: 'a-1', downloadUrl: 'u' }))).toBe(false);
    await expect(waiting).resolves.toMatchObject({ body: { attachmentId: 'a-1' } });
    expect(clock.pendingTimers()).toBe(0);
  });
});
