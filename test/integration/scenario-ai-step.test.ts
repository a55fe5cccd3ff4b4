// Scenarios' `ai` and `judge` steps against the real sandbox (Flo, the Architect-like bot flow, as the sandbox's
// agent) and a local OpenAI-compatible model server with a deterministic
// brain: the shipped example mixes scripted and AI steps and passes, the AI's choice arriving as a real
// quick-reply answer; reports hold the AI's turns, stop reason and tokens; a judge that disagrees fails the step
// with its reasoning; a model error or a hang fails the step clearly; without a model the step says how to add
// one after the steps before it ran; saved personas are found by name; the key travels only in the
// Authorization header — never in a report, a transcript, a step's words or the inspector.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadItem } from '../../shared/contract';
import type { ScenarioFile, ScenarioRunResult } from '../../shared/scenario-contract';
import { HOW_TO_CONFIGURE_AI } from '../../electron/engine/ai/ai-model-settings';
import { scenarioEnvironment } from '../../electron/engine/scenarios/scenario-environment';
import { parseScenario } from '../../electron/engine/scenarios/scenario-parser';
import { jsonReport, junitReport, transcriptOf } from '../../electron/engine/scenarios/scenario-reports';
import { ScenarioRunner } from '../../electron/engine/scenarios/scenario-runner';
import { systemClock } from '../../electron/protocol/clock';
import { call, startRig, threadOf, type Rig } from '../support/console-with-sandbox';
import { startModelServer, type ModelAnswer, type ModelServer } from '../support/model-server';
import { customerBrain, expectKeyOnlyInAuthorization, expectNoFileHolds, JUDGE_DISAGREES } from './scenario-ai-rig';

const root = path.resolve(__dirname, '..', '..');
const examples = path.join(root, 'scenarios', 'examples');
const KEY = `sk-test-${randomUUID()}`;
const environment = scenarioEnvironment({});

let rig: Rig;
let model: ModelServer;
let runner: ScenarioRunner;
/** How the model answers next: the brain, a failure, or never. */
let answer: (request: Parameters<typeof customerBrain>[0]) => ModelAnswer = customerBrain;
/** Every report and transcript the tests made, searched for the key at the end. */
const outputs: string[] = [];
/** Whole settings each time: ai.saveSettings fills the fields left out with their defaults. */
const settings = (baseUrl = model.baseUrl, tokenBudget = 20_000) => ({ baseUrl, model: 'test-model', requestTimeoutSec: 5, tokenBudget });

beforeAll(async () => {
  model = await startModelServer((request) => answer(request));
  // Flo answers every conversation: the Guest API's Presence Join opens the conversation before any message
  // carries the persona's `sandbox.agentScript`, so the attribute alone does not pick her on Web Messaging.
  rig = await startRig({ defaultAgentScript: 'bot-flow' });
  await call(rig.engine, 'ai.saveSettings', settings());
  await call(rig.engine, 'ai.setApiKey', { value: KEY });
  runner = new ScenarioRunner({ conversations: rig.engine.conversations, participants: rig.engine.participants, bus: rig.engine.bus, clock: systemClock, ai: rig.engine.ai });
});
afterAll(async () => {
  await rig?.close();
  await model?.close();
});

async function run(text: string, file = 'inline.yaml', updates: ScenarioRunResult[] = []): Promise<ScenarioRunResult> {
  const parsed = parseScenario(text, { baseDirectory: examples, environment });
  if (!parsed.ok) throw new Error(parsed.problems.map((problem) => `${problem.line}: ${problem.message}`).join('\n'));
  const result = await runner.run({ scenario: parsed.scenario, file, channel: 'webmessaging', profile: { id: 'sandbox', name: 'Sandbox' }, environment, onUpdate: (update) => updates.push(update) });
  outputs.push(junitReport([result]), jsonReport([result]), transcriptOf(result), result.failure ?? '');
  return result;
}

