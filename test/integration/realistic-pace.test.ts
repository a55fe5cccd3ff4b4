// The scenario runner and the load runner against the sandbox as the console runs it for demos: every agent at
// its script's own pace (Sandy a bot, 300-800 ms; Alex a person who reads, types and answers in seconds). They
// cope with the typing and the delays: the shipped every-kind scenario passes on both channels, and a small load
// run is answered in full, with latencies a bot's pace explains.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInSandboxProfile } from '../../electron/engine/profiles/profile-service';
import { LoadPlanSchema } from '../../shared/load-plan';
import { GuestConnector } from '../../electron/engine/genesys/guest-connector';
import { LoadRun } from '../../electron/engine/load/load-run';
import { scenarioEnvironment } from '../../electron/engine/scenarios/scenario-environment';
import { parseScenario } from '../../electron/engine/scenarios/scenario-parser';
import { ScenarioRunner } from '../../electron/engine/scenarios/scenario-runner';
import { PACE_RANGES } from '../../electron/sandbox/agents/reply-pace';
import { systemClock } from '../../electron/protocol/clock';
import { startRig, type Rig } from '../support/console-with-sandbox';

const root = path.resolve(__dirname, '..', '..');
let rig: Rig;

beforeAll(async () => {
  rig = await startRig({ replyLatency: 'script' });
});
afterAll(async () => rig?.close());

const SCENARIO = `
name: Realistic pace
channel: [webmessaging, openmessaging]
timeout: 12s
steps:
  - say: hello
  - expect: { contains: "Hello! I'm Sandy", from: Sandy }
  - say: quick
  - expect: { equals: Which do you prefer?, quickReplies: [Tea, Coffee, Water] }
  - choose: Tea
  - expect: { contains: "Good choice: Tea" }
  - say: order
  - expect: { unordered: [{ contains: Part 1 }, { contains: Part 2 }] }
  - say: transfer
  - expect: { agentLeft: Sandy }
  - expect: { agentJoined: Alex }
  - expect: { contains: Alex here }
  - say: echo slowly typed
  - expect: { equals: slowly typed, from: Alex }
  - say: bye
  - expect: { readOnly: true }
`;

describe('at the realistic pace', () => {
  it('runs a scenario through typing, delays, a transfer and a human reply on both channels', async () => {
    const environment = scenarioEnvironment({});
    const parsed = parseScenario(SCENARIO, { baseDirectory: path.join(root, 'scenarios', 'examples'), environment });
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
    const runner = new ScenarioRunner({ conversations: rig.engine.conversations, participants: rig.engine.participants, bus: rig.engine.bus, clock: systemClock });
    const startedAt = Date.now();
    const results = await Promise.all(
      parsed.scenario.channels.map((channel) => runner.run({ scenario: parsed.scenario, file: 'realistic.yaml', channel, profile: { id: 'sandbox', name: 'Sandbox' }, environment })),
    );
    for (const result of results) expect(result.failure, result.failure).toBeUndefined();
    expect(results.map((r) => r.status)).toEqual(['passed', 'passed']);
    // Five bot replies and a human one: not the 1 ms an instant sandbox takes.
    expect(Date.now() - startedAt).toBeGreaterThan(5 * PACE_RANGES.bot.waitMs[0] + PACE_RANGES.human.typingMs[0]);
  }, 90_000);

  it('answers every guest of a load run, at a bot-like latency', async () => {
    const { sandbox } = rig;
    const connector = new GuestConnector({ clock: systemClock, sandbox: { baseUrl: sandbox.baseUrl, wsUrl: sandbox.wsUrl }, openMessaging: null });
    const profile = builtInSandboxProfile(sandbox.org);
    const plan = LoadPlanSchema.parse({
      profileId: 'sandbox',
      channel: 'webmessaging',
      guests: 10,
      rampPerSecond: 20,
      thinkTimeMs: 100,
      messagesPerGuest: 2,
      messages: ['echo one', 'echo two'],
      replyTimeoutMs: 10_000,
    });
    const run = new LoadRun({ id: 'realistic', plan, profile, connector, clock: systemClock, newId: randomUUID });
    const result = await run.run();
    expect(result.snapshot).toMatchObject({ guestsDone: 10, sent: 20, answered: 20, rateLimited: 0 });
    expect(result.snapshot.errors).toEqual({});
    expect(result.snapshot.latency.p50).toBeGreaterThanOrEqual(PACE_RANGES.bot.waitMs[0]);
  }, 60_000);
});
