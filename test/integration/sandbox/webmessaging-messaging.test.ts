// Guest API messaging over a real WebSocket: inbound echo with tracingId, agent replies, quick replies,
// typing both ways, custom attributes, limits (text length, custom attributes, message rate), disconnect
// → read-only → startNew, Presence Clear, transfer, out-of-order replies and operator-as-agent.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../../electron/sandbox';
import { createFakeClock, type FakeClock } from './openmessaging-harness';
import { configuredGuest, errorFrame, inbound, isClass, outboundEvent, outboundText, type Frame, type GuestWire } from './guest-wire';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX32 = /^[0-9a-f]{32}$/;

const TEST_AGENT = {
  persona: { name: 'Tess', originatingEntity: 'Bot' },
  onJoin: [{ say: 'welcome' }],
  rules: [
    { when: { text: 'typing' }, do: [{ typing: 1000 }, { say: 'typed' }] },
    { when: { text: 'quick' }, do: [{ quickReplies: { text: 'Pick one', replies: [{ text: 'Yes', payload: 'Y' }, { text: 'No', payload: 'N' }] } }] },
    { when: { payload: ['Y', 'N'] }, do: [{ say: 'picked {{payload}}' }] },
    { when: { text: 'bye' }, do: [{ disconnect: { say: 'goodbye' } }] },
    { when: { text: 'transfer' }, do: [{ transfer: { to: 'Alex', say: 'Alex here' } }] },
    { when: { text: 'order' }, do: [{ wait: 500 }, { say: 'second' }, { say: { text: 'first', backdateMs: 1000 } }] },
  ],
  fallback: [{ say: 'you said {{text}} as {{attr.tier}}' }],
};

let sandbox: Sandbox;
let clock: FakeClock;
let deploymentId: string;
let url: string;

beforeAll(async () => {
  clock = createFakeClock();
  sandbox = await createSandbox({ replyLatency: 'instant', clock, scripts: { tess: TEST_AGENT }, defaultAgentScript: 'tess' });
  deploymentId = sandbox.org.deploymentId;
  url = `${sandbox.wsUrl}/v1?deploymentId=${deploymentId}`;
});
afterAll(() => sandbox.close());

const text = (token: string, body: string, extra: object = {}) => ({
  action: 'onMessage',
  token,
  message: { type: 'Text', text: body },
  ...extra,
});

/** Each test moves the fake clock past the 1 s message-rate window before sending. */
async function guestWithToken(): Promise<{ guest: GuestWire; token: string }> {
  clock.advance(1_000);
  const token = randomUUID();
  const { guest } = await configuredGuest(url, deploymentId, token);
  return { guest, token };
}

