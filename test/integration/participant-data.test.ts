// Participant data against the sandbox, through the console's `participants.read` (the official SDK): the guest's
// custom attributes on the customer participant, what an agent script set (Set Participant Data) and the queue it
// routed to (Transfer to ACD) on both channels, the wrap-up the agent chose on the agent, a Web Messaging profile
// of a "real" org (the sandbox behind a custom base URL) finding its conversation from a message id, and a profile
// without an OAuth client told how to get one.
import { afterEach, describe, expect, it } from 'vitest';
import type { Channel, ConversationSummary, ThreadItem } from '../../shared/contract';
import type { ParticipantData, ParticipantsRead } from '../../shared/participants-contract';
import path from 'node:path';
import { createSandbox } from '../../electron/sandbox';
import { call, engineFor, proxyProfile, threadOf, startRig, waitLive, type Rig } from '../support/console-with-sandbox';
import { makeTempDir } from '../support/temp-dir';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function guestSays(profileId: string, channel: Channel, text: string): Promise<ConversationSummary> {
  const persona = { name: 'Ada Lovelace', customAttributes: { tier: 'gold', orderId: '4411' } };
  const guest = await call<ConversationSummary>(rig!.engine, 'conversations.start', { profileId, channel, persona });
  await waitLive(rig!.engine, guest.id);
  const sent = await call<ThreadItem>(rig!.engine, 'messages.send', { conversationId: guest.id, text });
  await expect.poll(async () => (await threadOf(rig!.engine, guest.id)).find((item) => item.id === sent.id)?.delivery, { timeout: 10_000 }).toBe('sent');
  return guest;
}

const read = (conversationId: string) => call<ParticipantsRead>(rig!.engine, 'participants.read', { conversationId });
const participants = async (conversationId: string): Promise<ParticipantData[]> => {
  const answer = await read(conversationId);
  return answer.available ? answer.participants : [];
};
const agentSaid = async (conversationId: string, text: string) => (await threadOf(rig!.engine, conversationId)).some((item) => item.from === 'agent' && item.text?.includes(text));

