// Scenarios as an attacker would write them, against the real sandbox: a file that reads a profile secret
// from the environment or sends a file from outside its folder is refused — from the console (contract)
// and from `guest-console run` — with problems by line and column, and nothing reaches the agent. Runs
// from the console read GUEST_CONSOLE_VAR_ variables only when allowed. An alias bomb is listed with its
// problem and can be removed; scenario files are private; the CLI prints no control characters.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ContractError } from '../../shared/contract';
import type { ScenarioFile, ScenarioRunResult } from '../../shared/scenario-contract';
import { main } from '../../electron/host/cli/guest-console-cli';
import type { CommandContext } from '../../electron/host/cli/run-command';
import type { ControlFeedEvent } from '../../electron/sandbox/control';
import { agentTexts, call, startRig, threadOf, type Rig } from '../support/console-with-sandbox';
import { makeTempDir } from '../support/temp-dir';

const ENV_SECRET = 'env-client-secret-7f3a9c';
const VAULT_SECRET = 'vault-client-secret-51d2e8';
const PLANTED = {
  GUEST_CONSOLE_ACME_CLIENT_SECRET: ENV_SECRET,
  GUEST_CONSOLE_VAR_DRINK: 'Coffee',
  GUEST_CONSOLE_VAR_COPY: ENV_SECRET,
  GUEST_CONSOLE_VAR_VAULT_COPY: VAULT_SECRET,
};

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
  Object.assign(process.env, PLANTED);
  const acme = await call<{ id: string }>(rig.engine, 'profiles.save', { name: 'Acme', region: 'eu-west-1', webMessaging: { deploymentId: 'dep-1' } });
  await call(rig.engine, 'profiles.setSecret', { profileId: acme.id, kind: 'clientSecret', value: VAULT_SECRET });
});
afterAll(async () => {
  for (const name of Object.keys(PLANTED)) delete process.env[name];
  await rig?.close();
});

/** What reaches the sandbox's agent while `act` runs: conversations and activity. */
async function agentActivityDuring(act: () => Promise<void>): Promise<{ events: ControlFeedEvent[]; newConversations: number }> {
  const before = rig.sandbox.control.listConversations().length;
  const events: ControlFeedEvent[] = [];
  const stop = rig.sandbox.control.watch((event) => events.push(event));
  try {
    await act();
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    stop();
  }
  return { events, newConversations: rig.sandbox.control.listConversations().length - before };
}

async function runRefused(request: Record<string, unknown>): Promise<ContractError> {
  const result = await rig.engine.dispatcher.dispatch('scenarios.run', { profileId: 'sandbox', channel: 'webmessaging', ...request });
  if (result.ok) throw new Error('the run was expected to be refused');
  return result.error;
}

const LEAKY = [
  'name: Leaky',
  'steps:',
  '  - say: "echo ${env.GUEST_CONSOLE_ACME_CLIENT_SECRET}"',
  '  - say: "echo ${env.GUEST_CONSOLE_VAR_COPY}"',
  '  - say: "echo ${env.GUEST_CONSOLE_VAR_VAULT_COPY}"',
  '  - say: "echo ${env.HOME}"',
  '  - attachment: { file: ../../../../etc/hostname }',
  '  - attachment: { file: /etc/hostname }',
  '',
].join('\n');

