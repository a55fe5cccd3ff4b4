// "Let the AI play this guest" through the console's contract, against the real sandbox (Flo, the Architect-like
// bot flow) and a local OpenAI-compatible server standing in for the model: a play starts, shows what it is about
// to send, answers Flo's quick reply as a real quick-reply response, waits for Send in review mode, holds its draft
// while paused, stops when the operator takes over (and the composer works again), writes its start and stop into
// the thread, and shows each model request and reply in the inspector with the key redacted. Without a model,
// starting says how to add one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationSummary, InspectorFrame, ThreadItem } from '../../shared/contract';
import type { AiPlayView } from '../../shared/ai-contract';
import { HOW_TO_CONFIGURE_AI } from '../../electron/engine/ai/ai-model-settings';
import { call, startRig, threadOf, waitLive, type Rig } from '../support/console-with-sandbox';
import { startModelServer, transcriptOf, type ModelAnswer, type ModelRequest, type ModelServer } from '../support/model-server';

const API_KEY = 'sk-play-9d8c7b6a5f4e3d2c1b0a99887766554433';
const GOAL = 'Find out when order 1042 arrives.';

let rig: Rig;
let model: ModelServer;
let brain: (request: ModelRequest) => ModelAnswer = () => '{"say": "hello"}';
const views: AiPlayView[] = [];

/** Flo's options by label, as numbered in the prompt: choose it when offered, else `otherwise`. */
function chooser(label: string, otherwise: string): (request: ModelRequest) => ModelAnswer {
  return (request) => {
    const option = new RegExp(`\\[(\\d+)\\] ${label}`).exec(transcriptOf(request));
    return option ? `{"choose": ${option[1]}}` : otherwise;
  };
}

beforeAll(async () => {
  rig = await startRig({ defaultAgentScript: 'bot-flow' });
  model = await startModelServer((request) => brain(request));
  rig.engine.bus.subscribe((event, payload) => {
    if (event === 'ai.play') views.push(payload as AiPlayView);
  });
});
afterAll(async () => {
  await model?.close();
  await rig?.close();
});

async function flowConversation(name = 'Ada'): Promise<ConversationSummary> {
  const conversation = await call<ConversationSummary>(rig.engine, 'conversations.start', { profileId: 'sandbox', channel: 'webmessaging', persona: { name } });
  await waitLive(rig.engine, conversation.id);
  await expect.poll(async () => (await threadOf(rig.engine, conversation.id)).some((item) => item.text?.startsWith("Hi, I'm Flo")), { timeout: 10_000 }).toBe(true);
  return conversation;
}

const playOf = (conversationId: string) => call<AiPlayView | null>(rig.engine, 'ai.play.get', { conversationId });
const control = (conversationId: string, action: string) => call<AiPlayView>(rig.engine, 'ai.play.control', { conversationId, action });

async function until(conversationId: string, check: (view: AiPlayView) => boolean): Promise<AiPlayView> {
  await expect.poll(async () => check((await playOf(conversationId))!), { timeout: 20_000 }).toBe(true);
  return (await playOf(conversationId))!;
}

const guestItems = (items: ThreadItem[]) => items.filter((item) => item.from === 'guest');
const lines = (items: ThreadItem[], event: 'aiStarted' | 'aiStopped') => items.filter((item) => item.from === 'system' && item.event === event).map((item) => item.text);

describe('without a model', () => {
  it('refuses to start, saying how to add one, and nothing else changes', async () => {
    const conversation = await flowConversation('Nobody');
    const result = await rig.engine.dispatcher.dispatch('ai.play.start', { conversationId: conversation.id, goal: GOAL });
    expect(result).toEqual({ ok: false, error: { kind: 'Unavailable', message: HOW_TO_CONFIGURE_AI } });
    expect(await playOf(conversation.id)).toBeNull();
    expect(lines(await threadOf(rig.engine, conversation.id), 'aiStarted')).toEqual([]);
    await call(rig.engine, 'messages.send', { conversationId: conversation.id, text: 'Order status' });
  });
});

