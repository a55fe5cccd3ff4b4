// Presence Join carries the persona's custom attributes (spec §3.3, as the mobile SDK's auto-start sends them): the
// flow has them from its first step — here the sandbox picks a conversation's agent from one (`sandbox.agentScript`),
// and the customer's participant data holds them before the guest has typed anything.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConversationSummary } from '../../shared/contract';
import { agentTexts, call, startRig, threadOf, waitLive, type Rig } from '../support/console-with-sandbox';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig.close());

it('sends the persona\'s custom attributes with Presence Join, so the flow starts with them', async () => {
  const persona = { name: 'Robin', customAttributes: { 'sandbox.agentScript': 'bot-flow', accountId: 'A-77' } };
  const conversation = await call<ConversationSummary>(rig.engine, 'conversations.start', { profileId: 'sandbox', channel: 'webmessaging', persona });
  await waitLive(rig.engine, conversation.id);
  await expect.poll(async () => agentTexts(await threadOf(rig.engine, conversation.id)), { timeout: 10_000 }).toEqual(["Hi, I'm Flo, the virtual assistant. What can I help you with?"]);
  const join = (await call<{ direction: string; text: string }[]>(rig.engine, 'inspector.frames', { conversationId: conversation.id })).find(
    (frame) => frame.direction === 'out' && frame.text.includes('"Presence"'),
  );
  expect(JSON.parse(join!.text)).toMatchObject({ message: { type: 'Event', channel: { metadata: { customAttributes: persona.customAttributes } } } });
  const read = await call<{ available: boolean; participants?: { purpose: string; attributes: Record<string, string> }[] }>(rig.engine, 'participants.read', { conversationId: conversation.id });
  expect(read.participants?.find((participant) => participant.purpose === 'customer')?.attributes).toMatchObject({ accountId: 'A-77' });
});

it('sends a plain Join for a persona without custom attributes', async () => {
  const conversation = await call<ConversationSummary>(rig.engine, 'conversations.start', { profileId: 'sandbox', channel: 'webmessaging', persona: { name: 'Plain' } });
  await waitLive(rig.engine, conversation.id);
  await expect.poll(async () => agentTexts(await threadOf(rig.engine, conversation.id)).length, { timeout: 10_000 }).toBe(1);
  const join = (await call<{ direction: string; text: string }[]>(rig.engine, 'inspector.frames', { conversationId: conversation.id })).find(
    (frame) => frame.direction === 'out' && frame.text.includes('"Presence"'),
  );
  expect(JSON.parse(join!.text).message).toEqual({ type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Join' } }] });
});
