// The AI guest's loop against the real sandbox (Flo, the Architect-like bot flow) and a local OpenAI-compatible
// server standing in for the model: the transcript goes back to the model every turn, an offered quick reply is
// answered as a real quick-reply response, each stop reason ends the play as it should, and the API key travels
// only in the Authorization header.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationSummary, ThreadItem } from '../../shared/contract';
import { playAiGuest, TokenBudget, type AiGuestOptions } from '../../electron/engine/ai/ai-guest';
import { conversationSeat } from '../../electron/engine/ai/conversation-seat';
import { systemClock } from '../../electron/protocol/clock';
import { call, startRig, threadOf, waitLive, type Rig } from '../support/console-with-sandbox';
import { startModelServer, transcriptOf, type ModelAnswer, type ModelRequest, type ModelServer } from '../support/model-server';

const API_KEY = 'sk-test-4f9c2b7d1e6a8035c1d2e3f4a5b6c7d8';
const FAST = { settleMs: 150, openingWaitMs: 400, replyWaitMs: 3000 };

let rig: Rig;
let model: ModelServer | undefined;
let brain: (request: ModelRequest, index: number) => ModelAnswer | Promise<ModelAnswer> = () => '{"say": "hello"}';

beforeAll(async () => {
  rig = await startRig({ defaultAgentScript: 'bot-flow' });
  model = await startModelServer((request, index) => brain(request, index));
  await call(rig.engine, 'ai.saveSettings', { baseUrl: model.baseUrl, model: 'test-customer', requestTimeoutSec: 5 });
  await call(rig.engine, 'ai.setApiKey', { value: API_KEY });
});
afterAll(async () => {
  await model?.close();
  await rig.close();
});
afterEach(() => {
  model!.requests.length = 0;
  model!.rawRequests.length = 0;
});

async function flowConversation(): Promise<ConversationSummary> {
  const conversation = await call<ConversationSummary>(rig.engine, 'conversations.start', { profileId: 'sandbox', channel: 'webmessaging', persona: { name: 'Ada' } });
  await waitLive(rig.engine, conversation.id);
  await expect.poll(async () => (await threadOf(rig.engine, conversation.id)).some((item) => item.text?.startsWith("Hi, I'm Flo")), { timeout: 10_000 }).toBe(true);
  return conversation;
}

function play(conversationId: string, overrides: Partial<AiGuestOptions> = {}) {
  const seat = conversationSeat({ conversations: rig.engine.conversations, bus: rig.engine.bus, conversationId });
  return playAiGuest({
    seat,
    persona: { name: 'Ada', tone: 'brief', facts: 'Order number 1042.' },
    goal: 'Find out when order 1042 arrives.',
    maxTurns: 6,
    timeLimitMs: 60_000,
    budget: new TokenBudget(20_000),
    ask: (messages, max) => rig.engine.ai.ask(messages, max, conversationId),
    redact: rig.engine.ai.redact,
    clock: systemClock,
    timing: FAST,
    ...overrides,
  }).finally(() => seat.close());
}

const guestItems = (items: ThreadItem[]) => items.filter((item) => item.from === 'guest');

