// GuestSession with a fake socket, clock and history endpoint: the parts working together, no server. The full
// frame schemas are loaded first, as the console does, so every frame is handled at once; and the REST schemas,
// so that the first history read takes no longer than settle() waits.
import { beforeAll, describe, expect, it } from 'vitest';
import type { GuestConnectionEvent } from '../../../electron/engine/channels/guest-connection';
import { GuestAuthentication } from '../../../electron/engine/genesys/webmessaging/guest-authentication';
import { GuestSession, type GuestSessionOptions } from '../../../electron/engine/genesys/webmessaging/guest-session';
import { loadServerFrameSchemas } from '../../../electron/engine/genesys/webmessaging/incoming-frames';
import { serverFrame } from '../../../electron/protocol/webmessaging';
import { agentSays, echoOf, fakeClock, fakeHistory, fakeSockets, session, settle } from './fakes';

function guest(options: Partial<GuestSessionOptions> = {}, history: object[] = []) {
  const clock = fakeClock();
  const sockets = fakeSockets();
  const server = fakeHistory(history);
  const events: GuestConnectionEvent[] = [];
  let id = 0;
  const guestSession = new GuestSession({
    endpoints: { webSocketUrl: 'wss://webmessaging.example/v1', apiBaseUrl: 'https://api.example', configBaseUrl: 'https://cdn.example' },
    deploymentId: 'dep-1',
    token: 'guest-token',
    origin: 'https://shop.example',
    clock,
    random: () => 1,
    newId: () => `id-${(id += 1)}`,
    fetch: server.fetch,
    openSocket: sockets.factory,
    listener: (event) => events.push(event),
    ...options,
  });
  const states = () => events.flatMap((event) => (event.type === 'state' ? [event.detail ? `${event.state}: ${event.detail}` : event.state] : []));
  const of = <T extends GuestConnectionEvent['type']>(type: T) => events.filter((event): event is Extract<GuestConnectionEvent, { type: T }> => event.type === type);
  return { clock, sockets, server, events, states, of, session: guestSession };
}

/** Connect, open, and accept the configure. */
function live(rig: ReturnType<typeof guest>, fields: Parameters<typeof session>[0] = {}) {
  rig.session.connect();
  rig.sockets.latest().open();
  rig.sockets.latest().receive(session(fields));
}

/** Answer the getJwt the session sent on the latest socket. */
function answerJwt(rig: ReturnType<typeof guest>) {
  const request = rig.sockets.latest().last('getJwt');
  rig.sockets.latest().receive(serverFrame.jwt({ jwt: 'session-jwt', exp: 9_999_999_999 }, request.tracingId as string));
}

beforeAll(async () => {
  await loadServerFrameSchemas();
  await import('../../../electron/engine/genesys/webmessaging/guest-rest-schemas');
});