const FLO = `
name: Flo
persona: { name: Robin Test, customAttributes: { sandbox.agentScript: bot-flow } }
steps:
  - expect: { contains: What can I help you with?, from: Flo }
`;

describe('ai steps', () => {
  it('run the shipped example: scripted and AI steps mixed, the AI answering quick replies as quick replies', async () => {
    const updates: ScenarioRunResult[] = [];
    const result = await run(fs.readFileSync(path.join(examples, 'ai-customer.yaml'), 'utf8'), 'scenarios/examples/ai-customer.yaml', updates);
    expect(result.failure, result.failure).toBeUndefined();
    expect(result.status).toBe('passed');
    expect(result.steps.map((step) => step.kind)).toEqual(['expect', 'ai', 'expect', 'judge', 'ai', 'expect']);

    const [, order, , judged, goodbye] = result.steps;
    expect(order!.ai!.stopReason).toBe('until');
    expect(order!.ai!.turns.slice(0, 2)).toEqual([{ from: 'ai', text: 'Order status' }, { from: 'agent', text: 'Order 1042 shipped yesterday and arrives tomorrow.' }]);
    expect(order!.ai!.tokens.total).toBeGreaterThan(0);
    expect(order!.actual).toMatch(/^the expected reply came: the agent replied "Order 1042 shipped yesterday and arrives tomorrow\."/);
    expect(judged!.ai).toMatchObject({ turns: [], judge: { met: true, reasoning: 'Flo said that order 1042 arrives tomorrow.' } });
    expect(goodbye!.ai).toMatchObject({ stopReason: 'agentEnded', turns: [{ from: 'ai', text: 'No, thanks' }, { from: 'agent', text: expect.stringContaining('Goodbye') }] });
    // While the AI plays, its part so far is published with the running step.
    expect(updates.some((update) => update.steps[1]!.status === 'running' && update.steps[1]!.ai?.turns[0]?.text === 'Order status')).toBe(true);
    const spent = [order!, judged!, goodbye!].reduce((sum, step) => sum + step.ai!.tokens.total, 0);
    expect(result.aiTokens?.total).toBe(spent);

    // The AI's choices went out as quick-reply answers with the flow's payloads, not as typed text.
    const guest = (await threadOf(rig.engine, result.conversationId!)).filter((item: ThreadItem) => item.from === 'guest');
    expect(guest.map((item) => item.content.find((content) => content.type === 'buttonResponse'))).toEqual([
      expect.objectContaining({ type: 'buttonResponse', text: 'Order status', payload: 'ORDER' }),
      expect.objectContaining({ type: 'buttonResponse', text: 'No, thanks', payload: 'DONE' }),
    ]);
    // The model exchange is in the conversation's inspector.
    const frames = rig.engine.conversations.inspectorFrames(result.conversationId!);
    expect(frames.filter((frame) => frame.direction === 'modelRequest')).toHaveLength(model.requests.length);

    // The reports hold the AI's turns, why it stopped, and the tokens.
    const junit = junitReport([result]);
    expect(junit).toContain('AI:    Order status');
    expect(junit).toContain('stopped: until');
    expect(junit).toContain('judge: met: Flo said that order 1042 arrives tomorrow.');
    expect(junit).toContain(`AI tokens: ${spent} (prompt `);
    const json = JSON.parse(jsonReport([result])) as { runs: ScenarioRunResult[] };
    expect(json.runs[0]!.steps[1]!.ai).toEqual(order!.ai);
    expect(json.runs[0]!.aiTokens).toEqual(result.aiTokens);
  });

  it('fail when the judge finds the criterion not met, with its reasoning', async () => {
    const result = await run(`${FLO}  - ai: { goal: Find out when order 1042 arrives., until: { contains: arrives tomorrow }, judge: The assistant was rude. }
  - expect: { contains: Is there anything else? }
`);
    expect(result.status).toBe('failed');
    expect(result.steps.map((step) => step.status)).toEqual(['passed', 'failed', 'skipped']);
    const step = result.steps[1]!;
    expect(step.ai).toMatchObject({ stopReason: 'until', judge: { criterion: 'The assistant was rude.', met: false, reasoning: JUDGE_DISAGREES } });
    expect(step.actual).toContain(`the judge found "The assistant was rude." not met: ${JUDGE_DISAGREES}`);
    expect(result.failure).toContain('failed at step 2 (line 6): ai "Find out when order 1042 arrives." until a reply containing "arrives tomorrow"');
  });

  it('keep what until\'s pattern captures for the judge and later steps', async () => {
    const result = await run(`${FLO}  - ai: { goal: Find out when order 1042 arrives., until: { matches: "Order (?<order>\\\\d+) shipped" }, judge: "Flo named order \${order}." }
  - judge: Flo said when order \${order} arrives.
`);
    expect(result.failure, result.failure).toBeUndefined();
    expect(result.steps[1]!.ai!.judge).toMatchObject({ criterion: 'Flo named order 1042.', met: true });
    expect(result.steps[2]!.ai!.judge).toMatchObject({ criterion: 'Flo said when order 1042 arrives.', met: true });
  });

  it('fail a standalone judge step that disagrees', async () => {
    const result = await run(`${FLO}  - judge: Flo was rude to the customer.\n`);
    expect(result.steps[1]).toMatchObject({ kind: 'judge', status: 'failed', ai: { judge: { met: false, reasoning: JUDGE_DISAGREES } } });
  });

  it('fail clearly when the model errs or does not answer, and never hang', async () => {
    answer = () => ({ status: 500, body: { error: { message: 'the model is overloaded' } } });
    try {
      const failed = await run(`${FLO}  - ai: { goal: Find out when order 1042 arrives. }\n`);
      expect(failed.steps[1]).toMatchObject({ status: 'failed', ai: { stopReason: 'modelError' } });
      expect(failed.steps[1]!.actual).toMatch(/^the model failed: The model server at http:\/\/127\.0\.0\.1:\d+ failed \(500\): the model is overloaded\./);

      // A server that echoes the key in its refusal: the step's words carry it redacted.
      answer = () => ({ status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}` } } });
      const refused = await run(`${FLO}  - ai: { goal: Find out when order 1042 arrives. }\n`);
      expect(refused.steps[1]).toMatchObject({ status: 'failed', ai: { stopReason: 'modelError' } });
      expect(refused.steps[1]!.actual).toContain('refused the API key (401)');

      answer = () => 'hang';
      const slow = await run(`${FLO}  - ai: { goal: Find out when order 1042 arrives., timeLimit: 2s }\n`);
      expect(slow.steps[1]).toMatchObject({ status: 'failed', ai: { stopReason: 'timeLimit' } });
      expect(slow.steps[1]!.actual).toContain('the time limit of 2 s was reached');
    } finally {
      answer = customerBrain;
    }
  });

  it('fail a judge whose model does not answer within the request timeout', { timeout: 30_000 }, async () => {
    answer = () => 'hang';
    try {
      const result = await run(`${FLO}  - judge: Flo greeted the customer.\n`);
      expect(result.steps[1]).toMatchObject({ status: 'failed' });
      expect(result.steps[1]!.actual).toMatch(/^the judge could not answer: The model server at .* did not answer within 5 s\./);
    } finally {
      answer = customerBrain;
    }
  });

  it('stop at a step\'s own token budget, and share the run\'s budget between its AI steps', async () => {
    const narrow = await run(`${FLO}  - ai: { goal: Find out when order 1042 arrives., budget: 100 }\n`);
    expect(narrow.steps[1]).toMatchObject({ status: 'failed', ai: { stopReason: 'budget' } });
    // Not even the first request fits in 100 tokens: nothing is asked.
    expect(narrow.steps[1]!.actual).toMatch(/^token budget spent: the token budget of 100 is spent: 0 used, and the next request needs about \d+/);

    // 450 tokens: the first AI step's one request fits; what it leaves does not hold the judge's.
    await call(rig.engine, 'ai.saveSettings', settings(model.baseUrl, 450));
    try {
      const shared = await run(`${FLO}  - ai: { goal: Find out when order 1042 arrives., until: { contains: arrives tomorrow } }\n  - judge: Flo said when the order arrives.\n  - ai: { goal: Say goodbye. }\n`);
      expect(shared.steps.map((step) => step.status)).toEqual(['passed', 'passed', 'failed', 'skipped']);
      expect(shared.steps[2]!.actual).toMatch(/^the judge was not asked: the token budget of 450 is spent: \d+ used, and the next request needs about \d+$/);
      expect(shared.aiTokens!.total).toBe(shared.steps[1]!.ai!.tokens.total);
    } finally {
      await call(rig.engine, 'ai.saveSettings', settings());
    }
  });

  it('without a model: the steps before run, the AI step fails saying how to add one', async () => {
    await call(rig.engine, 'ai.saveSettings', settings(''));
    try {
      const result = await run(`${FLO}  - ai: { goal: Find out when order 1042 arrives. }\n  - judge: Flo greeted the customer.\n`);
      expect(result.steps.map((step) => step.status)).toEqual(['passed', 'failed', 'skipped']);
      expect(result.steps[1]!.actual).toBe(HOW_TO_CONFIGURE_AI);
      expect(result.aiTokens).toBeUndefined();
    } finally {
      await call(rig.engine, 'ai.saveSettings', settings());
    }
  });

  it('play a saved persona named in the step, through the console\'s Scenarios', async () => {
    await call(rig.engine, 'personas.save', { name: 'Polite Pat', language: 'de', tone: 'very polite', facts: 'Order 1042, delivery to Hauptstraße 5' });
    const saved = await call<ScenarioFile>(rig.engine, 'scenarios.save', {
      fileName: 'pat.yaml',
      source: `${FLO}  - ai: { goal: Find out when order 1042 arrives., persona: polite pat, until: { contains: arrives tomorrow } }\n  - ai: { goal: Ask for a refund., persona: Nobody }\n`,
    });
    expect(saved.problems).toEqual([]);
    const before = model.requests.length;
    const [queued] = await call<ScenarioRunResult[]>(rig.engine, 'scenarios.run', { fileName: 'pat.yaml', profileId: 'sandbox' });
    let result: ScenarioRunResult | undefined;
    await expect
      .poll(
        async () => {
          result = (await call<ScenarioRunResult[]>(rig.engine, 'scenarios.runs', {})).find((candidate) => candidate.id === queued!.id);
          return result?.status;
        },
        { timeout: 30_000 },
      )
      .toBe('failed');
    outputs.push(JSON.stringify(result));
    expect(result!.steps.map((step) => step.status), result!.failure).toEqual(['passed', 'passed', 'failed']);
    expect(result!.steps[2]!.actual).toContain('there is no saved persona named "Nobody" (saved: Polite Pat)');
    const system = model.requests[before]!.body.messages![0]!.content;
    expect(system).toContain('You are Polite Pat');
    expect(system).toContain('Write in German.');
    expect(system).toContain('Your tone: very polite.');
    expect(system).toContain('Order 1042, delivery to Hauptstraße 5');
  });

  it('send the API key to the model server only in its Authorization header, and nowhere else', async () => {
    expect(model.rawRequests.length).toBeGreaterThan(5);
    expectKeyOnlyInAuthorization(model, KEY);
    expect(outputs.length).toBeGreaterThan(10);
    for (const output of outputs) expect(output).not.toContain(KEY);
    for (const conversation of rig.engine.conversations.list()) {
      expect(JSON.stringify(rig.engine.conversations.inspectorFrames(conversation.id))).not.toContain(KEY);
      expect(JSON.stringify(rig.engine.conversations.thread(conversation.id))).not.toContain(KEY);
    }
    expectNoFileHolds(rig.dataDirectory, KEY);
  });
});