describe('participant data', () => {
  it.each<Channel>(['webmessaging', 'openmessaging'])("shows a %s guest's custom attributes as the customer's participant data", async (channel) => {
    rig = await startRig({ defaultAgentScript: 'operator' });
    const guest = await guestSays('sandbox', channel, 'hello');
    await expect.poll(async () => (await participants(guest.id)).find((p) => p.purpose === 'customer')?.attributes, { timeout: 10_000 }).toEqual({ tier: 'gold', orderId: '4411' });
  });

  it.each<Channel>(['webmessaging', 'openmessaging'])('shows what a %s flow set, the queue it routed to and the wrap-up the agent chose', async (channel) => {
    rig = await startRig();
    const guest = await guestSays('sandbox', channel, 'billing');
    await expect.poll(() => agentSaid(guest.id, 'Alex from Billing'), { timeout: 15_000 }).toBe(true);

    const sandboxConversation = rig.sandbox.control.listConversations().find((c) => c.channel === channel && c.state === 'active')!;
    expect(rig.sandbox.control.endConversation(sandboxConversation.id, { code: 'Resolved', notes: 'Refund issued' }).ok).toBe(true);

    const answer = await read(guest.id);
    expect(answer).toMatchObject({ available: true, conversationId: sandboxConversation.id });
    const byPurpose = (purpose: string) => (answer.available ? answer.participants.filter((p) => p.purpose === purpose) : []);
    expect(byPurpose('customer')[0]?.attributes).toEqual({ tier: 'gold', orderId: '4411', Intent: 'Billing' });
    expect(byPurpose('acd')).toEqual([expect.objectContaining({ name: 'Billing', queueName: 'Billing', state: 'disconnected', queueId: expect.any(String) })]);
    expect(byPurpose('agent')).toEqual([expect.objectContaining({ name: 'Alex', queueName: 'Billing', wrapup: { code: 'Resolved', notes: 'Refund issued' } })]);
  });

  it('puts the wrap-up code the operator picks at the agent desk on the agent', async () => {
    rig = await startRig({ defaultAgentScript: 'operator' });
    const guest = await guestSays('sandbox', 'webmessaging', 'hello');
    await call(rig.engine, 'operator.act', { conversationId: guest.id, action: { type: 'text', text: 'Hello, how can I help?' } });
    await call(rig.engine, 'operator.act', { conversationId: guest.id, action: { type: 'end', wrapup: 'Resolved' } });
    const agents = (await participants(guest.id)).filter((p) => p.purpose === 'agent');
    expect(agents).toEqual([expect.objectContaining({ state: 'disconnected', wrapup: { code: 'Resolved' } })]);
  });

  it('keeps participant data, the queue and the wrap-up across a restart of the sandbox', async () => {
    const dir = makeTempDir('guest-console-participants-');
    const stateDirectory = path.join(dir.path, 'sandbox');
    const open = async () => {
      const sandbox = await createSandbox({ replyLatency: 'instant', port: 0, credentialsDirectory: dir.path, stateDirectory });
      return { sandbox, engine: engineFor(sandbox, dir.path) };
    };
    let org = await open();
    try {
      const guest = await call<ConversationSummary>(org.engine, 'conversations.start', { profileId: 'sandbox', channel: 'openmessaging', persona: { name: 'Kim', customAttributes: { tier: 'gold' } } });
      await waitLive(org.engine, guest.id);
      await call(org.engine, 'messages.send', { conversationId: guest.id, text: 'billing' });
      await expect.poll(async () => (await threadOf(org.engine, guest.id)).some((item) => item.text?.includes('Alex from Billing')), { timeout: 15_000 }).toBe(true);
      const sandboxConversation = org.sandbox.control.listConversations().find((c) => c.state === 'active')!;
      expect(org.sandbox.control.endConversation(sandboxConversation.id, { code: 'Resolved' }).ok).toBe(true);
      const before = await call<ParticipantsRead>(org.engine, 'participants.read', { conversationId: guest.id });
      await org.engine.close();
      await org.sandbox.close();

      org = await open();
      const after = await call<ParticipantsRead>(org.engine, 'participants.read', { conversationId: guest.id });
      expect(after.available && after.participants).toEqual(before.available && before.participants);
      expect(after.available && after.participants.find((p) => p.purpose === 'agent')).toMatchObject({ queueName: 'Billing', wrapup: { code: 'Resolved' } });
      expect(after.available && after.participants.find((p) => p.purpose === 'customer')?.attributes).toEqual({ tier: 'gold', Intent: 'Billing' });
    } finally {
      await org.engine.close();
      await org.sandbox.close();
      dir.remove();
    }
  });

  it('finds a Web Messaging conversation of an org from one of its message ids', async () => {
    rig = await startRig();
    const profile = await proxyProfile(rig, 'Through a proxy', {});
    const guest = await guestSays(profile.id, 'webmessaging', 'billing');
    await expect.poll(() => agentSaid(guest.id, 'Alex from Billing'), { timeout: 15_000 }).toBe(true);
    const answer = await read(guest.id);
    const sandboxConversation = rig.sandbox.control.listConversations().find((c) => c.state === 'active')!;
    expect(answer).toMatchObject({ available: true, conversationId: sandboxConversation.id });
    expect(answer.available && answer.participants.find((p) => p.purpose === 'customer')?.attributes).toMatchObject({ Intent: 'Billing' });
    const summary = (await call<ConversationSummary[]>(rig.engine, 'conversations.list', {})).find((c) => c.id === guest.id);
    expect(summary?.platformConversationId).toBe(sandboxConversation.id);
  });

  it('tells a profile without an OAuth client how to check participant data, and the conversation carries on', async () => {
    rig = await startRig();
    const profile = await proxyProfile(rig, 'Web Messaging only');
    const guest = await guestSays(profile.id, 'webmessaging', 'hello');
    expect(await read(guest.id)).toEqual({ available: false, reason: 'Add an OAuth client to this profile to check participant data' });
    await call(rig.engine, 'messages.send', { conversationId: guest.id, text: 'echo still here' });
    await expect.poll(() => agentSaid(guest.id, 'still here'), { timeout: 10_000 }).toBe(true);
  });
});
