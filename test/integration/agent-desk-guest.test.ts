// The agent desk against the sandbox: the guest as the agent side received them (contact details on Open
// Messaging, custom attributes on both channels), and a desk transfer written into the thread at once.
import { afterEach, describe, expect, it } from 'vitest';
import type { Channel, ConversationSummary, ThreadItem } from '../../shared/contract';
import type { OperatorDesk } from '../../shared/operator-contract';
import { call, startRig, threadOf, waitLive, type Rig } from '../support/console-with-sandbox';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function guestWhoSpoke(channel: Channel): Promise<ConversationSummary> {
  const persona = { name: 'Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', customAttributes: { tier: 'gold', orderId: '4411' } };
  const guest = await call<ConversationSummary>(rig!.engine, 'conversations.start', { profileId: 'sandbox', channel, persona });
  await waitLive(rig!.engine, guest.id);
  const sent = await call<ThreadItem>(rig!.engine, 'messages.send', { conversationId: guest.id, text: 'hello' });
  await expect.poll(async () => (await threadOf(rig!.engine, guest.id)).find((item) => item.id === sent.id)?.delivery, { timeout: 10_000 }).toBe('sent');
  return guest;
}

describe('the agent desk', () => {
  it.each<Channel>(['webmessaging', 'openmessaging'])('shows the custom attributes the %s guest sent', async (channel) => {
    rig = await startRig({ defaultAgentScript: 'operator' });
    const guest = await guestWhoSpoke(channel);
    await expect.poll(async () => (await call<OperatorDesk>(rig!.engine, 'operator.desk', { conversationId: guest.id })).guest?.customAttributes, { timeout: 10_000 }).toEqual({
      tier: 'gold',
      orderId: '4411',
    });
  });

  it("shows an Open Messaging guest's name and email as the sender carried them", async () => {
    rig = await startRig({ defaultAgentScript: 'operator' });
    const guest = await guestWhoSpoke('openmessaging');
    const desk = await call<OperatorDesk>(rig.engine, 'operator.desk', { conversationId: guest.id });
    expect(desk.guest).toMatchObject({ name: 'Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' });
  });

  it('writes a transfer into the thread when it happens, and no second line when the new agent speaks', async () => {
    rig = await startRig();
    const guest = await guestWhoSpoke('webmessaging');
    await call(rig.engine, 'operator.act', { conversationId: guest.id, action: { type: 'transfer', to: 'Alex from Billing' } });
    const lines = async () => (await threadOf(rig!.engine, guest.id)).filter((item) => item.from === 'system' && (item.event === 'agentLeft' || item.event === 'agentJoined')).map((item) => item.text);
    expect(await lines()).toEqual(['Sandy transferred the conversation to Alex from Billing and left.', 'Alex from Billing joined the conversation.']);

    await call(rig.engine, 'operator.act', { conversationId: guest.id, action: { type: 'text', text: 'Alex here.' } });
    await expect.poll(async () => (await threadOf(rig!.engine, guest.id)).some((item) => item.from === 'agent' && item.text === 'Alex here.'), { timeout: 10_000 }).toBe(true);
    expect(await lines()).toEqual(['Sandy transferred the conversation to Alex from Billing and left.', 'Alex from Billing joined the conversation.']);
  });
});
