// Who answers a Web Messaging guest, over a real WebSocket with the plain spec client (guest-wire.ts) and the
// HTTP control API: the default agent goes silent while the operator is in the conversation (an explicit join,
// or any operator action) and answers again after the hand-back; a scripted transfer hands over to Alex and
// Sandy stays silent. Genesys sends the guest no event when an agent joins or leaves: who speaks shows in each
// message's channel.from and originatingEntity, and no Presence type outside the spec ever reaches the guest.
// Order: a guest that configures and sends at once sees the greeting first, 50 times over; a Join after the
// guest has spoken greets nobody; the order demo's out-of-order part is stamped after its question.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../../electron/protocol/sandbox-control/control-api';
import { createSandbox, type Sandbox } from '../../../electron/sandbox';
import { createFakeClock, type FakeClock } from './openmessaging-harness';
import { configuredGuest, inbound, openGuest, outboundText, type Frame, type GuestWire } from './guest-wire';

const GREETING = "Hi, I'm Sandy, the sandbox agent. Type help to see what I can do.";
/** Presence types the spec knows (§4.2, with the Java SDK's enum). */
const SPEC_PRESENCE = new Set(['Join', 'Disconnect', 'Clear', 'SignIn', 'SessionExpired', 'Authenticate', 'AuthenticateCancel', 'AuthenticateFailure']);

