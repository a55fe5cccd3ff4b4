// The channel port's intents and events on each wire, with fakes instead of servers: a `choice` becomes Web
// Messaging's onMessage frame and Open Messaging's structured response; `ended` is decoded from Web
// Messaging's Presence Disconnect (read-only from its metadata) and from Open Messaging's (always read-only).
import { beforeAll, describe, expect, it } from 'vitest';
import { GuestIntentSchema, type GuestConnectionEvent, type OutgoingMessage } from '../../../electron/engine/channels/guest-connection';
import { reportReceived } from '../../../electron/engine/genesys/received-message';
import { conversationEnded } from '../../../electron/engine/genesys/openmessaging/guest-message-mapping';
import type { HostedFiles } from '../../../electron/engine/genesys/openmessaging/hosted-files';
import { OpenMessagingGuest } from '../../../electron/engine/genesys/openmessaging/open-messaging-guest';
import type { PlatformCall, PlatformClient } from '../../../electron/engine/genesys/openmessaging/platform-client';
import type { WebhookDelivery } from '../../../electron/engine/genesys/openmessaging/webhook-receiver';
import { DEFAULT_POLL_TUNING } from '../../../electron/engine/genesys/openmessaging/poll-schedule';
import { GuestSession } from '../../../electron/engine/genesys/webmessaging/guest-session';
import { loadServerFrameSchemas } from '../../../electron/engine/genesys/webmessaging/incoming-frames';
import { messageFrame } from '../../../electron/engine/genesys/webmessaging/message-frames';
import { OpenInboundMessageSchema, OpenInboundStructuredResponseSchema } from '../../../electron/protocol/openmessaging/inbound';
import { parseClientFrame, serverFrame } from '../../../electron/protocol/webmessaging';
import { fakeClock, fakeSockets, session, settle } from '../webmessaging/fakes';

const quickReply: OutgoingMessage = { type: 'choice', clientId: 'c-1', text: 'Tea', payload: 'QR_TEA', kind: 'QuickReply', offeredIn: 'a-1', customAttributes: { plan: 'gold' } };
const disconnect = { eventType: 'Presence', presence: { type: 'Disconnect' } };

describe('Web Messaging encodes', () => {
  it('a quick-reply choice as a Text onMessage with empty text and the ButtonResponse, which the sandbox decodes', () => {
    const frame = messageFrame('guest-token', quickReply);
    expect(frame).toEqual({
      action: 'onMessage',
      token: 'guest-token',
      tracingId: 'c-1',
      message: {
        type: 'Text',
        text: '',
        content: [{ contentType: 'ButtonResponse', buttonResponse: { text: 'Tea', payload: 'QR_TEA', type: 'QuickReply', originatingMessageId: 'a-1' } }],
        metadata: { customMessageId: 'c-1' },
        channel: { metadata: { customAttributes: { plan: 'gold' } } },
      },
    });
    expect(parseClientFrame(JSON.stringify(frame))).toMatchObject({ ok: true, frame: { action: 'onMessage' } });
  });

  it('a button choice as a Structured message carrying its text', () => {
    const frame = messageFrame('guest-token', { type: 'choice', clientId: 'c-2', text: 'Yes', payload: 'YES', kind: 'Button' });
    expect(frame.message).toEqual({
      type: 'Structured',
      text: 'Yes',
      content: [{ contentType: 'ButtonResponse', buttonResponse: { text: 'Yes', payload: 'YES', type: 'Button' } }],
      metadata: { customMessageId: 'c-2' },
    });
  });

  it('a text and an uploaded file', () => {
    expect(messageFrame('t', { type: 'text', clientId: 'c-3', text: 'hi', customAttributes: {} }).message).toEqual({ type: 'Text', text: 'hi', metadata: { customMessageId: 'c-3' } });
    expect(messageFrame('t', { type: 'attachment', clientId: 'c-4', text: '', attachments: [{ id: 'att-1' }] }).message).toEqual({
      type: 'Text',
      text: '',
      content: [{ contentType: 'Attachment', attachment: { id: 'att-1' } }],
      metadata: { customMessageId: 'c-4' },
    });
  });

  it('a caption and several files as one message, in the order chosen', () => {
    const message = { type: 'attachment' as const, clientId: 'c-5', text: 'Both receipts', attachments: [{ id: 'att-1' }, { id: 'att-2' }] };
    expect(messageFrame('t', message).message).toEqual({
      type: 'Text',
      text: 'Both receipts',
      content: [
        { contentType: 'Attachment', attachment: { id: 'att-1' } },
        { contentType: 'Attachment', attachment: { id: 'att-2' } },
      ],
      metadata: { customMessageId: 'c-5' },
    });
  });

  it('reads a journal line from before a message could hold several files as a list of one', () => {
    const parsed = GuestIntentSchema.parse({ type: 'attachment', text: 'a file', attachment: { id: 'att-1' } });
    expect(parsed).toEqual({ type: 'attachment', text: 'a file', attachments: [{ id: 'att-1' }] });
  });

  it('through the session: the frame that goes out for a choice is that one', () => {
    const rig = webMessagingGuest();
    rig.session.send(quickReply);
    expect(rig.sockets.latest().last('onMessage')).toEqual(JSON.parse(JSON.stringify(messageFrame('guest-token', quickReply))));
  });
});

