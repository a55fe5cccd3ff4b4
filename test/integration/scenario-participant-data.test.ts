// The scenario `participant` expectation against the sandbox, through the runner the console and the CLI use: the
// default agent's `billing` sets Intent and routes to the Billing queue and the expectation passes on both channels
// (the final participant data in the result and the JUnit transcript); a wrong value fails with expected vs actual;
// a wrap-up that lands after the expectation started waiting is found by reading again; a profile without an
// OAuth client fails at once with what to do.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScenarioRunResult } from '../../shared/scenario-contract';
import { NO_OAUTH_CLIENT_REASON } from '../../shared/participants-contract';
import { scenarioEnvironment } from '../../electron/engine/scenarios/scenario-environment';
import { parseScenario } from '../../electron/engine/scenarios/scenario-parser';
import { junitReport } from '../../electron/engine/scenarios/scenario-reports';
import { ScenarioRunner } from '../../electron/engine/scenarios/scenario-runner';
import { systemClock } from '../../electron/protocol/clock';
import { proxyProfile, startRig, type Rig } from '../support/console-with-sandbox';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const environment = scenarioEnvironment({});

async function runOn(text: string, profile = { id: 'sandbox', name: 'Sandbox' }): Promise<ScenarioRunResult[]> {
  const parsed = parseScenario(text, { baseDirectory: path.resolve(__dirname, '..', '..', 'scenarios', 'examples'), environment });
  if (!parsed.ok) throw new Error(parsed.problems.map((problem) => `${problem.line}: ${problem.message}`).join('\n'));
  const runner = new ScenarioRunner({ conversations: rig!.engine.conversations, participants: rig!.engine.participants, bus: rig!.engine.bus, clock: systemClock });
  const { scenario } = parsed;
  return Promise.all(scenario.channels.map((channel) => runner.run({ scenario, file: 'inline.yaml', channel, profile, environment })));
}

const billing = (expectation: string, timeout = '8s') => `
name: Billing intent
channel: [webmessaging, openmessaging]
persona: { name: Kim Test, customAttributes: { tier: gold } }
timeout: ${timeout}
steps:
  - say: billing
  - expect: { contains: Alex from Billing }
  - expect: { participant: ${expectation} }
`;

describe('the participant expectation', () => {
  it('passes on both channels when the flow set Intent and routed to the queue, and reports the final participant data', async () => {
    rig = await startRig();
    const results = await runOn(billing('{ attributes: { Intent: Billing, tier: { contains: gol } }, queue: { matches: "^Bill" } }'));
    for (const result of results) {
      expect(result.status, result.failure).toBe('passed');
      expect(result.participants?.find((p) => p.purpose === 'customer')?.attributes).toEqual({ tier: 'gold', Intent: 'Billing' });
      expect(result.participants?.find((p) => p.purpose === 'agent')).toMatchObject({ name: 'Alex', queueName: 'Billing' });
    }
    const junit = junitReport(results);
    expect(junit).toContain('participant data at the end: customer (');
    expect(junit).toContain('queue Billing');
  });

  it('fails a wrong value with the expected and the actual participant data', async () => {
    rig = await startRig();
    const [result] = await runOn(billing('{ attributes: { Intent: Sales } }', '2s').replace('[webmessaging, openmessaging]', 'openmessaging'));
    expect(result!.status).toBe('failed');
    const step = result!.steps[2]!;
    expect(step.expected).toBe('participant data: customer attributes Intent "Sales"');
    expect(step.actual).toMatch(/^not within 2s; the platform holds: customer \(.*attributes \{"tier":"gold","Intent":"Billing"\}\)/);
    expect(result!.failure).toContain('Intent "Sales"');
  });

  it('reads again until the wrap-up the agent chooses lands', async () => {
    rig = await startRig();
    const running = runOn(billing('{ purpose: agent, wrapup: Resolved }').replace('[webmessaging, openmessaging]', 'webmessaging'));
    await expect.poll(() => rig!.sandbox.control.listConversations().find((c) => c.participants.some((p) => p.name === 'Alex' && p.state === 'connected'))?.id, { timeout: 10_000 }).toBeDefined();
    const withAlex = rig.sandbox.control.listConversations().find((c) => c.participants.some((p) => p.name === 'Alex'))!;
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the expectation has read at least once without it
    expect(rig.sandbox.control.endConversation(withAlex.id, { code: 'Resolved' }).ok).toBe(true);
    const [result] = await running;
    expect(result!.status, result!.failure).toBe('passed');
    expect(result!.participants?.find((p) => p.purpose === 'agent')?.wrapup).toEqual({ code: 'Resolved' });
  });

  it('fails at once with what to do on a profile without an OAuth client', async () => {
    rig = await startRig();
    const profile = await proxyProfile(rig, 'Web Messaging only');
    const [result] = await runOn(billing('{ attributes: { Intent: Billing } }', '30s').replace('[webmessaging, openmessaging]', 'webmessaging'), { id: profile.id, name: profile.name });
    expect(result!.status).toBe('failed');
    expect(result!.steps[2]!.actual).toBe(NO_OAUTH_CLIENT_REASON);
    expect(result!.steps[2]!.durationMs).toBeLessThan(10_000);
    expect(result!.participants).toBeUndefined();
  });
});
