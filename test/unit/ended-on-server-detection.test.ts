// "Ended on the server" as each channel detects it, with no server: a Web Messaging guest whose resume is
// answered with a new session (spec §4.1 `newSession`), or whose session expired (4006, SessionExpiredEvent),
// stops and reports `expired` with the reason; an Open Messaging guest whose known conversation the platform
// no longer has (404), or whose message lands in another conversation, does the same — and neither ever sends
// into a new server conversation by itself.
import { describe, expect, it } from 'vitest';
import type { GuestConnectionEvent } from '../../electron/engine/channels/guest-connection';
import { HostedFiles } from '../../electron/engine/genesys/openmessaging/hosted-files';
import { OpenMessagingGuest } from '../../electron/engine/genesys/openmessaging/open-messaging-guest';
import type { PlatformCall, PlatformClient } from '../../electron/engine/genesys/openmessaging/platform-client';
import { PlatformError } from '../../electron/engine/genesys/openmessaging/platform-error';
import { DEFAULT_POLL_TUNING } from '../../electron/engine/genesys/openmessaging/poll-schedule';
import type { WebhookReceiver } from '../../electron/engine/genesys/openmessaging/webhook-receiver';
import { GuestSession, type GuestSessionOptions } from '../../electron/engine/genesys/webmessaging/guest-session';
import { serverFrame } from '../../electron/protocol/webmessaging';
import { fakeClock, fakeHistory, fakeSockets, session, settle } from './webmessaging/fakes';

const statesOf = (events: GuestConnectionEvent[]) => events.flatMap((event) => (event.type === 'state' ? [event.detail ? `${event.state}: ${event.detail}` : event.state] : []));

describe('Web Messaging: the server forgot the session', () => {
  function guest(options: Partial<GuestSessionOptions> = {}) {
    const sockets = fakeSockets();
    const events: GuestConnectionEvent[] = [];
    let id = 0;
    const guestSession = new GuestSession({
      endpoints: { webSocketUrl: 'wss://webmessaging.example/v1', apiBaseUrl: 'https://api.example', configBaseUrl: 'https://cdn.example' },
      deploymentId: 'dep-1',
      token: 'guest-token',
      clock: fakeClock(),
      random: () => 1,
      newId: () => `id-${(id += 1)}`,
      fetch: fakeHistory().fetch,
      openSocket: sockets.factory,
      autoStart: async () => true,
      listener: (event) => events.push(event),
      ...options,
    });
    return { sockets, events, session: guestSession };
  }

  it('stops when a resume is answered with a new session, and sends nothing into it', async () => {
    const rig = guest({ resumed: true });
    rig.session.send({ type: 'text', clientId: 'c-1', text: 'still there?' });
    rig.session.connect();
    const socket = rig.sockets.latest();
    socket.open();
    socket.receive(session({ newSession: true }));
    await settle();
    expect(rig.session.state).toBe('expired');
    expect(statesOf(rig.events).at(-1)).toBe("expired: Genesys answered the resume with a new session: it no longer has this guest's conversation.");
    expect(socket.actions()).toEqual(['configureSession']); // no message, no Presence Join, no history read
    expect(socket.isOpen).toBe(false);
  });

  it('goes live when the session is new to both sides, or when the new session answers a start-new', async () => {
    const fresh = guest();
    fresh.session.connect();
    fresh.sockets.latest().open();
    fresh.sockets.latest().receive(session({ newSession: true }));
    expect(fresh.session.state).toBe('live');

    const restarted = guest({ resumed: true });
    restarted.session.startNew();
    restarted.session.connect();
    restarted.sockets.latest().open();
    expect(restarted.sockets.latest().last('configureSession')).toMatchObject({ startNew: true });
    restarted.sockets.latest().receive(session({ newSession: true }));
    expect(restarted.session.state).toBe('live');

    const resumed = guest({ resumed: true });
    resumed.session.connect();
    resumed.sockets.latest().open();
    resumed.sockets.latest().receive(session({ newSession: false, readOnly: true }));
    expect(resumed.session.state).toBe('readOnly');
  });

  it('says why when the session expired: error 4006 on the configure, or SessionExpiredEvent while live', () => {
    const refused = guest({ resumed: true });
    refused.session.connect();
    refused.sockets.latest().open();
    refused.sockets.latest().receive(serverFrame.error(4006, 'Session has expired.'));
    expect(statesOf(refused.events).at(-1)).toBe('expired: Genesys says the guest session has expired.');

    const live = guest();
    live.session.connect();
    live.sockets.latest().open();
    live.sockets.latest().receive(session());
    live.sockets.latest().receive(serverFrame.sessionExpired());
    expect(statesOf(live.events).at(-1)).toBe('expired: Genesys says the guest session has expired.');
  });
});

