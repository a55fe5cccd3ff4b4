// AI guests in load runs, through the contract against the real sandbox (Flo, the bot flow, answering at once) and
// a local OpenAI-compatible model server: a share of the guests plays a goal through the model while the rest send
// the script; their sends count like any guest's; the run's one token budget stops them; a model error or a model
// that never answers is a counted failure, not a hang; without a model the run is refused before it starts; the
// API key is in no saved file.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadResultSummary, LoadResultView } from '../../shared/load-contract';
import { HOW_TO_CONFIGURE_AI } from '../../electron/engine/ai/ai-model-settings';
import { main } from '../../electron/host/cli/guest-console-cli';
import { call, startRig, type Rig } from '../support/console-with-sandbox';
import { startModelServer, transcriptOf, type ModelAnswer, type ModelRequest, type ModelServer } from '../support/model-server';
import { makeTempDir } from '../support/temp-dir';

const API_KEY = 'sk-load-test-key-4e1f9c';
const USAGE = { prompt_tokens: 50, completion_tokens: 10, total_tokens: 60 };

let rig: Rig | undefined;
let model: ModelServer | undefined;
let dir: ReturnType<typeof makeTempDir> | undefined;
afterEach(async () => {
  await rig?.close();
  await model?.close();
  dir?.remove();
  rig = undefined;
  model = undefined;
  dir = undefined;
});

/** The AI guest a request is for: its persona's name, in the system message. */
const guestOf = (request: ModelRequest) => /You are (Load guest \d+)/.exec(request.body.messages?.[0]?.content ?? '')?.[1] ?? '?';

/** A customer who wants its order status from Flo, then says no to anything else. */
function orderStatusCustomer(request: ModelRequest): ModelAnswer {
  const transcript = transcriptOf(request);
  const option = (label: string) => new RegExp(`\\[(\\d+)\\] ${label}`).exec(transcript)?.[1];
  const order = option('Order status');
  if (order) return { content: JSON.stringify({ choose: Number(order) }), usage: USAGE };
  const no = option('No, thanks');
  if (no) return { content: JSON.stringify({ choose: Number(no) }), usage: USAGE };
  return { content: JSON.stringify({ say: 'Where is my order?' }), usage: USAGE };
}

async function rigWithModel(reply: (request: ModelRequest) => ModelAnswer, settings: Record<string, unknown> = {}) {
  model = await startModelServer(reply);
  rig = await startRig({ defaultAgentScript: 'bot-flow' });
  await call(rig.engine, 'ai.saveSettings', { baseUrl: model.baseUrl, model: 'test-model', ...settings });
  await call(rig.engine, 'ai.setApiKey', { value: API_KEY });
  return rig;
}

const plan = (ai: Record<string, unknown>) => ({
  profileId: 'sandbox',
  channel: 'webmessaging',
  guests: 6,
  rampPerSecond: 10,
  thinkTimeMs: 0,
  messagesPerGuest: 2,
  messages: ['hello'],
  replyTimeoutMs: 10_000,
  ai,
});

async function runToEnd(engine: Rig['engine'], loadPlan: unknown, timeout = 30_000): Promise<LoadResultView> {
  const { runId } = await call<{ runId: string }>(engine, 'load.start', { plan: loadPlan });
  await expect.poll(() => call(engine, 'load.current', {}), { timeout }).toBeNull();
  return call<LoadResultView>(engine, 'load.result', { id: runId });
}

