import { describe, expect, it } from 'vitest';
import { GuestLink, type LinkProblem } from '../../../electron/engine/genesys/webmessaging/guest-link';
import { ReconnectBackoff } from '../../../electron/engine/genesys/webmessaging/reconnect-backoff';
import { retryAfterMs } from '../../../electron/engine/genesys/webmessaging/guest-socket';
import { fakeClock, fakeSockets } from './fakes';

function link(random = () => 1) {
  const clock = fakeClock();
  const sockets = fakeSockets();
  const events: string[] = [];
  const drops: { code: number; problem: LinkProblem | undefined }[] = [];
  const guestLink = new GuestLink({
    url: new URL('wss://webmessaging.example/v1?deploymentId=d'),
    headers: { Origin: 'https://shop.example' },
    clock,
    openSocket: sockets.factory,
    backoff: new ReconnectBackoff(random, 30_000),
    pingIntervalMs: 15_000,
    listener: {
      opened: () => events.push('opened'),
      text: (text) => events.push(`text ${text}`),
      refused: (status) => events.push(`refused ${status}`),
      dropped: (code, problem) => {
        events.push(`dropped ${code}`);
        drops.push({ code, problem });
      },
      note: () => undefined,
    },
  });
  return { clock, sockets, events, drops, link: guestLink };
}

describe('reconnect backoff', () => {
  it('draws a random delay under a ceiling that doubles from 0.5 s up to the cap (full jitter)', () => {
    const top = new ReconnectBackoff(() => 1, 30_000);
    expect(Array.from({ length: 8 }, () => top.next())).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    const half = new ReconnectBackoff(() => 0.5, 30_000);
    expect([half.next(), half.next(), half.next()]).toEqual([250, 500, 1000]);
  });

  it('never waits less than 200 ms, and starts again from the bottom after a reset', () => {
    const zero = new ReconnectBackoff(() => 0, 30_000);
    expect([zero.next(), zero.next()]).toEqual([200, 200]);
    const top = new ReconnectBackoff(() => 1, 30_000);
    top.next();
    top.next();
    top.reset();
    expect(top.next()).toBe(500);
  });
});

describe('guest link', () => {
  it('opens the socket with the URL and headers, once, and passes text frames up', () => {
    const { link: guestLink, sockets, events } = link();
    guestLink.open();
    guestLink.open();
    expect(sockets.sockets).toHaveLength(1);
    expect(sockets.latest().url.searchParams.get('deploymentId')).toBe('d');
    expect(sockets.latest().headers).toEqual({ Origin: 'https://shop.example' });
    sockets.latest().open();
    sockets.latest().receive({ hello: 1 });
    expect(events).toEqual(['opened', 'text {"hello":1}']);
    expect(guestLink.isOpen).toBe(true);
  });

  it('pings every interval and drops a link whose last ping got no pong', () => {
    const { link: guestLink, sockets, clock, events } = link();
    guestLink.open();
    const socket = sockets.latest();
    socket.open();
    clock.advance(15_000);
    expect(socket.pings).toBe(1);
    socket.pong();
    clock.advance(15_000);
    expect(socket.pings).toBe(2);
    expect(socket.terminated).toBe(false);
    clock.advance(15_000);
    expect(socket.terminated).toBe(true);
    expect(events.at(-1)).toBe('dropped 1006');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('does not hold an unanswered ping of a dead socket against the next one', () => {
    const { link: guestLink, sockets, clock } = link();
    guestLink.open();
    sockets.latest().open();
    clock.advance(15_000); // ping sent, no pong yet
    sockets.latest().drop();
    guestLink.open();
    const next = sockets.latest();
    next.open();
    clock.advance(15_000);
    expect(next.terminated).toBe(false);
    expect(next.pings).toBe(1);
  });

  it('reopens after the backoff delay, and the delays grow until the session is accepted', () => {
    const { link: guestLink, sockets, clock } = link();
    guestLink.open();
    sockets.latest().drop();
    expect(guestLink.reopenLater()).toBe(500);
    clock.advance(499);
    expect(sockets.sockets).toHaveLength(1);
    clock.advance(1);
    expect(sockets.sockets).toHaveLength(2);
    sockets.latest().drop();
    expect(guestLink.reopenLater()).toBe(1000);
    clock.advance(1000);
    guestLink.settled();
    sockets.latest().drop();
    expect(guestLink.reopenLater()).toBe(500);
  });

  it('closes politely without reporting a drop, and cancels a pending reopen', () => {
    const { link: guestLink, sockets, clock, events } = link();
    guestLink.open();
    sockets.latest().open();
    guestLink.close();
    expect(sockets.latest().closedWith).toBe(1000);
    expect(events).toEqual(['opened']);
    guestLink.open();
    sockets.latest().drop();
    guestLink.reopenLater();
    guestLink.close();
    clock.advance(60_000);
    expect(sockets.sockets).toHaveLength(2);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('ignores what an old socket still reports after a new one opened', () => {
    const { link: guestLink, sockets, events } = link();
    guestLink.open();
    const old = sockets.latest();
    old.open();
    guestLink.close();
    guestLink.open();
    old.receive({ late: true });
    old.drop();
    expect(events).toEqual(['opened']);
  });

  it('says why a socket could not be used: the first socket error, or the HTTP answer to the upgrade', () => {
    const { link: guestLink, sockets, drops } = link();
    guestLink.open();
    sockets.latest().fail(Object.assign(new Error('getaddrinfo ENOTFOUND webmessaging.example'), { code: 'ENOTFOUND' }));
    expect(drops[0]!.problem).toMatchObject({ afterOpen: false, error: { code: 'ENOTFOUND' } });
    guestLink.open();
    sockets.latest().refuse(503);
    expect(drops[1]!.problem).toEqual({ refusedWith: 503 });
    guestLink.open();
    sockets.latest().open();
    sockets.latest().fail(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    expect(drops[2]!.problem).toMatchObject({ afterOpen: true });
    guestLink.open();
    sockets.latest().drop(1001);
    expect(drops[3]).toEqual({ code: 1001, problem: undefined });
  });

  it('after a 429 at the upgrade, waits as long as Retry-After asked when that is longer than the backoff', () => {
    const { link: guestLink, sockets, clock } = link(() => 0.5);
    guestLink.open();
    sockets.latest().refuse(429, 20_000);
    expect(guestLink.reopenLater()).toBe(20_000);
    clock.advance(19_999);
    expect(sockets.sockets).toHaveLength(1);
    clock.advance(1);
    expect(sockets.sockets).toHaveLength(2);
    sockets.latest().refuse(503);
    expect(guestLink.reopenLater()).toBe(500);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs(['1.5'])).toBe(1500);
    expect(retryAfterMs(new Date(1_000_000 + 30_000).toUTCString(), 1_000_000)).toBe(30_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
