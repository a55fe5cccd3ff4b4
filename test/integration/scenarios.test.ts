// Scenarios against the sandbox's default agent (Sandy), through the same ScenarioRunner the console and
// the CLI use: every step and expectation kind on both channels, out-of-order replies, a failure that
// shows expected, actual and the last replies; the CLI on the shipped examples with a JUnit report read
// back by an XML parser; invalid files refused before anything runs.
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioRunResult } from '../../shared/scenario-contract';
import { main } from '../../electron/host/cli/guest-console-cli';
import type { CommandContext } from '../../electron/host/cli/run-command';
import { scenarioEnvironment } from '../../electron/engine/scenarios/scenario-environment';
import { parseScenario } from '../../electron/engine/scenarios/scenario-parser';
import { ScenarioRunner } from '../../electron/engine/scenarios/scenario-runner';
import { systemClock } from '../../electron/protocol/clock';
import { startRig, type Rig } from '../support/console-with-sandbox';
import { makeTempDir } from '../support/temp-dir';

const root = path.resolve(__dirname, '..', '..');
let rig: Rig;
let runner: ScenarioRunner;
const environment = scenarioEnvironment({ GUEST_CONSOLE_VAR_DRINK: 'Coffee' });

beforeAll(async () => {
  rig = await startRig();
  runner = new ScenarioRunner({ conversations: rig.engine.conversations, participants: rig.engine.participants, bus: rig.engine.bus, clock: systemClock });
});
afterAll(async () => rig?.close());

function scenarioOf(text: string) {
  const parsed = parseScenario(text, { baseDirectory: path.join(root, 'scenarios', 'examples'), environment });
  if (!parsed.ok) throw new Error(parsed.problems.map((problem) => `${problem.line}: ${problem.message}`).join('\n'));
  return parsed.scenario;
}

async function runOn(text: string): Promise<ScenarioRunResult[]> {
  const scenario = scenarioOf(text);
  return Promise.all(scenario.channels.map((channel) => runner.run({ scenario, file: 'inline.yaml', channel, profile: { id: 'sandbox', name: 'Sandbox' }, environment })));
}

const EVERY_KIND = `
name: Every kind
channel: [webmessaging, openmessaging]
persona: { name: Kim Test, customAttributes: { tier: gold } }
timeout: 8s
steps:
  - typing: on
  - wait: 200ms
  - typing: off
  - attributes: { topic: testing }
  - say: { text: hello, attributes: { step: first } }
  - expect: { contains: "Hello! I'm Sandy", from: Sandy }
  - say: quick
  - expect: { equals: Which do you prefer?, quickReplies: [Tea, Coffee, Water] }
  - choose: \${env.GUEST_CONSOLE_VAR_DRINK}
  - expect: { matches: "/good choice: (?<drink>\\\\w+)/i" }
  - say: echo my drink is \${drink}
  - expect: { anyOf: [{ equals: nothing }, { equals: my drink is Coffee }] }
  - say: card
  - expect: { card: Sandbox Plus, buttons: [Buy now, Read more] }
  - choose: Buy now
  - expect: { contains: CARD_BUY }
  - say: carousel
  - expect: { carousel: [Small, Large] }
  - say: file
  - expect: { attachment: { name: price-list.txt, type: text/plain } }
  - attachment: { file: files/order-notes.txt }
  - expect: { equals: "Thanks, I received your file." }
  - say: order
  - expect: { unordered: [{ contains: Part 1 }, { contains: Part 2 }] }
  - expect: { noReply: 300ms }
  - say: transfer
  - expect: { agentLeft: Sandy }
  - expect: { agentJoined: Alex }
  - expect: { contains: Alex here }
  - reconnect: { offline: 300ms }
  - say: echo after the cut
  - expect: { equals: after the cut }
  - say: bye
  - expect: { readOnly: true }
  - startNew: true
  - say: echo again
  - expect: { equals: again }
  - close: true
  - expect: { ended: true }
`;

