// The Web Messaging conversation id on the built-in sandbox: the Guest API never names it, so the console finds
// it through the agent desk once the agent has spoken; it shows in the conversation's summary (the header) and
// in every export, and after "Start new" the next conversation's id replaces it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConversationSummary } from '../../shared/contract';
import { call, startGuest, startRig, threadOf, type Rig } from '../support/console-with-sandbox';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig.close());

const summaryOf = async (id: string) => (await call<ConversationSummary[]>(rig.engine, 'conversations.list', {})).find((c) => c.id === id)!;
/** The sandbox's conversation that holds this agent message. */
const sandboxConversationOf = (messageId: string) =>
  rig.sandbox.control.listConversations().find((conversation) => conversation.participants.some((participant) => participant.messageIds.includes(messageId)))!;

it('finds the sandbox conversation id of a Web Messaging thread, exports it, and follows a start-new', async () => {
  const { id } = await startGuest(rig.engine, 'Ida');
  await expect.poll(async () => (await summaryOf(id)).platformConversationId, { timeout: 10_000 }).toBeTruthy();
  const greeting = (await threadOf(rig.engine, id)).find((item) => item.from === 'agent')!;
  const first = (await summaryOf(id)).platformConversationId!;
  expect(first).toBe(sandboxConversationOf(greeting.id).id);

  for (const format of ['json', 'markdown', 'html'] as const) {
    const exported = await call<{ content: string }>(rig.engine, 'transcripts.export', { conversationId: id, format });
    expect(exported.content, format).toContain(first);
  }

  await call(rig.engine, 'messages.send', { conversationId: id, text: 'bye' });
  await expect.poll(async () => (await summaryOf(id)).state, { timeout: 10_000 }).toBe('readOnly');
  await call(rig.engine, 'conversations.startNew', { conversationId: id });
  await expect.poll(async () => (await summaryOf(id)).state, { timeout: 10_000 }).toBe('live');
  await call(rig.engine, 'messages.send', { conversationId: id, text: 'hello' });
  await expect.poll(async () => (await summaryOf(id)).platformConversationId, { timeout: 10_000 }).toMatch(/.+/);
  await expect.poll(async () => (await summaryOf(id)).platformConversationId, { timeout: 10_000 }).not.toBe(first);
  const latest = (await threadOf(rig.engine, id)).filter((item) => item.from === 'agent').at(-1)!;
  expect((await summaryOf(id)).platformConversationId).toBe(sandboxConversationOf(latest.id).id);
});