describe('AI guests in a load run', () => {
  it('plays a share of the guests through the model, counts their messages and tokens, and keeps the key out of the files', async () => {
    const { engine, dataDirectory } = await rigWithModel(orderStatusCustomer, { pricePerMillionPrompt: 2, pricePerMillionCompletion: 10 });
    const limits = await call<{ ai?: { configured: boolean; tokenBudget: number } }>(engine, 'load.limits', { profileId: 'sandbox' });
    expect(limits.ai).toMatchObject({ configured: true, tokenBudget: 20_000 });

    const result = await runToEnd(engine, plan({ share: 50, goal: 'Find out where your order is, then end the chat.' }));

    expect(result.state).toBe('finished');
    // 6 guests at 50 %: guests 2, 4 and 6 are AI guests, each fed its own whole conversation on every turn.
    const byGuest = new Map<string, ModelRequest[]>();
    for (const request of model!.requests) byGuest.set(guestOf(request), [...(byGuest.get(guestOf(request)) ?? []), request]);
    expect([...byGuest.keys()].sort()).toEqual(['Load guest 2', 'Load guest 4', 'Load guest 6']);
    for (const requests of byGuest.values()) {
      expect(requests).toHaveLength(2);
      expect(transcriptOf(requests[0]!)).toContain("Hi, I'm Flo");
      expect(transcriptOf(requests[1]!)).toMatch(/You: Order status[\s\S]*Order 1042 shipped[\s\S]*\[\d\] No, thanks/);
    }
    const ai = result.snapshot.ai!;
    expect(ai).toMatchObject({ guests: 3, active: 0, done: 3, modelErrors: 0, stopReasons: { agentEnded: 3 }, tokenBudget: 20_000 });
    expect(ai.tokens).toEqual({ prompt: 50 * 6, completion: 10 * 6, total: 60 * 6 });
    expect(ai.costEstimate).toBeCloseTo((300 * 2 + 60 * 10) / 1_000_000, 12);
    // Scripted guests: 3 × 2 messages; AI guests: 2 choices each — all sent, acknowledged and answered.
    expect(result.snapshot).toMatchObject({ guestsDone: 6, sent: 12, acknowledged: 12, answered: 12, errors: {} });
    expect(result.plan.ai).toMatchObject({ share: 50, maxTurns: 4, tokenBudget: 20_000 });

    const [summary] = await call<LoadResultSummary[]>(engine, 'load.results', {});
    expect(summary).toMatchObject({ aiGuests: 3, tokens: 360 });
    const csv = fs.readFileSync(summary!.files[1]!, 'utf8').split('\n');
    expect(csv[0]).toBe('t,sent,received,active,p50,p95,p99,aiActive,tokens');
    const csvTokens = csv.slice(1, -1).reduce((sum, row) => sum + Number(row.split(',').at(-1)), 0);
    expect(csvTokens).toBe(360);
    for (const file of fs.readdirSync(path.join(dataDirectory, 'load-results'))) {
      expect(fs.readFileSync(path.join(dataDirectory, 'load-results', file), 'utf8')).not.toContain(API_KEY);
    }
    expect(model!.rawRequests.every((raw) => raw.includes(`Bearer ${API_KEY}`))).toBe(true);
  });

  it("stops every AI guest with 'budget' when the run's budget is spent, while the scripted guests finish", async () => {
    const { engine } = await rigWithModel(() => ({ content: JSON.stringify({ say: 'I still need help with my order.' }), usage: USAGE }));
    const result = await runToEnd(engine, plan({ share: 50, goal: 'Keep asking about your order.', tokenBudget: 100 }));

    expect(result.state).toBe('finished');
    const ai = result.snapshot.ai!;
    expect(ai).toMatchObject({ guests: 3, done: 3, stopReasons: { budget: 3 }, tokenBudget: 100, modelErrors: 0 });
    // A request is made only when its prompt and an answer fit in what is left: not one fits in 100 tokens.
    expect(model!.requests).toHaveLength(0);
    expect(ai.tokens.total).toBe(0);
    expect(result.snapshot.guestsDone).toBe(6);
    expect(result.snapshot.sent).toBe(6);
    expect(result.snapshot.errors).toEqual({});
  });

  it('counts a model that fails (500) or never answers as a model error, and the run still finishes', async () => {
    const { engine } = await rigWithModel((request) => (guestOf(request) === 'Load guest 2' ? 'hang' : { status: 500 }), { requestTimeoutSec: 5 });
    const result = await runToEnd(engine, plan({ share: 50, goal: 'Ask about your order.' }));

    expect(result.state).toBe('finished');
    expect(result.snapshot.ai).toMatchObject({ guests: 3, done: 3, modelErrors: 3, stopReasons: { modelError: 3 }, tokens: { total: 0 } });
    expect(result.snapshot.errors).toEqual({ modelError: 3 });
    // The scripted guests are not held up: their 3 × 2 messages all answered.
    expect(result.snapshot).toMatchObject({ guestsDone: 6, sent: 6, answered: 6 });
  });

  it('stops AI guests waiting on the model at once when the run is stopped, and closes every session', async () => {
    const { engine } = await rigWithModel(() => 'hang');
    const { runId } = await call<{ runId: string }>(engine, 'load.start', { plan: plan({ share: 50, goal: 'Ask about your order.' }) });
    await expect.poll(() => model!.requests.length, { timeout: 10_000 }).toBe(3);
    await call(engine, 'load.stop', { runId });
    // The model's 60 s timeout is not waited for: the AI guests stop with the run.
    await expect.poll(() => call(engine, 'load.current', {}), { timeout: 10_000 }).toBeNull();
    const result = await call<LoadResultView>(engine, 'load.result', { id: runId });
    expect(result.state).toBe('stopped');
    expect(result.snapshot.ai).toMatchObject({ done: 3, active: 0, stopReasons: { takenOver: 3 }, modelErrors: 0 });
    expect(result.snapshot.guestsActive).toBe(0);
  });

  it('plays AI guests on Open Messaging too: they write first and are answered', async () => {
    const { engine } = await rigWithModel((request) =>
      transcriptOf(request).includes('Agent') ? { content: '{"done": true, "reason": "the agent answered"}', usage: USAGE } : { content: '{"say": "Hello, is anyone there?"}', usage: USAGE },
    );
    const result = await runToEnd(engine, { ...plan({ share: 100, goal: 'Get an answer.' }), channel: 'openmessaging', guests: 2 });
    expect(result.state).toBe('finished');
    expect(result.snapshot.ai).toMatchObject({ guests: 2, done: 2, stopReasons: { goal: 2 }, tokens: { total: 60 * 4 } });
    expect(result.snapshot).toMatchObject({ sent: 2, answered: 2, errors: {} });
  });

  it('refuses a plan with AI guests when no model is set up, saying how to add one, and starts nothing', async () => {
    rig = await startRig({ defaultAgentScript: 'bot-flow' });
    const limits = await call<{ ai?: { configured: boolean } }>(rig.engine, 'load.limits', { profileId: 'sandbox' });
    expect(limits.ai?.configured).toBe(false);
    const refused = await rig.engine.dispatcher.dispatch('load.start', { plan: plan({ share: 50, goal: 'Ask about your order.' }) });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'Unavailable', message: HOW_TO_CONFIGURE_AI } });
    expect(await call(rig.engine, 'load.current', {})).toBeNull();
    expect(await call(rig.engine, 'load.results', {})).toEqual([]);
  });
});