describe('with a model', () => {
  beforeAll(async () => {
    await call(rig.engine, 'ai.saveSettings', { baseUrl: model.baseUrl, model: 'test-customer', requestTimeoutSec: 5, tokenBudget: 50_000 });
    await call(rig.engine, 'ai.setApiKey', { value: API_KEY });
  });

  it('plays on its own: shows the draft, chooses the quick reply, stops at its goal with the reason in the thread, and the inspector shows each model exchange with the key redacted', async () => {
    const conversation = await flowConversation();
    await call(rig.engine, 'personas.save', { name: 'Ada', tone: 'brief', facts: 'Order number 1042.', language: 'en-GB' });
    brain = (request) => (transcriptOf(request).includes('arrives tomorrow') ? '{"done": true, "reason": "Flo said it arrives tomorrow"}' : chooser('Order status', '{"say": "order status"}')(request));
    const started = await call<AiPlayView>(rig.engine, 'ai.play.start', { conversationId: conversation.id, goal: GOAL, maxTurns: 4 });
    expect(started).toMatchObject({ conversationId: conversation.id, goal: GOAL, personaName: 'Ada', turn: 0, maxTurns: 4, review: false, tokenBudget: 50_000 });

    const stopped = await until(conversation.id, (view) => view.status === 'stopped');
    expect(stopped.stop).toEqual({ reason: 'goal', detail: 'Flo said it arrives tomorrow' });
    expect(stopped.turn).toBe(1);
    expect(stopped.tokens.total).toBeGreaterThan(0);
    // Before it went, the draft was shown: what it was about to send.
    expect(views.some((view) => view.conversationId === conversation.id && view.status === 'draft' && view.draft?.kind === 'choice' && view.draft.text === 'Order status')).toBe(true);
    expect(views.filter((view) => view.conversationId === conversation.id).map((view) => view.status)).toContain('thinking');

    const items = await threadOf(rig.engine, conversation.id);
    expect(guestItems(items).map((item) => item.content)).toEqual([[{ type: 'buttonResponse', text: 'Order status', payload: 'ORDER' }]]);
    expect(lines(items, 'aiStarted')).toEqual([`The AI guest is playing Ada. Goal: ${GOAL}`]);
    expect(lines(items, 'aiStopped')).toEqual(['The AI guest stopped: goal reached — Flo said it arrives tomorrow.']);
    // The saved persona of the conversation's name was played: its tone, language and facts reached the model.
    const system = model.requests.at(-1)!.body.messages![0]!.content;
    expect(system).toContain('Your tone: brief.');
    expect(system).toContain('Order number 1042.');
    expect(system).toContain('Write in British English.');

    const frames = await call<InspectorFrame[]>(rig.engine, 'inspector.frames', { conversationId: conversation.id });
    const requests = frames.filter((frame) => frame.direction === 'modelRequest');
    const replies = frames.filter((frame) => frame.direction === 'modelReply');
    expect(requests.length).toBe(model.requests.length);
    expect(replies.length).toBe(requests.length);
    expect(requests[0]!.text).toContain('Authorization: Bearer [redacted]');
    expect(replies.at(-1)!.text).toContain('Flo said it arrives tomorrow');
    expect(JSON.stringify(frames)).not.toContain(API_KEY);
    expect(JSON.stringify(await threadOf(rig.engine, conversation.id))).not.toContain(API_KEY);
    expect(model.rawRequests.every((raw) => raw.split(API_KEY).length === 2)).toBe(true);
    model.requests.length = 0;
  });

  it('in review mode holds each draft until Send, thinks again after Skip, refuses a second play, and stops when the operator takes over; the composer works after', async () => {
    const conversation = await flowConversation('Bea');
    brain = chooser('Billing', '{"say": "I have a question about my bill"}');
    await call(rig.engine, 'ai.play.start', { conversationId: conversation.id, goal: 'Ask about the last invoice.', review: true });
    const first = await until(conversation.id, (view) => view.status === 'draft');
    expect(first.draft).toEqual({ kind: 'choice', text: 'Billing', option: 1 });
    const again = await rig.engine.dispatcher.dispatch('ai.play.start', { conversationId: conversation.id, goal: 'Something else.' });
    expect(again).toMatchObject({ ok: false, error: { kind: 'Conflict' } });
    // Nothing goes without Send.
    expect(guestItems(await threadOf(rig.engine, conversation.id))).toEqual([]);

    await control(conversation.id, 'send');
    await expect.poll(async () => guestItems(await threadOf(rig.engine, conversation.id)).map((item) => item.text), { timeout: 10_000 }).toEqual(['Billing']);
    const second = await until(conversation.id, (view) => view.status === 'draft' && view.turn === 1);
    expect(second.draft).toEqual({ kind: 'text', text: 'I have a question about my bill' });

    const asked = model.requests.length;
    await control(conversation.id, 'discard');
    await until(conversation.id, (view) => view.status === 'draft');
    expect(model.requests.length).toBe(asked + 1);
    expect(guestItems(await threadOf(rig.engine, conversation.id))).toHaveLength(1);

    const taken = await control(conversation.id, 'takeOver');
    expect(taken.conversationId).toBe(conversation.id);
    const stopped = await until(conversation.id, (view) => view.status === 'stopped');
    expect(stopped.stop?.reason).toBe('takenOver');
    expect(stopped.draft).toBeUndefined();
    const sendResult = await rig.engine.dispatcher.dispatch('ai.play.control', { conversationId: conversation.id, action: 'send' });
    expect(sendResult).toMatchObject({ ok: false, error: { kind: 'Conflict' } });

    await call(rig.engine, 'messages.send', { conversationId: conversation.id, text: 'Yes, an agent' });
    const items = await threadOf(rig.engine, conversation.id);
    expect(lines(items, 'aiStarted')).toEqual(['The AI guest is playing Bea, asking before each message. Goal: Ask about the last invoice.']);
    expect(lines(items, 'aiStopped')).toEqual(['The AI guest stopped: you took over.']);
    await expect.poll(async () => guestItems(await threadOf(rig.engine, conversation.id)).at(-1)?.delivery, { timeout: 10_000 }).toBe('sent');
    expect(guestItems(await threadOf(rig.engine, conversation.id)).map((item) => item.text)).toEqual(['Billing', 'Yes, an agent']);
  });

  it('paused, holds its next draft until Resume sends it', async () => {
    const conversation = await flowConversation('Cy');
    brain = (request) => {
      const text = transcriptOf(request);
      return chooser(/\[\d+\] No, thanks/.test(text) ? 'No, thanks' : 'Order status', '{"say": "order status"}')(request);
    };
    await call(rig.engine, 'ai.play.start', { conversationId: conversation.id, goal: 'Check the order, then say goodbye.' });
    const paused = await control(conversation.id, 'pause');
    expect(paused.status).toBe('paused');
    const held = await until(conversation.id, (view) => view.draft !== undefined);
    expect(held).toMatchObject({ status: 'paused', draft: { kind: 'choice', text: 'Order status' } });
    expect(guestItems(await threadOf(rig.engine, conversation.id))).toEqual([]);

    await control(conversation.id, 'resume');
    await expect.poll(async () => guestItems(await threadOf(rig.engine, conversation.id)).map((item) => item.text), { timeout: 10_000 }).toEqual(['Order status']);
    // Flo asks "anything else?"; "No, thanks" ends the conversation, which ends the play.
    const stopped = await until(conversation.id, (view) => view.status === 'stopped');
    expect(stopped.stop?.reason).toBe('agentEnded');
    expect(stopped.turn).toBe(2);
    expect(lines(await threadOf(rig.engine, conversation.id), 'aiStopped')).toEqual(['The AI guest stopped: the agent ended the conversation.']);
  });

  it('stops with the model error in words when the model refuses, and the key is not in them', async () => {
    const conversation = await flowConversation('Fay');
    brain = () => ({ status: 401, body: { error: { message: `Incorrect API key provided: ${API_KEY}` } } });
    await call(rig.engine, 'ai.play.start', { conversationId: conversation.id, goal: GOAL });
    const stopped = await until(conversation.id, (view) => view.status === 'stopped');
    expect(stopped.stop?.reason).toBe('modelError');
    const line = lines(await threadOf(rig.engine, conversation.id), 'aiStopped')[0]!;
    expect(line).toMatch(/^The AI guest stopped: the model failed — .*401/);
    expect(line).not.toContain(API_KEY);
    expect(JSON.stringify(stopped)).not.toContain(API_KEY);
    expect(guestItems(await threadOf(rig.engine, conversation.id))).toEqual([]);
  });

  it('never outlives its conversation: closing stops it at a draft, removing drops the play', async () => {
    const closed = await flowConversation('Dee');
    brain = chooser('Billing', '{"say": "billing"}');
    await call(rig.engine, 'ai.play.start', { conversationId: closed.id, goal: 'Ask about billing.', review: true });
    await until(closed.id, (view) => view.status === 'draft');
    await call(rig.engine, 'conversations.close', { conversationId: closed.id });
    const stopped = await until(closed.id, (view) => view.status === 'stopped');
    expect(stopped.stop?.reason).toBe('conversationGone');
    expect(guestItems(await threadOf(rig.engine, closed.id))).toEqual([]);
    expect(lines(await threadOf(rig.engine, closed.id), 'aiStopped')).toEqual(['The AI guest stopped: the conversation was closed.']);

    const removed = await flowConversation('Eve');
    await call(rig.engine, 'ai.play.start', { conversationId: removed.id, goal: 'Ask about billing.', review: true });
    await until(removed.id, (view) => view.status === 'draft');
    await call(rig.engine, 'conversations.remove', { conversationId: removed.id });
    await expect.poll(() => playOf(removed.id)).toBeNull();
    expect(views.filter((view) => view.conversationId === removed.id).at(-1)?.stop?.reason).toBe('conversationGone');
    expect((await call<AiPlayView[]>(rig.engine, 'ai.play.list', {})).map((view) => view.conversationId)).not.toContain(removed.id);
  });
});