describe('Open Messaging: the platform no longer has the conversation', () => {
  /** A platform whose conversation read and inbound message calls the test answers. */
  function guest(answers: { read: () => unknown; send?: (body: unknown) => unknown }, platformConversationId = 'conv-1') {
    const events: GuestConnectionEvent[] = [];
    const calls: string[] = [];
    const api = {
      getConversationsMessage: async () => ({ status: 200, headers: {}, body: answers.read() }),
      postConversationsMessageInboundOpenMessage: async (_integration: string, body: unknown) => ({ status: 200, headers: {}, body: answers.send?.(body) }),
      postConversationsMessageInboundOpenReceipt: async () => ({ status: 202, headers: {}, body: {} }),
    };
    const client = {
      place: 'fake org',
      ensureLoggedIn: async () => undefined,
      call: async (request: PlatformCall) => {
        calls.push(request.label);
        return request.run(api as never);
      },
      callIfRoom: () => undefined,
    } as unknown as PlatformClient;
    const openGuest = new OpenMessagingGuest({
      customerId: 'customer-1',
      persona: { name: 'Ada', customAttributes: {} },
      integrationId: 'integration-1',
      receiveMode: 'poll',
      platformConversationId,
      knownMessageIds: [],
      clock: fakeClock(),
      client,
      receiver: () => ({}) as WebhookReceiver,
      files: new HostedFiles(),
      pollTuning: DEFAULT_POLL_TUNING,
      deliveryReceipts: false,
      listener: (event) => events.push(event),
      onStarted: () => undefined,
      onStopped: () => undefined,
    });
    return { events, calls, guest: openGuest };
  }

  const notFound = () => {
    throw new PlatformError('NotFound', 'Genesys answered 404: the conversation is unknown.', { status: 404 });
  };
  const open = { participants: [{ purpose: 'customer', state: 'connected', messages: [] }, { purpose: 'agent', state: 'connected', messages: [] }] };

  it('reads a known conversation before sending into it, and stops when the platform answers 404', async () => {
    const rig = guest({ read: notFound });
    rig.guest.send({ type: 'text', clientId: 'c-1', text: 'hello again' });
    rig.guest.connect();
    await settle();
    expect(rig.calls).toEqual(['GET /api/v2/conversations/messages/conv-1']);
    expect(rig.guest.state).toBe('expired');
    expect(statesOf(rig.events).at(-1)).toMatch(/^expired: Genesys no longer has conversation conv-1/);
    expect(rig.events.find((event) => event.type === 'receipt')).toMatchObject({ clientId: 'c-1', status: 'failed' });
  });

  it('sends once the read shows the conversation is still there', async () => {
    const rig = guest({ read: () => open, send: () => ({ id: 's-1', conversationId: 'conv-1' }) });
    rig.guest.send({ type: 'text', clientId: 'c-1', text: 'hello again' });
    rig.guest.connect();
    await settle();
    expect(rig.calls).toEqual(['GET /api/v2/conversations/messages/conv-1', 'POST /api/v2/conversations/messages/integration-1/inbound/open/message?prefetchConversationId=true']);
    expect(rig.guest.state).toBe('live');
    expect(rig.events.find((event) => event.type === 'receipt')).toMatchObject({ clientId: 'c-1', status: 'sent' });
  });

  it('stops when a message lands in another conversation than the one it knew', async () => {
    const rig = guest({ read: () => open, send: () => ({ id: 's-1', conversationId: 'conv-2' }) });
    rig.guest.connect();
    await settle();
    rig.guest.send({ type: 'text', clientId: 'c-1', text: 'hello again' });
    await settle();
    expect(rig.guest.state).toBe('expired');
    expect(statesOf(rig.events).at(-1)).toContain('new conversation (conv-2)');
    expect(rig.events.some((event) => event.type === 'platformConversation')).toBe(false);
  });

  it('after "Start new" a new conversation id is expected, not a sign of loss', async () => {
    const rig = guest({ read: () => open, send: () => ({ id: 's-2', conversationId: 'conv-2' }) });
    rig.guest.startNew(); // before connecting: the old conversation is neither read nor resumed
    rig.guest.connect();
    await settle();
    rig.guest.send({ type: 'text', clientId: 'c-2', text: 'new question' });
    await settle();
    expect(rig.calls).toEqual(['POST /api/v2/conversations/messages/integration-1/inbound/open/message?prefetchConversationId=true']);
    expect(rig.guest.state).toBe('live');
    expect(rig.events.find((event) => event.type === 'platformConversation')).toEqual({ type: 'platformConversation', conversationId: 'conv-2' });
  });
});