describe('scenarios against the sandbox', () => {
  it('run every step and expectation kind on Web Messaging and Open Messaging', async () => {
    const results = await runOn(EVERY_KIND);
    for (const result of results) {
      expect(result.failure, result.failure).toBeUndefined();
      expect(result.status).toBe('passed');
      expect(result.steps.every((step) => step.status === 'passed')).toBe(true);
      expect(result.conversationId).toBeTruthy();
    }
    expect(results.map((result) => result.channel)).toEqual(['webmessaging', 'openmessaging']);
    expect(results[1]!.platformConversationId).toMatch(/^[0-9a-f-]{36}$/);
    const order = results[0]!.steps.find((step) => step.label.startsWith('expect in any order'))!;
    expect(order.actual?.split('\n')).toEqual([expect.stringContaining('Part 2 of 2'), expect.stringContaining('Part 1 of 2')]);
    const frames = rig.engine.conversations.inspectorFrames(results[0]!.conversationId!);
    expect(frames.some((frame) => frame.direction === 'out' && frame.text.includes('Typing'))).toBe(true);
  });

  it('fail an expectation in arrival order with expected, actual and the last replies, and skip the rest', async () => {
    const [result] = await runOn(`
name: Strict order
steps:
  - expect: { contains: "Hi, I'm Sandy" }
  - say: order
  - expect: { contains: Part 1 }
  - expect: { contains: Part 2, timeout: 1s }
  - say: never sent
`);
    expect(result!.status).toBe('failed');
    expect(result!.steps.map((step) => step.status)).toEqual(['passed', 'passed', 'passed', 'failed', 'skipped']);
    const failed = result!.steps[3]!;
    expect(failed.expected).toBe('a reply containing "Part 2"');
    expect(failed.actual).toBe('nothing matching within 1s; no reply arrived since the previous step');
    expect(result!.failure).toContain('failed at step 4 (line 7): expect a reply containing "Part 2"');
    expect(result!.failure).toContain('  expected: a reply containing "Part 2"');
    expect(result!.failure).toMatch(/last replies seen:\n {4}Sandy: "Hi, I'm Sandy[^\n]*\n {4}Sandy: "Part 2 of 2[^\n]*\n {4}Sandy: "Part 1 of 2/);
    expect(result!.failure).toContain(`conversation: ${result!.conversationId}`);
  });
});

function capture(): { context: CommandContext; out: () => string; err: () => string; consoleData: string } {
  let out = '';
  let err = '';
  const consoleData = makeTempDir().path;
  return {
    context: { cwd: root, env: { ...process.env, GUEST_CONSOLE_DATA_DIR: consoleData, GUEST_CONSOLE_SANDBOX_REPLY_LATENCY: 'instant' }, stdout: { write: (text) => void (out += text) }, stderr: { write: (text) => void (err += text) }, version: '0.0.0-test' },
    out: () => out,
    err: () => err,
    consoleData,
  };
}

describe('guest-console run', () => {
  it('passes the shipped examples on both channels, counts a failing scenario, and writes JUnit and JSON', async () => {
    const dir = makeTempDir();
    try {
      const failing = path.join(dir.path, 'failing.yaml');
      fs.writeFileSync(failing, 'name: Wrong greeting\nsteps:\n  - say: hello\n  - expect: { equals: Goodbye, timeout: 1s }\n');
      const io = capture();
      const junit = path.join(dir.path, 'junit.xml');
      const json = path.join(dir.path, 'report.json');
      // Every example but ai-customer.yaml, which needs a model and runs in scenario-ai-cli.test.ts.
      const sandys = fs.readdirSync(path.join(root, 'scenarios', 'examples')).filter((name) => name.endsWith('.yaml') && name !== 'ai-customer.yaml').map((name) => `scenarios/examples/${name}`);
      const code = await main(['run', ...sandys, failing, '--profile', 'sandbox', '--parallel', '6', '--junit', junit, '--json', json, '--data-dir', dir.path], io.context);
      expect(code, io.out() + io.err()).toBe(1);
      expect(io.out()).toMatch(/^PASS {2}scenarios\/examples\/greeting-and-echo\.yaml › Greeting and echo \[openmessaging\] .*platform [0-9a-f-]{36}/m);
      expect(io.out()).toContain('scenarios: 12 passed, 1 failed, 0 could not run (13 runs)');

      const report = JSON.parse(fs.readFileSync(json, 'utf8')) as { totals: { passed: number; failed: number }; runs: ScenarioRunResult[] };
      const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(fs.readFileSync(junit, 'utf8'));
      expect(xml.testsuites).toMatchObject({ tests: '13', failures: '1', errors: '0' });
      const suites = [xml.testsuites.testsuite].flat() as { name: string; timestamp: string; testcase: unknown }[];
      expect(suites).toHaveLength(7);
      // Each suite has the time its own first run started; with 6 at a time and 13 runs, not all the same.
      const started = (file: string) => report.runs.filter((run) => run.file === file).map((run) => run.startedAt!).sort()[0];
      for (const suite of suites) expect(suite.timestamp).toBe(started(suite.name));
      expect(new Set(suites.map((suite) => suite.timestamp)).size).toBeGreaterThan(1);
      const cases = suites.flatMap((suite: { testcase: unknown }) => [suite.testcase].flat()) as { name: string; failure?: { message: string } }[];
      expect(cases).toHaveLength(13);
      expect(cases.filter((testcase) => testcase.failure).map((testcase) => testcase.name)).toEqual(['Wrong greeting [webmessaging]']);
      expect(cases.find((testcase) => testcase.failure)!.failure!.message).toContain('expect a reply equal to "Goodbye"');
      expect(report.totals).toMatchObject({ passed: 12, failed: 1 });
      expect(report.runs.filter((run) => run.file.startsWith('scenarios/examples/')).every((run) => run.status === 'passed')).toBe(true);
      // The participant-data example reports what the platform held at the end, in JSON and in its JUnit transcript.
      const participantRuns = report.runs.filter((run) => run.file.endsWith('participant-data.yaml'));
      expect(participantRuns).toHaveLength(2);
      for (const run of participantRuns) expect(run.participants?.find((p) => p.purpose === 'customer')?.attributes).toMatchObject({ Intent: 'Billing', accountId: 'A-1042' });
      expect(fs.readFileSync(junit, 'utf8')).toMatch(/participant data at the end: customer \(.*Intent/);
    } finally {
      dir.remove();
    }
  });

  it('exits 0 when every scenario passed, and keeps the transcript in the console\'s data folder', async () => {
    const io = capture();
    const code = await main(['run', 'scenarios/examples/out-of-order.yaml', '--profile', 'sandbox', '--channel', 'webmessaging'], io.context);
    expect(code, io.err()).toBe(0);
    expect(io.out()).toContain('scenarios: 1 passed, 0 failed');
    const transcripts = path.join(io.consoleData, 'transcripts');
    expect(io.out()).toContain(`transcripts: ${transcripts}`);
    expect(fs.readdirSync(transcripts).length).toBeGreaterThan(0);
    // Its sandbox keeps its org there as the console's does.
    expect(fs.existsSync(path.join(io.consoleData, 'sandbox'))).toBe(true);
  });

  it('refuses invalid files with file:line:column problems and runs nothing', async () => {
    const dir = makeTempDir();
    try {
      fs.writeFileSync(path.join(dir.path, 'good.yaml'), 'name: Fine\nsteps:\n  - say: hello\n');
      fs.writeFileSync(path.join(dir.path, 'bad.yaml'), 'name: Broken\nsteps:\n  - say: hello\n  - expect: { contians: Hello }\n  - wait: soon\n');
      const io = capture();
      fs.writeFileSync(path.join(dir.path, 'broken-yaml.yaml'), 'name: Unclosed\nsteps:\n  - say: "hello\n');
      const junit = path.join(dir.path, 'reports', 'junit.xml');
      const code = await main(['run', `${dir.path}/*.yaml`, '--profile', 'sandbox', '--junit', junit, '--data-dir', path.join(dir.path, 'data')], io.context);
      expect(code).toBe(2);
      expect(io.err()).toContain(`${dir.path}/bad.yaml:4:15: unknown key \`contians\` (did you mean \`contains\`?)`);
      expect(io.err()).toContain(`${dir.path}/bad.yaml:5:11: a duration like 500ms`);
      expect(io.err()).toMatch(/3 problem\(s\) in the scenario files; nothing ran\./);
      expect(io.out()).toBe('');
      expect(fs.existsSync(path.join(dir.path, 'data'))).toBe(false);
      // CI gets a report with each invalid file as a failed test, not "no report".
      const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(fs.readFileSync(junit, 'utf8'));
      expect(xml.testsuites).toMatchObject({ tests: '2', failures: '2', errors: '0' });
      const suites = [xml.testsuites.testsuite].flat() as { name: string; timestamp: string; testcase: { failure: { message: string; type: string; '#text': string } } }[];
      expect(suites.map((suite) => path.basename(suite.name)).sort()).toEqual(['bad.yaml', 'broken-yaml.yaml']);
      const bad = suites.find((suite) => suite.name.endsWith('/bad.yaml'))!;
      expect(bad.testcase.failure).toMatchObject({ type: 'InvalidScenario', message: expect.stringContaining('2 problem(s); nothing ran. First:') });
      expect(bad.testcase.failure['#text']).toContain('bad.yaml:5:11: a duration like 500ms');
      expect(suites.find((suite) => suite.name.endsWith('/broken-yaml.yaml'))!.testcase.failure['#text']).toMatch(/broken-yaml\.yaml:\d+:\d+: /);
      expect(Number.isNaN(Date.parse(bad.timestamp))).toBe(false);
    } finally {
      dir.remove();
    }
  });

  it('explains its usage', async () => {
    const io = capture();
    expect(await main(['--help'], io.context)).toBe(0);
    expect(io.out()).toMatch(/^Usage: guest-console run <files or globs…> --profile <name\|sandbox>/);
    expect(await main(['run', 'x.yaml'], io.context)).toBe(2);
    expect(io.err()).toContain('Choose a profile with --profile');
  });
});
