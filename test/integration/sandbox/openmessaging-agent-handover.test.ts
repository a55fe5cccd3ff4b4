// Who answers an Open Messaging customer, through the Platform API harness and a webhook receiver: the default
// agent is silent while the operator is in the conversation and answers again after the hand-back, and a scripted
// transfer to Alex silences Sandy. Genesys delivers no webhook event when an agent joins or leaves: each delivery
// names its speaker in channel.from.nickname and originatingEntity, and the conversation read API shows the joins
// and leaves as participants (purpose, state, connectedTime, endTime). The order demo's out-of-order part is
// stamped after the question that caused it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ORG } from '../../../electron/sandbox/demo-org';
import {
  call,
  login,
  settle,
  startPlatformHarness,
  startWebhookReceiver,
  type LooseJson,
  type PlatformHarness,
  type ReceivedDelivery,
  type WebhookReceiver,
} from './openmessaging-harness';

const INBOUND = `/api/v2/conversations/messages/${DEMO_ORG.integrationId}/inbound/open/message`;
const DEMO_INTEGRATION = `/api/v2/conversations/messaging/integrations/open/${DEMO_ORG.integrationId}`;
/** Presence types the spec knows (Web Messaging §4.2, the same ConversationMessageEvent on Open Messaging). */
const SPEC_PRESENCE = new Set(['Join', 'Disconnect', 'Clear', 'SignIn', 'SessionExpired', 'Authenticate', 'AuthenticateCancel', 'AuthenticateFailure']);

interface Participant {
  name: string;
  purpose: string;
  state: string;
  connectedTime?: string;
  endTime?: string;
  messages: Array<{ messageId: string; messageTime: string }>;
}