describe('Web Messaging decodes', () => {
  // As in the console, which loads them at start: frames with events are then decoded at once.
  beforeAll(() => loadServerFrameSchemas());

  it('a Presence Disconnect marked read-only as `ended`, and the session turns read-only', () => {
    const rig = webMessagingGuest();
    rig.sockets.latest().receive(
      serverFrame.structuredMessage({ id: 'e-1', type: 'Event', direction: 'Outbound', channel: { time: '2026-11-24T10:00:05Z', from: { nickname: 'Sam' } }, events: [disconnect], metadata: { readOnly: 'true' } }),
    );
    expect(rig.events.filter((event) => event.type === 'ended')).toEqual([{ type: 'ended', readOnly: true, id: 'e-1', time: '2026-11-24T10:00:05Z', agentName: 'Sam' }]);
    expect(rig.session.state).toBe('readOnly');
    expect(rig.events.some((event) => event.type === 'message')).toBe(false);
  });

  it('one without the mark as an `ended` the guest may talk on after', () => {
    const rig = webMessagingGuest();
    rig.sockets.latest().receive(serverFrame.structuredMessage({ id: 'e-2', type: 'Event', direction: 'Outbound', events: [disconnect] }));
    expect(rig.events.filter((event) => event.type === 'ended')).toEqual([{ type: 'ended', readOnly: false, id: 'e-2' }]);
    expect(rig.session.state).toBe('live');
  });

  it("typing and presence, and not the guest's own events", () => {
    const events: GuestConnectionEvent[] = [];
    const emit = (event: GuestConnectionEvent) => events.push(event);
    reportReceived({ id: 't-1', type: 'Event', direction: 'Outbound', events: [{ eventType: 'Typing', typing: { type: 'On', duration: 3000 } }] }, false, emit);
    reportReceived({ id: 't-2', type: 'Event', direction: 'Outbound', events: [{ eventType: 'Typing', typing: { type: 'Off' } }] }, false, emit);
    reportReceived({ id: 'p-1', type: 'Event', direction: 'Outbound', events: [{ eventType: 'Presence', presence: { type: 'Join' } }] }, false, emit);
    reportReceived({ id: 'g-1', type: 'Event', direction: 'Inbound', events: [{ eventType: 'Typing', typing: { type: 'On' } }] }, false, emit);
    expect(events).toEqual([
      { type: 'typing', on: true, durationMs: 3000 },
      { type: 'typing', on: false },
      { type: 'presence', change: 'joined', id: 'p-1' },
    ]);
  });
});

