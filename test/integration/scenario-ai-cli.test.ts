// `guest-console run` with AI steps, as CI runs it: the model from GUEST_CONSOLE_AI_BASE_URL / _MODEL / _API_KEY
// (a local OpenAI-compatible server with a deterministic brain), the shipped ai-customer example on a sandbox
// whose agent is Flo. Each AI step gets a progress line and the summary the tokens; the key reaches the model
// server only in its Authorization header and appears in no output, report or file of the data folder. Without
// a model the run fails at the AI step with how to add one, after the scripted steps before it passed.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioRunResult } from '../../shared/scenario-contract';
import { HOW_TO_CONFIGURE_AI } from '../../electron/engine/ai/ai-model-settings';
import { main } from '../../electron/host/cli/guest-console-cli';
import type { CommandContext } from '../../electron/host/cli/run-command';
import { startModelServer, type ModelServer } from '../support/model-server';
import { makeTempDir } from '../support/temp-dir';
import { customerBrain, expectKeyOnlyInAuthorization, expectNoFileHolds } from './scenario-ai-rig';

const root = path.resolve(__dirname, '..', '..');
const KEY = `sk-cli-${randomUUID()}`;
let model: ModelServer;

beforeAll(async () => {
  model = await startModelServer(customerBrain);
});
afterAll(async () => model?.close());

/** The process's environment without any AI model of the machine's, plus `extra`. */
function capture(extra: Record<string, string>): { context: CommandContext; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GUEST_CONSOLE_AI_')));
  return {
    context: {
      cwd: root,
      env: { ...env, GUEST_CONSOLE_SANDBOX_REPLY_LATENCY: 'instant', ...extra },
      stdout: { write: (text) => void (out += text) },
      stderr: { write: (text) => void (err += text) },
      version: '0.0.0-test',
    },
    out: () => out,
    err: () => err,
  };
}

describe('guest-console run with AI steps', () => {
  it('runs the ai-customer example with the model from the environment, and the key goes only to the model server', { timeout: 60_000 }, async () => {
    const dir = makeTempDir();
    try {
      const io = capture({ GUEST_CONSOLE_AI_BASE_URL: model.baseUrl, GUEST_CONSOLE_AI_MODEL: 'test-model', GUEST_CONSOLE_AI_API_KEY: KEY, GUEST_CONSOLE_DATA_DIR: dir.path });
      const junit = path.join(dir.path, 'reports', 'junit.xml');
      const json = path.join(dir.path, 'reports', 'report.json');
      const code = await main(['run', 'scenarios/examples/ai-customer.yaml', '--profile', 'sandbox', '--junit', junit, '--json', json], io.context);
      expect(code, io.out() + io.err()).toBe(0);
      expect(io.out()).toMatch(/^AI {4}scenarios\/examples\/ai-customer\.yaml › AI customer asks about an order \[webmessaging\] line 15 passed: stopped: until, 1 message sent, \d+ tokens$/m);
      expect(io.out()).toMatch(/^AI {4}.* line 21 passed: judge: met, \d+ tokens$/m);
      expect(io.out()).toMatch(/^AI {4}.* line 22 passed: stopped: agentEnded, 1 message sent, \d+ tokens$/m);
      const report = JSON.parse(fs.readFileSync(json, 'utf8')) as { runs: ScenarioRunResult[] };
      const spent = report.runs[0]!.aiTokens!;
      expect(spent.total).toBeGreaterThan(0);
      expect(io.out()).toContain(`AI tokens: ${spent.total} (prompt ${spent.prompt}, completion ${spent.completion})`);
      expect(fs.readFileSync(junit, 'utf8')).toContain('AI:    Order status');

      expect(model.rawRequests.length).toBeGreaterThanOrEqual(3);
      expectKeyOnlyInAuthorization(model, KEY);
      expect(io.out() + io.err()).not.toContain(KEY);
      expectNoFileHolds(dir.path, KEY);
    } finally {
      dir.remove();
    }
  });

  it('without a model, fails at the AI step saying how to add one, after the steps before it passed', async () => {
    const dir = makeTempDir();
    try {
      const io = capture({ GUEST_CONSOLE_DATA_DIR: dir.path });
      const json = path.join(dir.path, 'report.json');
      const code = await main(['run', 'scenarios/examples/ai-customer.yaml', '--profile', 'sandbox', '--sandbox-agent', 'bot-flow', '--json', json], io.context);
      expect(code).toBe(1);
      expect(io.out()).toContain(`actual:   ${HOW_TO_CONFIGURE_AI}`);
      const report = JSON.parse(fs.readFileSync(json, 'utf8')) as { runs: ScenarioRunResult[] };
      expect(report.runs[0]!.steps.map((step) => step.status)).toEqual(['passed', 'failed', 'skipped', 'skipped', 'skipped', 'skipped']);
    } finally {
      dir.remove();
    }
  });

  it('takes --sandbox-agent only with the sandbox profile', async () => {
    const io = capture({});
    expect(await main(['run', 'x.yaml', '--profile', 'Acme', '--sandbox-agent', 'bot-flow'], io.context)).toBe(2);
    expect(io.err()).toContain('--sandbox-agent goes with --profile sandbox.');
  });
});