describe('the bot yields to a human on Open Messaging (default agent, fake clock)', () => {
  let h: PlatformHarness;
  let receiver: WebhookReceiver;
  let token: string;

  beforeEach(async () => {
    h = await startPlatformHarness({ agentScript: 'default' });
    receiver = await startWebhookReceiver();
    token = await login(h.baseUrl);
    expect((await call(h.baseUrl, 'PATCH', DEMO_INTEGRATION, { token, body: { outboundNotificationWebhookUrl: receiver.url } })).status).toBe(200);
  });
  afterEach(async () => {
    await h.close();
    await receiver.close();
  });

  const say = async (text: string): Promise<{ id: string; conversationId: string }> => {
    const sent = await call(h.baseUrl, 'POST', `${INBOUND}?prefetchConversationId=true`, {
      token,
      body: { channel: { from: { id: 'customer-handover', idType: 'Opaque', nickname: 'Ada' }, time: new Date(h.clock.now()).toISOString() }, text },
    });
    expect(sent.status).toBe(200);
    return sent.json as { id: string; conversationId: string };
  };
  const texts = () => receiver.deliveries.filter((d) => d.json.type !== 'Event');
  /** The next agent message delivered to the webhook, once `count` messages have arrived. */
  const nthText = async (count: number): Promise<ReceivedDelivery> => {
    await settle(() => texts().length >= count);
    return texts()[count - 1]!;
  };
  /** Time enough for any reply to be played and delivered: the clock moves on, the receiver's I/O runs. */
  const quiet = async () => {
    h.clock.advance(10_000);
    await new Promise((resolve) => setTimeout(resolve, 150));
  };
  const participants = async (conversationId: string): Promise<Participant[]> =>
    ((await call(h.baseUrl, 'GET', `/api/v2/conversations/messages/${conversationId}`, { token })).json as LooseJson).participants as Participant[];
  const agentSide = async (conversationId: string) =>
    (await participants(conversationId)).filter((p) => p.purpose !== 'customer').map(({ name, purpose, state }) => ({ name, purpose, state }));
  const presenceTypes = () =>
    receiver.deliveries
      .flatMap((d) => (d.json.events ?? []) as Array<{ eventType: string; presence?: { type: string } }>)
      .flatMap((e) => (e.eventType === 'Presence' ? [e.presence?.type ?? ''] : []));

  it('is silent while the operator is in the conversation; the read API shows who joined and left; the hand-back brings the bot back', async () => {
    const { conversationId } = await say('echo before');
    expect((await nthText(1)).json).toMatchObject({ text: 'before', originatingEntity: 'Bot', channel: { from: { nickname: 'Sandy' } } });

    h.hub.operatorJoin(conversationId, 'Dana');
    await say('echo while Dana is here');
    await say('hello');
    await quiet();
    expect(texts()).toHaveLength(1);

    h.hub.operatorSend(conversationId, { kind: 'message', type: 'Text', text: 'Dana here.', content: [], originatingEntity: 'Human', from: { nickname: 'Dana' } });
    const dana = await nthText(2);
    expect(dana.json).toMatchObject({ text: 'Dana here.', originatingEntity: 'Human', channel: { from: { nickname: 'Dana' } } });
    const joined = await participants(conversationId);
    expect(joined.filter((p) => p.purpose !== 'customer').map(({ name, purpose, state }) => ({ name, purpose, state }))).toEqual([
      { name: 'Sandy', purpose: 'workflow', state: 'disconnected' },
      { name: 'Dana', purpose: 'agent', state: 'connected' },
    ]);
    const [sandy, danaParticipant] = joined.filter((p) => p.purpose !== 'customer');
    expect(sandy!.endTime).toBeTruthy();
    expect(Date.parse(danaParticipant!.connectedTime!)).toBeGreaterThanOrEqual(Date.parse(sandy!.endTime!));
    expect(danaParticipant!.messages.map((m) => m.messageId)).toEqual([dana.json.id]);

    h.hub.handBack(conversationId);
    expect(await agentSide(conversationId)).toEqual([
      { name: 'Sandy', purpose: 'workflow', state: 'disconnected' },
      { name: 'Dana', purpose: 'agent', state: 'disconnected' },
      { name: 'Sandy', purpose: 'workflow', state: 'connected' },
    ]);
    await say('echo after');
    expect((await nthText(3)).json).toMatchObject({ text: 'after', originatingEntity: 'Bot', channel: { from: { nickname: 'Sandy' } } });
    expect(presenceTypes().every((type) => SPEC_PRESENCE.has(type))).toBe(true);
  });

  it('goes silent after a scripted transfer: Alex answers only what the script gives him', async () => {
    const { conversationId } = await say('transfer');
    expect((await nthText(1)).json).toMatchObject({ text: 'Transferring you to a human agent.', originatingEntity: 'Bot', channel: { from: { nickname: 'Sandy' } } });
    h.clock.advance(1_000);
    expect((await nthText(2)).json).toMatchObject({ text: 'Hi, Alex here. How can I help?', originatingEntity: 'Human', channel: { from: { nickname: 'Alex' } } });
    expect(await agentSide(conversationId)).toEqual([
      { name: 'Sandy', purpose: 'workflow', state: 'disconnected' },
      { name: 'Alex', purpose: 'agent', state: 'connected' },
    ]);

    await say('hello');
    await quiet();
    expect(texts()).toHaveLength(2);
    await say('echo still there');
    expect((await nthText(3)).json).toMatchObject({ text: 'still there', originatingEntity: 'Human', channel: { from: { nickname: 'Alex' } } });
    expect(presenceTypes().every((type) => SPEC_PRESENCE.has(type))).toBe(true);
  });

  it("stamps the order demo's out-of-order part after the question that caused it", async () => {
    const question = await say('order');
    h.clock.advance(800);
    const second = await nthText(1);
    const first = await nthText(2);
    expect(second.json.text).toMatch(/^Part 2 of 2/);
    expect(first.json.text).toMatch(/^Part 1 of 2/);
    const customer = (await participants(question.conversationId)).find((p) => p.purpose === 'customer')!;
    const asked = customer.messages.find((m) => m.messageId === question.id)!;
    const stamp = (d: ReceivedDelivery) => Date.parse((d.json.channel as { time: string }).time);
    expect(stamp(first)).toBeLessThan(stamp(second));
    expect(stamp(first)).toBeGreaterThan(Date.parse(asked.messageTime));
  });
});