const BOMB = ['name: Laughs', 'a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'steps: [{ attributes: { k: *c } }]', ''].join('\n');

describe('scenarios from the console', () => {
  it('refuse secrets and files outside the folder with problems by line and column, and send nothing', async () => {
    const saved = await call<ScenarioFile>(rig.engine, 'scenarios.save', { fileName: 'leaky.yaml', source: LEAKY });
    expect(saved.problems.map((problem) => `${problem.line}:${problem.column}`)).toEqual(['3:10', '4:10', '5:10', '6:10', '7:19', '8:19']);

    let error: ContractError | undefined;
    const activity = await agentActivityDuring(async () => {
      error = await runRefused({ fileName: 'leaky.yaml', allowEnv: true });
    });
    expect(activity).toEqual({ events: [], newConversations: 0 });
    expect(error!.kind).toBe('InvalidRequest');
    expect(error!.message).toMatch(/^leaky\.yaml has 6 problem\(s\); nothing ran\. First: line 3, column 10: `\$\{env\.GUEST_CONSOLE_ACME_CLIENT_SECRET\}` names a profile secret's variable/);
    expect(error!.issues).toEqual([
      { path: 'line 3, column 10', message: "`${env.GUEST_CONSOLE_ACME_CLIENT_SECRET}` names a profile secret's variable; scenarios never read secrets" },
      { path: 'line 4, column 10', message: 'the environment variable GUEST_CONSOLE_VAR_COPY holds the value of a profile secret; scenarios never read secrets' },
      { path: 'line 5, column 10', message: 'the environment variable GUEST_CONSOLE_VAR_VAULT_COPY holds the value of a profile secret; scenarios never read secrets' },
      { path: 'line 6, column 10', message: expect.stringContaining('`${env.HOME}` is not a scenario variable') },
      { path: 'line 7, column 19', message: expect.stringContaining("the file ../../../../etc/hostname is outside the scenario's folder") },
      { path: 'line 8, column 19', message: expect.stringContaining('the file /etc/hostname is an absolute path') },
    ]);
    expect(JSON.stringify([saved, error])).not.toMatch(new RegExp(`${ENV_SECRET}|${VAULT_SECRET}`));
    expect(await call<unknown[]>(rig.engine, 'conversations.list', {})).toEqual([]);
  });

  it('read GUEST_CONSOLE_VAR_ variables only when the run allows it', async () => {
    await call(rig.engine, 'scenarios.save', { fileName: 'drink.yaml', source: 'name: Drink\nsteps:\n  - say: "echo my drink is ${env.GUEST_CONSOLE_VAR_DRINK}"\n  - expect: { equals: my drink is Coffee }\n' });

    const refused = await agentActivityDuring(async () => {
      const error = await runRefused({ fileName: 'drink.yaml' });
      expect(error.issues).toEqual([{ path: 'line 3, column 10', message: expect.stringMatching(/^`\$\{env\.GUEST_CONSOLE_VAR_DRINK\}`: this run reads no environment variables/) }]);
    });
    expect(refused).toEqual({ events: [], newConversations: 0 });

    const [queued] = await call<ScenarioRunResult[]>(rig.engine, 'scenarios.run', { fileName: 'drink.yaml', profileId: 'sandbox', channel: 'webmessaging', allowEnv: true });
    await expect.poll(async () => (await call<ScenarioRunResult[]>(rig.engine, 'scenarios.runs', {})).find((run) => run.id === queued!.id)?.status, { timeout: 20_000 }).toBe('passed');
    const run = (await call<ScenarioRunResult[]>(rig.engine, 'scenarios.runs', {})).find((each) => each.id === queued!.id)!;
    expect(agentTexts(await threadOf(rig.engine, run.conversationId!))).toContain('my drink is Coffee');
  });

  it.skipIf(process.platform === 'win32')('do not send a file that became a link out of the folder after the run started', async () => {
    const folder = path.join(rig.dataDirectory, 'scenarios');
    fs.mkdirSync(path.join(folder, 'files'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'files', 'notes.txt'), 'order notes');
    fs.writeFileSync(path.join(rig.dataDirectory, 'private.txt'), 'not for the agent');
    await call(rig.engine, 'scenarios.save', { fileName: 'swap.yaml', source: 'name: Swap\nsteps:\n  - say: hello\n  - wait: 1500ms\n  - attachment: { file: files/notes.txt }\n' });
    const [queued] = await call<ScenarioRunResult[]>(rig.engine, 'scenarios.run', { fileName: 'swap.yaml', profileId: 'sandbox', channel: 'webmessaging' });
    const runOf = async () => (await call<ScenarioRunResult[]>(rig.engine, 'scenarios.runs', {})).find((run) => run.id === queued!.id)!;
    await expect.poll(async () => (await runOf()).steps[1]?.status, { timeout: 15_000 }).toBe('running');
    fs.rmSync(path.join(folder, 'files', 'notes.txt'));
    fs.symlinkSync(path.join(rig.dataDirectory, 'private.txt'), path.join(folder, 'files', 'notes.txt'));
    await expect.poll(async () => (await runOf()).status, { timeout: 15_000 }).toBe('failed');
    const run = await runOf();
    expect(run.steps[2]).toMatchObject({ status: 'failed', actual: "the file files/notes.txt is a link to a file outside the scenario's folder; attachments stay inside it" });
    const items = await threadOf(rig.engine, run.conversationId!);
    expect(items.some((item) => item.content.some((content) => content.type === 'attachment'))).toBe(false);
    expect(agentTexts(items)).not.toContain('Thanks, I received your file.');
  });

  it('list an alias bomb with its problem, and remove it', async () => {
    const saved = await call<ScenarioFile>(rig.engine, 'scenarios.save', { fileName: 'laughs.yaml', source: BOMB });
    expect(saved.problems).toEqual([{ line: 5, column: 28, path: '', message: expect.stringContaining('the alias *c expands to too many values') }]);
    const listed = (await call<ScenarioFile[]>(rig.engine, 'scenarios.list', {})).find((file) => file.fileName === 'laughs.yaml');
    expect(listed).toMatchObject({ name: 'Laughs', problems: [{ line: 5 }] });
    expect((await runRefused({ fileName: 'laughs.yaml', allowEnv: true })).issues).toEqual([{ path: 'line 5, column 28', message: expect.stringContaining('billion laughs') }]);
    await call(rig.engine, 'scenarios.remove', { fileName: 'laughs.yaml' });
    expect((await call<ScenarioFile[]>(rig.engine, 'scenarios.list', {})).map((file) => file.fileName)).not.toContain('laughs.yaml');
  });

  it.skipIf(process.platform === 'win32')('keep scenario files private to the user, tightening what older versions made', async () => {
    const folder = path.join(rig.dataDirectory, 'scenarios');
    fs.chmodSync(folder, 0o755);
    fs.writeFileSync(path.join(folder, 'old.yaml'), 'name: Old\nsteps:\n  - say: hi\n', { mode: 0o644 });
    await call(rig.engine, 'scenarios.save', { fileName: 'old.yaml', source: 'name: Old\nsteps:\n  - say: hello\n' });
    await call(rig.engine, 'scenarios.save', { fileName: 'new.yaml', source: 'name: New\nsteps:\n  - say: hello\n' });
    expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
    for (const file of ['old.yaml', 'new.yaml']) expect(fs.statSync(path.join(folder, file)).mode & 0o777).toBe(0o600);
  });
});

describe('guest-console run', () => {
  let dir: ReturnType<typeof makeTempDir>;
  afterEach(() => dir?.remove());

  function cli(env: Record<string, string>, isTTY = false): { context: CommandContext; out: () => string; err: () => string } {
    let out = '';
    let err = '';
    return {
      context: {
        cwd: dir.path,
        env: { GUEST_CONSOLE_DATA_DIR: path.join(dir.path, 'home'), GUEST_CONSOLE_SANDBOX_REPLY_LATENCY: 'instant', ...env },
        stdout: { write: (text) => void (out += text), isTTY, rows: 40 },
        stderr: { write: (text) => void (err += text) },
        version: '0.0.0-test',
      },
      out: () => out,
      err: () => err,
    };
  }

  it('refuses secrets and files outside the folder with file:line:column problems, and starts nothing', async () => {
    dir = makeTempDir();
    fs.mkdirSync(path.join(dir.path, 'suite'));
    fs.writeFileSync(path.join(dir.path, 'suite', 'leaky.yaml'), LEAKY);
    fs.writeFileSync(path.join(dir.path, 'suite', 'fine.yaml'), 'name: Fine\nsteps:\n  - say: hello\n');
    const io = cli({ ...PLANTED, GUEST_CONSOLE_VAR_VAULT_COPY: 'not a secret here', HOME: '/home/someone' });
    const code = await main(['run', 'suite/*.yaml', '--profile', 'sandbox', '--data-dir', 'data'], io.context);
    expect(code).toBe(2);
    expect(io.err().split('\n')).toEqual([
      "suite/leaky.yaml:3:10: `${env.GUEST_CONSOLE_ACME_CLIENT_SECRET}` names a profile secret's variable; scenarios never read secrets",
      'suite/leaky.yaml:4:10: the environment variable GUEST_CONSOLE_VAR_COPY holds the value of a profile secret; scenarios never read secrets',
      expect.stringMatching(/^suite\/leaky\.yaml:6:10: `\$\{env\.HOME\}` is not a scenario variable: scenarios read only variables named GUEST_CONSOLE_VAR_… \(or, from the command line, names approved with --allow-env\)$/),
      expect.stringMatching(/^suite\/leaky\.yaml:7:19: the file \.\.\/\.\.\/\.\.\/\.\.\/etc\/hostname is outside the scenario's folder/),
      expect.stringMatching(/^suite\/leaky\.yaml:8:19: the file \/etc\/hostname is an absolute path/),
      '5 problem(s) in the scenario files; nothing ran.',
      '',
    ]);
    expect(io.out()).toBe('');
    expect(io.out() + io.err()).not.toContain(ENV_SECRET);
    // No engine was opened: no data folder, so no guest and no transcript.
    expect(fs.existsSync(path.join(dir.path, 'data'))).toBe(false);
  });

  it('refuses to approve a secret\'s variable with --allow-env', async () => {
    dir = makeTempDir();
    const io = cli({});
    expect(await main(['run', 'x.yaml', '--profile', 'sandbox', '--allow-env', 'TEAM,GUEST_CONSOLE_ACME_CLIENT_SECRET'], io.context)).toBe(2);
    expect(io.err()).toContain('--allow-env GUEST_CONSOLE_ACME_CLIENT_SECRET holds a profile secret; scenarios never read secrets.');
  });

  it('reports an alias bomb as a problem with its line instead of crashing', async () => {
    dir = makeTempDir();
    fs.writeFileSync(path.join(dir.path, 'laughs.yaml'), BOMB);
    const io = cli({});
    expect(await main(['run', 'laughs.yaml', '--profile', 'sandbox'], io.context)).toBe(2);
    expect(io.err()).toMatch(/^laughs\.yaml:5:28: the alias \*c expands to too many values[^\n]*\n1 problem\(s\) in the scenario files; nothing ran\.\n$/);
  });

  for (const isTTY of [false, true]) {
    it(`reads GUEST_CONSOLE_VAR_ and approved variables, and prints names and failures without control characters (${isTTY ? 'terminal' : 'CI log'})`, async () => {
      dir = makeTempDir();
      const hostile = 'evil\u001b[2J\u001b]0;owned\u0007\u202e.yaml';
      fs.writeFileSync(path.join(dir.path, hostile), 'name: "Evil \\e[31mred\\e[0m \\x9b2J"\nsteps:\n  - say: hello\n  - expect: { from: "\\e[1AAlex", timeout: 1s }\n');
      fs.writeFileSync(path.join(dir.path, 'vars.yaml'), 'name: Vars\nsteps:\n  - say: "echo ${env.GUEST_CONSOLE_VAR_DRINK} for ${env.TEAM}"\n  - expect: { equals: Coffee for QA }\n');
      const io = cli({ GUEST_CONSOLE_VAR_DRINK: 'Coffee', TEAM: 'QA' }, isTTY);
      const code = await main(['run', '*.yaml', '--profile', 'sandbox', '--channel', 'webmessaging', '--allow-env', 'TEAM', '--data-dir', 'data'], io.context);
      expect(code, io.out() + io.err()).toBe(1);
      expect(io.out()).toContain('scenarios: 1 passed, 1 failed, 0 could not run (2 runs)');
      expect(io.out()).toContain('Evil [31mred[0m 2J');
      expect(io.out()).toContain('expected: a reply from [1AAlex');
      const ownEscapes = isTTY ? /\u001b\[(2K|\d+A)/g : /^$/g;
      expect(io.out().replace(ownEscapes, '')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    });
  }
});