describe('guest message and agent reply', () => {
  it('reflects the message as Inbound with the tracingId and a UUID id, then the agent answers Outbound with a 32-hex id', async () => {
    const { guest, token } = await guestWithToken();
    guest.send(text(token, 'hello there', { tracingId: 'trace-42', message: { type: 'Text', text: 'hello there', metadata: { customMessageId: 'm-1' } } }));
    const echo = await guest.take(inbound, 'inbound echo');
    expect(echo).toMatchObject({ type: 'message', code: 200, tracingId: 'trace-42', body: { type: 'Text', text: 'hello there', direction: 'Inbound', metadata: { customMessageId: 'm-1' } } });
    expect(echo.body.id).toMatch(UUID);
    expect(new Date(echo.body.channel.time).toISOString()).toBe(echo.body.channel.time);
    const reply = await guest.take(outboundText(/^you said hello there/), 'agent reply');
    expect(reply).toMatchObject({ type: 'message', body: { type: 'Text', direction: 'Outbound', originatingEntity: 'Bot', channel: { from: { nickname: 'Tess' } } } });
    expect(reply.body.id).toMatch(HEX32);
    expect(reply.tracingId).toBeUndefined();
    guest.close();
  });

  it('greets on Presence Join and reflects the event', async () => {
    const { guest, token } = await guestWithToken();
    guest.send({ action: 'onMessage', token, message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Join' } }] } });
    expect(await guest.take(inbound)).toMatchObject({ body: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Join' } }] } });
    await guest.take(outboundText('welcome'), 'welcome');
    guest.close();
  });

  it('fans agent replies out to every connection of the session', async () => {
    const { guest, token } = await guestWithToken();
    const { guest: second } = await configuredGuest(url, deploymentId, token);
    guest.send(text(token, 'both'));
    await second.take(inbound);
    await second.take(outboundText(/^you said both/));
    guest.close();
    second.close();
  });
});

describe('structured replies', () => {
  it('sends quick replies and routes the ButtonResponse answer by payload', async () => {
    const { guest, token } = await guestWithToken();
    guest.send(text(token, 'quick'));
    await guest.take(inbound);
    const offer = await guest.take((f) => f.class === 'StructuredMessage' && f.body.type === 'Structured', 'quick replies');
    expect(offer.body.content).toEqual([
      { contentType: 'QuickReply', quickReply: { text: 'Yes', payload: 'Y', action: 'Message' } },
      { contentType: 'QuickReply', quickReply: { text: 'No', payload: 'N', action: 'Message' } },
    ]);
    clock.advance(1_000);
    guest.send({
      action: 'onMessage',
      token,
      message: { type: 'Text', text: '', content: [{ contentType: 'ButtonResponse', buttonResponse: { text: 'No', payload: 'N', type: 'QuickReply' } }] },
    });
    expect((await guest.take(inbound)).body.content[0].buttonResponse).toMatchObject({ payload: 'N' });
    await guest.take(outboundText('picked N'));
    guest.close();
  });

  it('serves the default agent: a card and a carousel with postback buttons', async () => {
    const menu = await createSandbox({ replyLatency: 'instant', clock });
    try {
      const token = randomUUID();
      const { guest } = await configuredGuest(`${menu.wsUrl}/v1?deploymentId=${deploymentId}`, deploymentId, token);
      guest.send(text(token, 'card'));
      const card = await guest.take((f) => f.body?.content?.[0]?.contentType === 'Card', 'card');
      expect(card.body.content[0].card.actions).toContainEqual({ type: 'Postback', text: 'Buy now', payload: 'CARD_BUY' });
      clock.advance(1_000);
      guest.send({
        action: 'onMessage',
        token,
        message: { type: 'Structured', text: 'Buy now', content: [{ contentType: 'ButtonResponse', buttonResponse: { text: 'Buy now', payload: 'CARD_BUY', type: 'Button' } }] },
      });
      await guest.take(outboundText(/payload CARD_BUY/), 'postback answer');
      clock.advance(1_000);
      guest.send(text(token, 'carousel'));
      const carousel = await guest.take((f) => f.body?.content?.[0]?.contentType === 'Carousel', 'carousel');
      expect(carousel.body.content[0].carousel.cards).toHaveLength(3);
      // Offline means offline: every picture is on the sandbox itself, and it serves it.
      const images: string[] = [card.body.content[0].card.image, ...carousel.body.content[0].carousel.cards.map((c: { image: string }) => c.image)];
      expect(images).toHaveLength(4);
      for (const image of images) {
        expect(image.startsWith(`${menu.baseUrl}/assets/`)).toBe(true);
        const served = await fetch(image);
        expect(served.status).toBe(200);
        expect(served.headers.get('content-type')).toBe('image/svg+xml');
        expect(await served.text()).toMatch(/^<svg /);
      }
      expect((await fetch(`${menu.baseUrl}/assets/..%2Fdefault.yaml`)).status).toBe(404);
      expect((await fetch(`${menu.baseUrl}/assets/default.yaml`)).status).toBe(404);
      clock.advance(1_000);
      guest.send(text(token, 'what can you do?'));
      await guest.take((f) => inbound(f) && f.body.text === 'what can you do?');
      clock.advance(1_000);
      await guest.take(outboundText(/carousel/), 'menu');
      guest.close();
    } finally {
      await menu.close();
    }
  });
});

describe('typing', () => {
  it('reflects guest typing and shows agent typing before a delayed reply', async () => {
    const { guest, token } = await guestWithToken();
    guest.send({ action: 'onMessage', token, message: { type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] } });
    expect(await guest.take(inbound)).toMatchObject({ body: { type: 'Event', events: [{ eventType: 'Typing' }] } });
    clock.advance(1_000);
    guest.send(text(token, 'typing'));
    await guest.take(inbound);
    expect(await guest.take(outboundEvent('Typing'))).toMatchObject({ body: { events: [{ typing: { type: 'On', duration: 1000 } }] } });
    expect(await guest.quietFor(outboundText('typed'), 50)).toBe(true);
    clock.advance(1_000);
    await guest.take(outboundText('typed'));
    guest.close();
  });
});

describe('custom attributes and limits', () => {
  it('reads custom attributes where Genesys documents them, and answers the request-level place with an error frame', async () => {
    const { guest, token } = await guestWithToken();
    guest.send({ action: 'onMessage', token, message: { type: 'Text', text: 'a', channel: { metadata: { customAttributes: { tier: 'gold' } } } } });
    await guest.take(outboundText('you said a as gold'));
    clock.advance(1_000);
    guest.send({ action: 'onMessage', token, tracingId: 'req-level', channel: { metadata: { customAttributes: { tier: 'silver' } } }, message: { type: 'Text', text: 'b' }, time: new Date().toISOString() });
    const refused = await guest.take(isClass('string'));
    expect(refused).toMatchObject({ code: 400, tracingId: 'req-level' });
    expect(refused.body).toMatch(/^Custom attributes belong in message\.channel\.metadata\.customAttributes.*--lenient/);
    expect(await guest.quietFor((f) => inbound(f) && f.body.text === 'b', 100)).toBe(true);
    guest.close();
  });

  it('rejects custom attributes over 2048 bytes with 4013 and text over 4096 bytes with 4011', async () => {
    const { guest, token } = await guestWithToken();
    guest.send({ action: 'onMessage', token, tracingId: 'big-attrs', message: { type: 'Text', text: 'x', channel: { metadata: { customAttributes: { k: 'v'.repeat(2048) } } } } });
    expect(await guest.take(isClass('string'))).toMatchObject({ code: 4013, tracingId: 'big-attrs' });
    clock.advance(1_000);
    guest.send(text(token, 'é'.repeat(2049), { tracingId: 'long' }));
    const tooLong = await guest.take(isClass('string'));
    expect(tooLong).toMatchObject({ code: 4011, tracingId: 'long' });
    expect(tooLong.body).toContain('4098');
    clock.advance(1_000);
    guest.send(text(token, 'y'.repeat(4096)));
    expect((await guest.take(inbound)).body.text).toHaveLength(4096);
    guest.close();
  });

  it('answers the 3rd message within a second with TooManyRequestsErrorMessage (errorCode 4029) and accepts again later', async () => {
    const { guest, token } = await guestWithToken();
    for (const t of ['one', 'two', 'three']) guest.send(text(token, t, { tracingId: t }));
    const limited = await guest.take(isClass('TooManyRequestsErrorMessage'));
    expect(limited).toMatchObject({ type: 'response', code: 429, tracingId: 'three', body: { errorCode: 4029, retryAfter: 1 } });
    expect(guest.frames.filter(inbound).map((f) => f.body.text)).not.toContain('three');
    clock.advance(1_000);
    guest.send(text(token, 'four', { tracingId: 'four' }));
    expect((await guest.take((f) => inbound(f) && f.tracingId === 'four')).body.text).toBe('four');
    guest.close();
  });

  it('rejects a message with neither text nor content (4020)', async () => {
    const { guest, token } = await guestWithToken();
    guest.send({ action: 'onMessage', token, message: { type: 'Text', text: '' } });
    expect(await guest.take(isClass('string'))).toMatchObject({ code: 4020 });
    guest.close();
  });
});

describe('conversation end', () => {
  it('is read-only after the agent disconnects, until configureSession with startNew:true', async () => {
    const { guest, token } = await guestWithToken();
    guest.send(text(token, 'bye'));
    await guest.take(outboundText('goodbye'));
    const disconnect: Frame = await guest.take(outboundEvent('Presence'));
    expect(disconnect.body).toMatchObject({ events: [{ presence: { type: 'Disconnect' } }], metadata: { readOnly: 'true' } });
    clock.advance(1_000);
    guest.send(text(token, 'anyone?', { tracingId: 'ro' }));
    expect(await guest.take(isClass('string'))).toMatchObject({ code: 403, tracingId: 'ro' });

    guest.send({ action: 'configureSession', deploymentId, token });
    expect((await guest.take(isClass('SessionResponse'))).body).toMatchObject({ readOnly: true, newSession: false });
    guest.send({ action: 'configureSession', deploymentId, token, startNew: true });
    expect((await guest.take(isClass('SessionResponse'))).body).toMatchObject({ readOnly: false, connected: true });
    guest.send(text(token, 'fresh start'));
    await guest.take(outboundText(/^you said fresh start/));
    const replies = guest.frames.filter(outboundText(/^you said fresh start/));
    expect(replies).toHaveLength(1);
    guest.close();
  });

  it('transfers to another agent: the old one leaves, the new one answers', async () => {
    const { guest, token } = await guestWithToken();
    guest.send(text(token, 'transfer'));
    const reply = await guest.take(outboundText('Alex here'));
    expect(reply.body).toMatchObject({ originatingEntity: 'Human', channel: { from: { nickname: 'Alex' } } });
    const conversation = sandbox.control.listConversations().find((c) => c.participants.some((p) => p.name === 'Alex' && p.state === 'connected'));
    expect(conversation?.participants.find((p) => p.name === 'Tess')).toMatchObject({ state: 'disconnected' });
    guest.close();
  });

  it('emits replies out of order: the later frame carries the earlier channel.time, still after the question', async () => {
    const { guest, token } = await guestWithToken();
    guest.send(text(token, 'order'));
    const question = await guest.take(inbound);
    clock.advance(500);
    const second = await guest.take(outboundText('second'));
    const first = await guest.take(outboundText('first'));
    expect(guest.frames.indexOf(second)).toBeLessThan(guest.frames.indexOf(first));
    expect(Date.parse(first.body.channel.time)).toBeLessThan(Date.parse(second.body.channel.time));
    expect(Date.parse(first.body.channel.time)).toBeGreaterThan(Date.parse(question.body.channel.time));
    guest.close();
  });

  it('clears the conversation on Presence Clear: SessionClearedEvent, then ConnectionClosedEvent; the token starts anew', async () => {
    const { guest, token } = await guestWithToken();
    guest.send(text(token, 'remember me'));
    await guest.take(inbound);
    clock.advance(1_000);
    guest.send({ action: 'onMessage', token, message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Clear' } }] } });
    await guest.take(isClass('SessionClearedEvent'));
    await guest.take(isClass('ConnectionClosedEvent'));
    await guest.closed();
    const again = await configuredGuest(url, deploymentId, token);
    expect(again.session.body.newSession).toBe(true);
    again.guest.close();
  });

  it('refuses Presence Clear with 403 when the deployment disables it', async () => {
    const noClear = await createSandbox({ replyLatency: 'instant', conversationClear: false, scripts: { tess: TEST_AGENT }, defaultAgentScript: 'tess' });
    try {
      const token = randomUUID();
      const { guest } = await configuredGuest(`${noClear.wsUrl}/v1?deploymentId=${deploymentId}`, deploymentId, token);
      guest.send({ action: 'onMessage', token, message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Clear' } }] } });
      const refused = await guest.take(errorFrame(403));
      expect(refused.body).toContain('Conversation Clear');
      guest.close();
    } finally {
      await noClear.close();
    }
  });
});

describe('operator-as-agent', () => {
  it('delivers an operator reply and ends the conversation from the control API', async () => {
    const { guest, token } = await guestWithToken();
    guest.send(text(token, 'is a person there?'));
    await guest.take(inbound);
    const id = sandbox.control.listConversations().at(-1)!.id;
    const sent = sandbox.control.operatorReply(id, { text: 'Yes, I am here.', nickname: 'Dana' });
    expect(sent.ok).toBe(true);
    expect((await guest.take(outboundText('Yes, I am here.'))).body).toMatchObject({ originatingEntity: 'Human', channel: { from: { nickname: 'Dana' } } });
    expect(sandbox.control.endConversation(id).ok).toBe(true);
    expect((await guest.take(outboundEvent('Presence'))).body.metadata).toEqual({ readOnly: 'true', correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(sandbox.control.endConversation(id)).toMatchObject({ ok: false, error: { kind: 'ConversationEnded' } });
    expect(sandbox.control.operatorReply(randomUUID(), { text: 'x' })).toMatchObject({ ok: false, error: { kind: 'ConversationNotFound' } });
    guest.close();
  });
});