describe('the AI guest', () => {
  it('chooses an offered quick reply as a real quick-reply response, reads every reply and stops at its goal', async () => {
    const conversation = await flowConversation();
    brain = (request) => {
      const text = transcriptOf(request);
      if (text.includes('arrives tomorrow')) return '{"done": true, "reason": "Flo said order 1042 arrives tomorrow"}';
      const option = /\[(\d+)\] Order status/.exec(text);
      return option ? `Sure.\n\`\`\`json\n{"choose": ${option[1]}}\n\`\`\`` : '{"say": "order status please"}';
    };
    const outcome = await play(conversation.id);
    expect(outcome).toMatchObject({ reason: 'goal', detail: 'Flo said order 1042 arrives tomorrow', sent: 1 });
    const sent = guestItems(await threadOf(rig.engine, conversation.id));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.content).toEqual([{ type: 'buttonResponse', text: 'Order status', payload: 'ORDER' }]);
    // Every request carried the transcript so far: the first Flo's question with its options, the second also the choice and the answer.
    const [first, second] = model!.requests.map(transcriptOf);
    expect(first).toContain("Agent (Flo): Hi, I'm Flo, the virtual assistant. What can I help you with?");
    expect(first).toMatch(/\[1\] Billing\n\s+\[2\] Order status\n\s+\[3\] An agent/);
    expect(second).toContain('You: Order status');
    expect(second).toContain('Agent (Flo): Order 1042 shipped yesterday and arrives tomorrow.');
    expect(second).toContain('[1] Yes, an agent');
    expect(model!.requests[0]!.body).toMatchObject({ model: 'test-customer', temperature: 0.7 });
    expect(outcome.turns.map((turn) => turn.from)).toEqual(['ai', 'agent', 'agent']);
    expect(outcome.tokens.total).toBeGreaterThan(0);
  });

  it('stops when the agent ends the conversation', async () => {
    const conversation = await flowConversation();
    brain = (request) => {
      const text = transcriptOf(request);
      const thanks = /\[(\d+)\] No, thanks/.exec(text);
      if (thanks) return `{"choose": ${thanks[1]}}`;
      return `{"choose": ${/\[(\d+)\] Billing/.exec(text)![1]}}`;
    };
    const outcome = await play(conversation.id);
    expect(outcome.reason).toBe('agentEnded');
    expect(outcome.sent).toBe(2);
    expect(outcome.turns.at(-1)).toEqual({ from: 'agent', text: 'Thanks for contacting us. Goodbye!' });
  });

  it('stops after its last permitted message without its goal, saying what it would have sent', async () => {
    const conversation = await flowConversation();
    brain = () => '{"say": "I want pizza"}';
    const outcome = await play(conversation.id, { maxTurns: 2 });
    expect(outcome.reason).toBe('maxTurns');
    expect(outcome.sent).toBe(2);
    expect(outcome.detail).toContain('"I want pizza"');
    expect(model!.requests).toHaveLength(3);
  });

  it('stops when the token budget is spent, shared across guests', async () => {
    const conversation = await flowConversation();
    brain = () => ({ content: '{"say": "hello?"}', usage: { prompt_tokens: 900, completion_tokens: 100, total_tokens: 1000 } });
    const budget = new TokenBudget(1500);
    const outcome = await play(conversation.id, { budget });
    expect(outcome.reason).toBe('budget');
    expect(outcome.tokens).toEqual({ prompt: 1800, completion: 200, total: 2000 });
    expect(budget.used.total).toBe(2000);
    expect(outcome.sent).toBe(2);
  });

  it('holds what a request in flight will cost, so guests sharing a budget cannot all ask on the same remainder', async () => {
    const [first, second] = [await flowConversation(), await flowConversation()];
    let answered: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (answered = resolve));
    brain = () => slow.then(() => ({ content: '{"done": true, "reason": "asked"}', usage: { prompt_tokens: 40, completion_tokens: 10, total_tokens: 50 } }));
    // Room for one request (its prompt of ~300 tokens and a full answer), not two at once.
    const budget = new TokenBudget(700);
    const plays = [play(first.id, { budget }), play(second.id, { budget })];
    await expect.poll(() => model!.requests.length).toBe(1);
    const stopped = await Promise.race(plays);
    expect(stopped).toMatchObject({ reason: 'budget', tokens: { total: 0 } });
    expect(stopped.detail).toMatch(/^the token budget of 700 is spent: 0 used, and the next request needs about \d+$/);
    answered();
    const outcomes = await Promise.all(plays);
    expect(outcomes.map((outcome) => outcome.reason).sort()).toEqual(['budget', 'goal']);
    expect(budget.used.total).toBe(50);
    expect(budget.remaining).toBe(650);
    expect(model!.requests).toHaveLength(1);
  });

  it('fails with the model error, and a model that does not answer times out instead of hanging', async () => {
    const conversation = await flowConversation();
    brain = () => ({ status: 500, body: { error: { message: 'the GPU is on fire' } } });
    const failed = await play(conversation.id);
    expect(failed.reason).toBe('modelError');
    expect(failed.detail).toContain('failed (500): the GPU is on fire');
    brain = () => 'hang';
    const hung = await play(conversation.id);
    expect(hung.reason).toBe('modelError');
    expect(hung.detail).toMatch(/did not answer within 5 s/);
  }, 20_000);

  it('stops at an `until` reply, and at the time limit while the agent says nothing', async () => {
    const conversation = await flowConversation();
    brain = (request) => `{"choose": ${/\[(\d+)\] Billing/.exec(transcriptOf(request))?.[1] ?? 1}}`;
    const until = await play(conversation.id, { until: (entry) => entry.text.includes('invoice was paid') });
    expect(until).toMatchObject({ reason: 'until', sent: 1 });
    const timed = await play(conversation.id, { timeLimitMs: 300, timing: { ...FAST, settleMs: 10_000 } });
    expect(timed.reason).toBe('timeLimit');
  });

  it('sends the API key only in the Authorization header, and shows each exchange in the inspector with the key hidden', async () => {
    const conversation = await flowConversation();
    brain = () => '{"done": true, "reason": "nothing to do"}';
    await play(conversation.id);
    expect(model!.requests[0]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    for (const request of model!.requests) expect(request.raw).not.toContain(API_KEY);
    for (const raw of model!.rawRequests) expect(raw.split(API_KEY)).toHaveLength(2);
    const frames = await call<{ direction: string; text: string }[]>(rig.engine, 'inspector.frames', { conversationId: conversation.id });
    const exchanges = frames.filter((frame) => frame.direction === 'modelRequest' || frame.direction === 'modelReply');
    expect(exchanges.map((frame) => frame.direction)).toEqual(['modelRequest', 'modelReply']);
    expect(exchanges[0]!.text).toContain('Authorization: Bearer [redacted]');
    expect(exchanges[0]!.text).toContain('Find out when order 1042 arrives.');
    expect(JSON.stringify(frames)).not.toContain(API_KEY);
  });

  it('fails the play, not the conversation, when the console refuses what the model wrote (a secret in it)', async () => {
    const conversation = await flowConversation();
    brain = () => `{"say": "my key is ${API_KEY}"}`;
    const outcome = await play(conversation.id);
    expect(outcome.reason).toBe('modelError');
    expect(outcome.detail).toMatch(/could not be sent: .*AI model's API key/);
    expect(outcome.detail).not.toContain(API_KEY);
    expect(guestItems(await threadOf(rig.engine, conversation.id))).toHaveLength(0);
  });

  it('never shows the model a secret the console knows, even when the thread holds one', async () => {
    const conversation = await flowConversation();
    brain = () => '{"done": true, "reason": "ok"}';
    await play(conversation.id, { persona: { name: 'Ada', facts: `My API key is ${API_KEY} and the sandbox secret is ${rig.sandbox.org.clientSecret}` } });
    const sent = model!.requests.map((request) => request.raw).join('\n');
    expect(sent).not.toContain(API_KEY);
    expect(sent).not.toContain(rig.sandbox.org.clientSecret);
    expect(sent).toContain('My API key is [redacted]');
  });
});