describe('guest session', () => {
  it('configures on open, goes live, and sends a message acknowledged by its echo', () => {
    const rig = guest();
    rig.session.connect();
    expect(rig.session.state).toBe('connecting');
    const socket = rig.sockets.latest();
    expect(socket.url.toString()).toBe('wss://webmessaging.example/v1?deploymentId=dep-1');
    expect(socket.headers).toEqual({ Origin: 'https://shop.example' });
    socket.open();
    expect(socket.last('configureSession')).toEqual({ action: 'configureSession', token: 'guest-token', deploymentId: 'dep-1' });
    socket.receive(session({ maxCustomDataBytes: 2048 }));
    expect(rig.session.state).toBe('live');
    expect(rig.session.limits?.maxCustomDataBytes).toBe(2048);
    rig.session.send({ type: 'text', clientId: 'c-1', text: 'hello' });
    expect(socket.last('onMessage')).toMatchObject({ tracingId: 'c-1', message: { text: 'hello', metadata: { customMessageId: 'c-1' } } });
    socket.receive(echoOf('m-1', 'c-1', 'hello'));
    socket.receive(agentSays('a-1', 'hi there'));
    socket.receive(agentSays('a-1', 'hi there'));
    expect(rig.of('receipt').map((event) => `${event.clientId} ${event.status}`)).toEqual(['c-1 sent']);
    expect(rig.of('message').map((event) => event.message.text)).toEqual(['hi there']);
    expect(rig.states()).toEqual(['connecting', 'live']);
  });

  it('on an auto-starting deployment sends Presence Join before anything typed while it found out, and sends at once when it does not', async () => {
    let answer: (autoStart: boolean) => void = () => undefined;
    const rig = guest({ autoStart: () => new Promise<boolean>((resolve) => (answer = resolve)) });
    live(rig);
    rig.session.send({ type: 'text', clientId: 'c-1', text: 'typed at once' });
    expect(rig.sockets.latest().actions()).toEqual(['configureSession']);
    answer(true);
    await settle();
    const frames = rig.sockets.latest().frames();
    expect(frames.map((frame) => frame.action)).toEqual(['configureSession', 'onMessage', 'onMessage']);
    expect(frames[1]).toMatchObject({ message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Join' } }] } });
    expect(frames[2]).toMatchObject({ message: { text: 'typed at once' } });

    const plain = guest({ autoStart: async () => false });
    live(plain);
    plain.session.send({ type: 'text', clientId: 'c-2', text: 'no greeting here' });
    await settle();
    expect(plain.sockets.latest().frames().slice(1).map((frame) => (frame.message as { text?: string }).text)).toEqual(['no greeting here']);
  });

  it('never opens a socket as a side effect: send, typing and start-new wait for an explicit connect', () => {
    const rig = guest();
    rig.session.send({ type: 'text', clientId: 'c-1', text: 'queued' });
    expect(rig.session.typing()).toBe(false);
    rig.session.startNew();
    expect(rig.sockets.sockets).toHaveLength(0);
    expect(rig.session.state).toBe('idle');
    live(rig, { readOnly: true });
    // The start-new asked for while idle rides on the first configure.
    expect(rig.sockets.latest().last('configureSession')).toMatchObject({ startNew: true });
  });

  it('reconnects after a drop on the backoff, and catches up from the history before sending again', async () => {
    const rig = guest({}, []);
    live(rig);
    const first = rig.sockets.latest();
    rig.session.send({ type: 'text', clientId: 'c-1', text: 'made it' });
    rig.session.send({ type: 'text', clientId: 'c-2', text: 'lost on the way' });
    first.drop(1006);
    expect(rig.session.state).toBe('reconnecting');
    rig.session.send({ type: 'text', clientId: 'c-3', text: 'typed while away' });
    rig.clock.advance(499);
    expect(rig.sockets.sockets).toHaveLength(1);
    rig.clock.advance(1);
    const second = rig.sockets.latest();
    expect(second).not.toBe(first);
    second.open();
    second.receive(session({ newSession: false }));
    expect(second.actions()).toEqual(['configureSession', 'getJwt']); // nothing is sent before the history is read
    rig.server.state.messages.push(
      { id: 'm-1', type: 'Text', direction: 'Inbound', text: 'made it', metadata: { customMessageId: 'c-1' } },
      { id: 'a-1', type: 'Text', direction: 'Outbound', text: 'said while away' },
    );
    answerJwt(rig);
    await settle();
    expect(rig.of('receipt').map((event) => `${event.clientId} ${event.status}`)).toEqual(['c-1 sent']);
    expect(rig.of('message').map((event) => event.message.text)).toEqual(['said while away']);
    rig.clock.advance(2_000);
    expect(second.frames().filter((frame) => frame.action === 'onMessage').map((frame) => frame.tracingId)).toEqual(['c-2', 'c-3']);
    expect(rig.states()).toEqual(['connecting', 'live', 'reconnecting', 'live']);
  });

  it('reports the real cause when the host cannot be reached, and keeps trying', () => {
    const rig = guest();
    rig.session.connect();
    rig.sockets.latest().fail(Object.assign(new Error('getaddrinfo ENOTFOUND webmessaging.example'), { code: 'ENOTFOUND' }));
    expect(rig.states().at(-1)).toBe(
      "reconnecting: Could not reach webmessaging.example: the host name does not resolve (ENOTFOUND). Check the profile's region and your network connection.",
    );
    rig.clock.advance(500);
    rig.sockets.latest().fail(Object.assign(new Error('getaddrinfo ENOTFOUND webmessaging.example'), { code: 'ENOTFOUND' }));
    expect(rig.states()).toHaveLength(2); // the same cause again is not a new state
    expect(rig.sockets.sockets).toHaveLength(2);
  });

  it('fails for good when the deployment refuses the guest, with words to act on', () => {
    const rig = guest();
    rig.session.connect();
    rig.sockets.latest().refuse(403);
    expect(rig.session.state).toBe('failed');
    expect(rig.states().at(-1)).toMatch(/^failed: The deployment refused this guest \(HTTP 403\)/);
    rig.clock.advance(60_000);
    expect(rig.sockets.sockets).toHaveLength(1);
    expect(rig.clock.pendingTimers()).toBe(0);
  });

  it('expires on a 4006 before configure, and fails with the kind words on another error', () => {
    const expired = guest();
    expired.session.connect();
    expired.sockets.latest().open();
    expired.sockets.latest().receive(serverFrame.error(4006, 'Session has expired'));
    expect(expired.session.state).toBe('expired');
    const refused = guest();
    refused.session.connect();
    refused.sockets.latest().open();
    refused.sockets.latest().receive(serverFrame.error(403, 'deploymentId dep-1 is not active'));
    expect(refused.states().at(-1)).toBe('failed: The deployment does not allow this (check its Messenger configuration). (403: deploymentId dep-1 is not active)');
  });

  it('waits out a too-many-requests reply and sends the refused message again', () => {
    const rig = guest();
    live(rig);
    const socket = rig.sockets.latest();
    rig.session.send({ type: 'text', clientId: 'c-1', text: 'one' });
    socket.receive(serverFrame.tooManyRequests({ retryAfter: 2, errorCode: 4029, errorMessage: 'Message rate too high' }, 'c-1'));
    rig.clock.advance(1_999);
    expect(socket.actions().filter((action) => action === 'onMessage')).toHaveLength(1);
    rig.clock.advance(1);
    expect(socket.actions().filter((action) => action === 'onMessage')).toHaveLength(2);
    expect(rig.of('receipt')).toEqual([]);
    // Each time the message left, and the pause, as events of their own.
    expect(rig.of('outgoing')).toEqual([
      { type: 'outgoing', clientId: 'c-1' },
      { type: 'outgoing', clientId: 'c-1' },
    ]);
    expect(rig.of('rateLimited')).toEqual([{ type: 'rateLimited', retryAfterMs: 2000 }]);
  });

  it('reports frames and notes for the inspector unless told not to, and works the same without them', () => {
    const run = (frames: boolean | undefined) => {
      const rig = guest(frames === undefined ? {} : { frames });
      live(rig);
      const socket = rig.sockets.latest();
      rig.session.send({ type: 'text', clientId: 'c-1', text: 'one' });
      socket.receive(echoOf('m-1', 'c-1', 'one'));
      socket.receive(agentSays('a-1', 'hi'));
      socket.receive(serverFrame.tooManyRequests({ retryAfter: 1, errorCode: 4029, errorMessage: 'Message rate too high' }));
      return rig;
    };
    const inspected = run(undefined);
    expect(inspected.of('frame').map((event) => event.direction)).toEqual(['note', 'out', 'in', 'out', 'in', 'in', 'in', 'note']);
    const quiet = run(false);
    expect(quiet.of('frame')).toEqual([]);
    const withoutFrames = (events: GuestConnectionEvent[]) => events.filter((event) => event.type !== 'frame');
    expect(withoutFrames(quiet.events)).toEqual(withoutFrames(inspected.events));
  });

  it('marks a message the server refuses as failed, with the words of its kind', () => {
    const rig = guest();
    live(rig);
    rig.session.send({ type: 'text', clientId: 'c-1', text: 'x'.repeat(5000) });
    rig.sockets.latest().receive(serverFrame.error(4011, 'Message length 5000 is larger than 4096', 'c-1'));
    expect(rig.of('receipt')).toEqual([
      { type: 'receipt', clientId: 'c-1', status: 'failed', reason: 'The message is longer than Genesys accepts. (4011: Message length 5000 is larger than 4096)' },
    ]);
  });

  it('goes read-only when the agent ends the conversation, and starts new on the open socket', () => {
    const rig = guest();
    live(rig);
    const socket = rig.sockets.latest();
    socket.receive(
      serverFrame.structuredMessage({
        id: 'a-9',
        type: 'Event',
        direction: 'Outbound',
        events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }],
        metadata: { readOnly: 'true' },
      }),
    );
    expect(rig.session.state).toBe('readOnly');
    rig.session.startNew();
    expect(socket.last('configureSession')).toMatchObject({ startNew: true });
    socket.receive(session({ newSession: true }));
    expect(rig.session.state).toBe('live');
  });

  it('uploads through the presigned URL and resolves when the server confirms', async () => {
    const puts: { url: string; headers: Record<string, string> }[] = [];
    const fetch = (async (url: string, init: RequestInit) => {
      puts.push({ url: String(url), headers: init.headers as Record<string, string> });
      return new Response(null, { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    const rig = guest({ fetch });
    live(rig);
    const socket = rig.sockets.latest();
    const uploading = rig.session.upload({ fileName: 'a.png', mime: 'image/png', bytes: new Uint8Array([1, 2, 3]) });
    const asked = socket.last('onAttachment');
    expect(asked).toMatchObject({ attachmentId: 'id-1', fileName: 'a.png', fileType: 'image/png', fileSize: 3, errorsAsJson: true });
    socket.receive(serverFrame.presignedUrl({ attachmentId: 'id-1', url: 'https://bucket.example/put', headers: { 'x-amz-tagging': 't' } }, asked.tracingId as string));
    await settle();
    expect(puts).toEqual([{ url: 'https://bucket.example/put', headers: { 'x-amz-tagging': 't', 'Content-Type': 'image/png' } }]);
    socket.receive(serverFrame.uploadSuccess({ attachmentId: 'id-1', downloadUrl: 'https://files.example/a.png' }));
    await expect(uploading).resolves.toEqual({ attachment: { id: 'id-1' }, downloadUrl: 'https://files.example/a.png' });
  });

  it('refuses an upload while not live, with the NotConnected kind', async () => {
    const rig = guest();
    await expect(rig.session.upload({ fileName: 'a.txt', mime: 'text/plain', bytes: new Uint8Array([1]) })).rejects.toMatchObject({ failure: 'NotConnected' });
  });

  it('signs an authenticated guest in, and refreshes the sign-in once on a 401', async () => {
    const tokens = ['first-jwt', 'second-jwt'];
    const fetch = (async () => new Response(JSON.stringify({ jwt: tokens.shift(), refreshToken: 'r' }), { status: 200 })) as unknown as typeof globalThis.fetch;
    const authentication = new GuestAuthentication({ apiBaseUrl: 'https://api.example', deploymentId: 'dep-1', grant: { code: 'c', redirectUri: 'https://r' }, fetch });
    const rig = guest({ authentication });
    rig.session.connect();
    const socket = rig.sockets.latest();
    socket.open();
    await settle();
    expect(socket.last('configureAuthenticatedSession')).toMatchObject({ data: { code: 'first-jwt' } });
    socket.receive(serverFrame.error(401, 'Authentication failed'));
    await settle();
    expect(socket.last('configureAuthenticatedSession')).toMatchObject({ data: { code: 'second-jwt' } });
    socket.receive(serverFrame.error(401, 'Authentication failed'));
    expect(rig.session.state).toBe('failed');
    expect(rig.states().at(-1)).toMatch(/^failed: The session is not authorised/);
  });

  it('stops without ending the session, and cancels every timer', () => {
    const rig = guest();
    live(rig);
    rig.session.send({ type: 'text', clientId: 'c-1', text: 'pending' });
    rig.session.disconnect();
    expect(rig.session.state).toBe('idle');
    expect(rig.sockets.latest().closedWith).toBe(1000);
    expect(rig.clock.pendingTimers()).toBe(0);
  });

  it('can be stopped and connected again: what was sent meanwhile waits, then goes out after the catch-up', async () => {
    const rig = guest();
    live(rig);
    rig.session.disconnect();
    rig.session.send({ type: 'text', clientId: 'c-1', text: 'typed while offline' });
    rig.clock.advance(60_000);
    expect(rig.sockets.sockets).toHaveLength(1);
    rig.session.connect();
    expect(rig.session.state).toBe('reconnecting');
    rig.sockets.latest().open();
    rig.sockets.latest().receive(session({ newSession: false }));
    answerJwt(rig);
    await settle();
    expect(rig.sockets.latest().last('onMessage')).toMatchObject({ tracingId: 'c-1' });
    expect(rig.states()).toEqual(['connecting', 'live', 'idle', 'reconnecting', 'live']);
  });

  it('closes the session for every connection and waits for the confirmation', async () => {
    const rig = guest();
    live(rig);
    const closing = rig.session.closeSession();
    expect(rig.sockets.latest().last('closeSession')).toMatchObject({ closeAllConnections: true });
    rig.sockets.latest().receive(serverFrame.sessionResponse({ connected: false, newSession: false }));
    await closing;
    expect(rig.session.state).toBe('closed');
  });
});