describe('guest-console load with AI guests', () => {
  async function cliLoad(env: Record<string, string>, ...flags: string[]) {
    dir = makeTempDir();
    const out: string[] = [];
    const err: string[] = [];
    const args = ['load', '--profile', 'sandbox', '--guests', '4', '--ramp', '20', '--messages-per-guest', '1', '--think', '0', '--message', 'echo scripted', ...flags];
    const code = await main(args, {
      cwd: dir.path,
      env: { GUEST_CONSOLE_DATA_DIR: path.join(dir.path, 'home'), GUEST_CONSOLE_SANDBOX_REPLY_LATENCY: 'instant', ...env },
      stdout: { write: (text) => void out.push(text) },
      stderr: { write: (text) => void err.push(text) },
      version: '0.0.0-test',
    });
    return { code, out: out.join(''), err: err.join('') };
  }

  it('runs a share of the guests as AI guests and prints their tokens, cost and stops; the key is printed nowhere', async () => {
    model = await startModelServer((request) =>
      transcriptOf(request).includes('You:') ? { content: '{"done": true, "reason": "the agent answered"}', usage: USAGE } : { content: '{"say": "Hello, I have a question."}', usage: USAGE },
    );
    const env = { GUEST_CONSOLE_AI_BASE_URL: model.baseUrl, GUEST_CONSOLE_AI_MODEL: 'test-model', GUEST_CONSOLE_AI_API_KEY: API_KEY };
    const run = await cliLoad(env, '--ai-share', '50', '--ai-goal', 'Ask one question.', '--ai-budget', '5000', '--json', 'result.json');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('AI guests: 2 (stopped: goal 2); tokens 240 of 5000 (prompt 200, completion 40)');
    const result = JSON.parse(fs.readFileSync(path.join(dir!.path, 'result.json'), 'utf8')) as LoadResultView;
    expect(result.snapshot).toMatchObject({ sent: 4, answered: 4, ai: { guests: 2, stopReasons: { goal: 2 }, tokens: { total: 240 } } });
    expect(run.out + fs.readFileSync(path.join(dir!.path, 'result.json'), 'utf8')).not.toContain(API_KEY);
  });

  it('refuses AI guests without a model (how to add one, usage exit code) and flags that do not fit together', async () => {
    const refused = await cliLoad({}, '--ai-share', '50', '--ai-goal', 'Ask one question.');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(HOW_TO_CONFIGURE_AI);
    expect(refused.out).not.toMatch(/finished|stopped:/);
    const noGoal = await cliLoad({}, '--ai-share', '50');
    expect(noGoal).toMatchObject({ code: 2 });
    expect(noGoal.err).toMatch(/--ai-goal/);
    const exported = await cliLoad({}, '--ai-share', '50', '--ai-goal', 'Ask.', '--export-artillery', 'a.yml', '--sandbox-url', 'http://127.0.0.1:1');
    expect(exported).toMatchObject({ code: 2 });
    expect(exported.err).toMatch(/cannot play AI guests/);
  });
});