const outbound = (f: Frame) => f.class === 'StructuredMessage' && f.body.direction === 'Outbound';
const outboundMessage = (f: Frame) => outbound(f) && f.body.type !== 'Event';
const join = (token: string) => ({ action: 'onMessage', token, message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Join' } }] } });
const text = (token: string, body: string) => ({ action: 'onMessage', token, message: { type: 'Text', text: body } });

function presenceTypes(frames: Frame[]): string[] {
  const events = frames.filter(outbound).flatMap((f) => (f.body.events ?? []) as Array<{ eventType: string; presence?: { type: string } }>);
  return events.flatMap((e) => (e.eventType === 'Presence' ? [e.presence?.type ?? ''] : []));
}

async function control(sandbox: Sandbox, path: string, body: object = {}): Promise<{ status: number; json: ConversationSummary }> {
  const res = await fetch(`${sandbox.baseUrl}/sandbox/control/${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${sandbox.controlToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as ConversationSummary };
}

const agentSide = (summary: ConversationSummary) =>
  summary.participants.filter((p) => p.purpose !== 'customer').map(({ name, purpose, state }) => ({ name, purpose, state }));

describe('the bot yields to a human (default agent, fake clock)', () => {
  let sandbox: Sandbox;
  let clock: FakeClock;
  let url: string;

  beforeAll(async () => {
    clock = createFakeClock();
    sandbox = await createSandbox({ replyLatency: 'instant', clock });
    url = `${sandbox.wsUrl}/v1?deploymentId=${sandbox.org.deploymentId}`;
  });
  afterAll(() => sandbox.close());

  /** A greeted guest and its conversation id; each message goes out past the last one's message-rate window. */
  async function greetedGuest(): Promise<{ guest: GuestWire; say: (body: string) => Promise<Frame>; conversationId: string }> {
    clock.advance(1_000);
    const token = randomUUID();
    const { guest } = await configuredGuest(url, sandbox.org.deploymentId, token);
    guest.send(join(token));
    const joined = await guest.take(inbound, 'the Join echo');
    await guest.take(outboundText(GREETING), 'the greeting');
    const conversationId = sandbox.control.listConversations().find((c) => c.participants.some((p) => p.messageIds.includes(joined.body.id)))!.id;
    const say = async (body: string) => {
      clock.advance(1_000);
      guest.send(text(token, body));
      return guest.take(inbound, `the echo of ${body}`);
    };
    return { guest, say, conversationId };
  }

  it('is silent while the operator is in the conversation and answers again after the hand-back', async () => {
    const { guest, say, conversationId } = await greetedGuest();
    await say('echo before');
    expect((await guest.take(outboundText('before'))).body).toMatchObject({ originatingEntity: 'Bot', channel: { from: { nickname: 'Sandy' } } });

    const joined = await control(sandbox, `conversations/${conversationId}/join`, { nickname: 'Dana' });
    expect(joined.status).toBe(200);
    expect(agentSide(joined.json)).toEqual([
      { name: 'Sandy', purpose: 'workflow', state: 'disconnected' },
      { name: 'Dana', purpose: 'agent', state: 'connected' },
    ]);
    expect(joined.json.participants.find((p) => p.name === 'Sandy')?.endTime).toBeTruthy();

    await say('echo while Dana is here');
    await say('hello');
    clock.advance(10_000);
    expect(await guest.quietFor(outboundMessage, 150)).toBe(true);

    expect((await control(sandbox, `conversations/${conversationId}/messages`, { text: 'Dana here.', nickname: 'Dana' })).status).toBe(200);
    expect((await guest.take(outboundText('Dana here.'))).body).toMatchObject({ originatingEntity: 'Human', channel: { from: { nickname: 'Dana' } } });

    const handedBack = await control(sandbox, `conversations/${conversationId}/hand-back`);
    expect(handedBack.status).toBe(200);
    expect(agentSide(handedBack.json)).toEqual([
      { name: 'Sandy', purpose: 'workflow', state: 'disconnected' },
      { name: 'Dana', purpose: 'agent', state: 'disconnected' },
      { name: 'Sandy', purpose: 'workflow', state: 'connected' },
    ]);
    await say('echo after');
    expect((await guest.take(outboundText('after'))).body).toMatchObject({ originatingEntity: 'Bot', channel: { from: { nickname: 'Sandy' } } });

    // Nobody's joining or leaving was announced with an event of its own, and the bot did not greet again.
    expect(presenceTypes(guest.frames).every((type) => SPEC_PRESENCE.has(type))).toBe(true);
    expect(guest.frames.filter(outboundText(GREETING))).toHaveLength(1);
    guest.close();
  });

  it('takes any operator action as a join: typing silences the bot, even a reply it was still preparing', async () => {
    const { guest, say, conversationId } = await greetedGuest();
    await say('delay');
    clock.advance(1_000);
    expect((await control(sandbox, `conversations/${conversationId}/typing`, { nickname: 'Dana' })).status).toBe(200);
    clock.advance(10_000);
    expect(await guest.quietFor(outboundText(/delayed/), 150)).toBe(true);
    const summary = sandbox.control.listConversations().find((c) => c.id === conversationId)!;
    expect(agentSide(summary).map((p) => `${p.name} ${p.state}`)).toEqual(['Sandy disconnected', 'Dana connected']);
    guest.close();
  });

  it('goes silent after a scripted transfer: Alex answers only what the script gives him, and the hand-back brings Sandy back', async () => {
    const { guest, say, conversationId } = await greetedGuest();
    await say('transfer');
    expect((await guest.take(outboundText('Transferring you to a human agent.'))).body).toMatchObject({
      originatingEntity: 'Bot',
      channel: { from: { nickname: 'Sandy' } },
    });
    clock.advance(1_000);
    expect((await guest.take(outboundText('Hi, Alex here. How can I help?'))).body).toMatchObject({
      originatingEntity: 'Human',
      channel: { from: { nickname: 'Alex' } },
    });

    await say('hello');
    clock.advance(10_000);
    expect(await guest.quietFor(outboundMessage, 150)).toBe(true);
    await say('echo still there');
    expect((await guest.take(outboundText('still there'))).body).toMatchObject({ originatingEntity: 'Human', channel: { from: { nickname: 'Alex' } } });

    expect((await control(sandbox, `conversations/${conversationId}/hand-back`)).status).toBe(200);
    await say('hello');
    clock.advance(1_000);
    expect((await guest.take(outboundText(/^Hello! I'm Sandy/))).body).toMatchObject({ originatingEntity: 'Bot', channel: { from: { nickname: 'Sandy' } } });
    expect(presenceTypes(guest.frames).every((type) => SPEC_PRESENCE.has(type))).toBe(true);
    guest.close();
  });

  it('refuses join and hand-back for an unknown or ended conversation, and a join without a name', async () => {
    const { guest, conversationId } = await greetedGuest();
    expect((await control(sandbox, `conversations/${randomUUID()}/join`, { nickname: 'Dana' })).status).toBe(404);
    expect((await control(sandbox, `conversations/${conversationId}/join`, { nickname: '' })).status).toBe(400);
    expect(sandbox.control.endConversation(conversationId).ok).toBe(true);
    expect((await control(sandbox, `conversations/${conversationId}/hand-back`)).status).toBe(409);
    guest.close();
  });

  it("stamps the order demo's out-of-order part after the question that caused it", async () => {
    const { guest, say } = await greetedGuest();
    const question = await say('order');
    clock.advance(800);
    const second = await guest.take(outboundText(/^Part 2 of 2/));
    const first = await guest.take(outboundText(/^Part 1 of 2/));
    expect(guest.frames.indexOf(second)).toBeLessThan(guest.frames.indexOf(first));
    expect(Date.parse(first.body.channel.time)).toBeLessThan(Date.parse(second.body.channel.time));
    expect(Date.parse(first.body.channel.time)).toBeGreaterThan(Date.parse(question.body.channel.time));
    guest.close();
  });
});

describe('the greeting comes first (default agent, real clock)', () => {
  let sandbox: Sandbox;
  let url: string;

  beforeAll(async () => {
    sandbox = await createSandbox({ replyLatency: 'instant' });
    url = `${sandbox.wsUrl}/v1?deploymentId=${sandbox.org.deploymentId}`;
  });
  afterAll(() => sandbox.close());

  it('is seen before the first message of a guest that configures, joins and sends at once, 50 rounds out of 50', async () => {
    for (let round = 1; round <= 50; round += 1) {
      const token = randomUUID();
      const guest = await openGuest(url);
      guest.send({ action: 'configureSession', deploymentId: sandbox.org.deploymentId, token });
      guest.send(join(token));
      guest.send(text(token, `echo round ${round}`));
      const reply = await guest.take(outboundText(`round ${round}`), `the reply in round ${round}`);
      const greeting = guest.frames.find(outboundText(GREETING));
      const echo = guest.frames.find((f) => inbound(f) && f.body.text === `echo round ${round}`)!;
      expect(greeting, `round ${round}`).toBeDefined();
      const order = [greeting!, echo, reply].map((f) => guest.frames.indexOf(f));
      expect(order, `round ${round}: greeting, message, reply`).toEqual([...order].sort((a, b) => a - b));
      expect(Date.parse(greeting!.body.channel.time), `round ${round}`).toBeLessThanOrEqual(Date.parse(echo.body.channel.time));
      guest.close();
    }
  });

  it('greets nobody when the Join comes after the guest has spoken: the greeting never follows the guest', async () => {
    const token = randomUUID();
    const { guest } = await configuredGuest(url, sandbox.org.deploymentId, token);
    guest.send(text(token, 'echo first words'));
    guest.send(join(token));
    await guest.take(outboundText('first words'));
    await guest.take((f) => inbound(f) && f.body.type === 'Event', 'the Join echo');
    expect(await guest.quietFor(outboundText(GREETING), 1_000)).toBe(true);
    guest.close();
  });
});