describe('Open Messaging encodes', () => {
  it('a choice as a structured response naming the offering message', async () => {
    const rig = await openMessagingGuest();
    rig.guest.send(quickReply);
    await settle();
    const call = rig.calls.at(-1)!;
    expect(call.label).toBe('POST /api/v2/conversations/messages/integration-1/inbound/open/structured/response');
    expect(call.body).toEqual({
      channel: { from: { id: 'customer-1', idType: 'Opaque', nickname: 'Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace' }, time: '2026-11-24T10:00:00.000Z', messageId: 'c-1' },
      buttonResponse: { type: 'QuickReply', text: 'Tea', payload: 'QR_TEA' },
      originatingMessageId: 'a-1',
    });
    expect(OpenInboundStructuredResponseSchema.safeParse(call.body).success).toBe(true);
    expect(rig.events.filter((event) => event.type === 'receipt')).toEqual([expect.objectContaining({ type: 'receipt', clientId: 'c-1', status: 'sent' })]);
  });

  it('a choice without its offer as the answer to the last agent message', async () => {
    const rig = await openMessagingGuest();
    rig.guest.deliverWebhook(webhook({ id: 'a-7', type: 'Structured', text: 'Tea or coffee?' }));
    rig.guest.send({ type: 'choice', clientId: 'c-2', text: 'Coffee', payload: 'QR_COFFEE', kind: 'Button' });
    await settle();
    expect(rig.calls.find((call) => call.label.endsWith('/structured/response'))?.body).toMatchObject({ buttonResponse: { type: 'Button' }, originatingMessageId: 'a-7' });
  });

  it('a text as an inbound message carrying the client id and custom attributes', async () => {
    const rig = await openMessagingGuest();
    rig.guest.send({ type: 'text', clientId: 'c-3', text: 'hello', customAttributes: { plan: 'gold' } });
    await settle();
    const { body } = rig.calls.at(-1)!;
    expect(OpenInboundMessageSchema.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({ text: 'hello', channel: { messageId: 'c-3', metadata: { customAttributes: { plan: 'gold' } } }, metadata: { plan: 'gold', customMessageId: 'c-3' } });
  });
});

describe('Open Messaging decodes', () => {
  it('a Presence Disconnect from the webhook as a read-only `ended`, and the guest turns read-only', async () => {
    const rig = await openMessagingGuest();
    rig.guest.deliverWebhook(webhook({ id: 'e-1', type: 'Event', events: [disconnect] }));
    expect(rig.events.filter((event) => event.type === 'ended')).toEqual([{ type: 'ended', readOnly: true, id: 'e-1', time: '2026-11-24T10:00:01.000Z', agentName: 'Sam' }]);
    expect(rig.guest.state).toBe('readOnly');
    expect(rig.events.some((event) => event.type === 'message')).toBe(false);
  });

  it("the poller's end of a conversation the same way", () => {
    const events: GuestConnectionEvent[] = [];
    reportReceived(conversationEnded('conv-1', '2026-11-24T10:00:09.000Z', 'Sam'), true, (event) => events.push(event));
    expect(events).toEqual([{ type: 'ended', readOnly: true, id: 'conv-1:ended', time: '2026-11-24T10:00:09.000Z', agentName: 'Sam' }]);
  });
});

function webMessagingGuest() {
  const sockets = fakeSockets();
  const events: GuestConnectionEvent[] = [];
  const guestSession = new GuestSession({
    endpoints: { webSocketUrl: 'wss://webmessaging.example/v1', apiBaseUrl: 'https://api.example', configBaseUrl: 'https://cdn.example' },
    deploymentId: 'dep-1',
    token: 'guest-token',
    clock: fakeClock(),
    newId: () => 'id',
    openSocket: sockets.factory,
    listener: (event) => events.push(event),
  });
  guestSession.connect();
  sockets.latest().open();
  sockets.latest().receive(session());
  return { session: guestSession, sockets, events };
}

function webhook(fields: { id: string; type: string; text?: string; events?: WebhookDelivery['events'] }): WebhookDelivery {
  return {
    channel: { to: { id: 'customer-1', idType: 'Opaque' }, from: { id: 'integration-1', idType: 'Opaque', nickname: 'Sam' }, time: '2026-11-24T10:00:01.000Z' },
    direction: 'Outbound',
    ...fields,
  };
}

/** A poll-mode guest, live, over a Platform API client that records each call and answers it at once. */
async function openMessagingGuest() {
  const calls: PlatformCall[] = [];
  const events: GuestConnectionEvent[] = [];
  const answer = async (call: PlatformCall) => {
    calls.push(call);
    return { status: 200, headers: {}, body: { id: `srv-${calls.length}` } };
  };
  const client = { place: 'a fake org', ensureLoggedIn: async () => undefined, call: answer, callIfRoom: answer } as unknown as PlatformClient;
  const guest = new OpenMessagingGuest({
    customerId: 'customer-1',
    persona: { name: 'Ada Lovelace', customAttributes: {} },
    integrationId: 'integration-1',
    receiveMode: 'poll',
    knownMessageIds: [],
    clock: fakeClock(),
    client,
    receiver: () => {
      throw new Error('a poll-mode guest without files needs no receiver');
    },
    files: {} as HostedFiles,
    pollTuning: DEFAULT_POLL_TUNING,
    deliveryReceipts: false,
    listener: (event) => events.push(event),
    onStarted: () => undefined,
    onStopped: () => undefined,
  });
  guest.connect();
  await settle();
  expect(guest.state).toBe('live');
  return { guest, calls, events };
}
