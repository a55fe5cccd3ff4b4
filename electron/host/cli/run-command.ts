// `guest-console run`: expand the files and globs, parse every scenario (any problem → all problems with
// file:line:column, exit 2, nothing runs), start an engine — on the user's profiles, with its own sandbox
// for `--profile sandbox` — run every scenario on every channel it names, show progress, write JUnit and
// JSON reports. Transcripts go to the console's data folder (GUEST_CONSOLE_DATA_DIR, else the one Electron
// uses) unless --data-dir names another, so the console shows what the CLI did. `${env.X}` reads
// GUEST_CONSOLE_VAR_ variables and those named with --allow-env, never a secret (scenario-environment.ts);
// whatever came from files, agents or the network is printed without control characters. `ai` and `judge` steps use
// the model from GUEST_CONSOLE_AI_BASE_URL / _MODEL / _API_KEY (or the data folder's AI settings) and the data
// folder's saved personas; the key only ever travels to the model server.
import fs from 'node:fs';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { Channel } from '../../../shared/contract';
import { createConsoleEngine, type ConsoleEngine } from '../../engine/console/console-engine';
import { createConfBackend } from '../../engine/profiles/conf-backend';
import { createEnvironmentVault, secretEnvName } from '../../engine/profiles/secret-vault';
import { jobsFor, runScenarioJobs } from '../../engine/scenarios/scenario-batch';
import { scenarioEnvironment } from '../../engine/scenarios/scenario-environment';
import { parseScenario } from '../../engine/scenarios/scenario-parser';
import { findProfile } from '../../engine/scenarios/scenario-profile';
import { jsonReport, junitReport, totalsOf, type InvalidScenarioFile } from '../../engine/scenarios/scenario-reports';
import { ScenarioRunner } from '../../engine/scenarios/scenario-runner';
import type { SavedAiPersona } from '../../engine/scenarios/scenario-ai';
import type { Scenario } from '../../engine/scenarios/scenario';
import { systemClock } from '../../protocol/clock';
import { createSandbox, replyLatencyFromEnvironment, SandboxStartError, type Sandbox } from '../../sandbox';
import { defaultDataDirectory } from '../data-directory';
import { EXIT } from './exit-codes';
import { progressDisplay, type Output } from './progress-display';
import { printableLine } from './terminal-text';

export { EXIT };

export interface RunOptions {
  patterns: string[];
  profile: string;
  parallel: number;
  channel?: Channel;
  /** Environment variables the user approved for `${env.X}` besides GUEST_CONSOLE_VAR_ ones (never secrets). */
  allowEnv?: string[];
  junit?: string;
  json?: string;
  dataDir?: string;
  /** With --profile sandbox: the agent script the sandbox's conversations start with (e.g. bot-flow). */
  sandboxAgent?: string;
}

export interface CommandContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: Output;
  stderr: Output;
  version: string;
}

export async function runCommand(options: RunOptions, context: CommandContext): Promise<number> {
  const { stderr } = context;
  const files = await expand(options.patterns, context.cwd);
  if (files.length === 0) {
    stderr.write(`${printableLine(`No scenario files matched ${options.patterns.join(' ')} (from ${context.cwd}).`)}\n`);
    return EXIT.usage;
  }
  const environment = scenarioEnvironment(context.env, { approved: options.allowEnv ?? [] });
  const loaded: { file: string; scenario: Scenario }[] = [];
  const invalidFiles: InvalidScenarioFile[] = [];
  for (const file of files) {
    const absolute = path.resolve(context.cwd, file);
    let source: string;
    try {
      source = fs.readFileSync(absolute, 'utf8');
    } catch (error) {
      invalidFiles.push({ file, problems: [`${file}: the file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`] });
      continue;
    }
    const parsed = parseScenario(source, { baseDirectory: path.dirname(absolute), environment });
    if (parsed.ok) loaded.push({ file, scenario: parsed.scenario });
    else invalidFiles.push({ file, problems: parsed.problems.map((problem) => `${file}:${problem.line}:${problem.column}: ${problem.message}`) });
  }
  if (invalidFiles.length > 0) {
    const problems = invalidFiles.flatMap((invalid) => invalid.problems);
    for (const problem of problems) stderr.write(`${printableLine(problem)}\n`);
    stderr.write(`${problems.length} problem(s) in the scenario files; nothing ran.\n`);
    // CI reads the report: the problems are failed tests there, not a missing file.
    if (options.junit) write(path.resolve(context.cwd, options.junit), junitReport([], { timestamp: new Date().toISOString(), invalidFiles }));
    return EXIT.usage;
  }

  const { engine, sandbox, dataDirectory } = await openCommandEngine(options.profile, options.dataDir, context, options.sandboxAgent ? { sandboxAgent: options.sandboxAgent } : {});
  try {
    const profile = findProfile(engine.profiles.list(), options.profile);
    if (!profile) {
      const names = engine.profiles
        .list()
        .map((candidate) => candidate.name)
        .join(', ');
      stderr.write(`${printableLine(`No profile named "${options.profile}". Profiles: ${names || 'none'} (or "sandbox").`)}\n`);
      return EXIT.usage;
    }
    secretsByName(engine, profile.id, profile.name, context.env);
    const runner = new ScenarioRunner({
      conversations: engine.conversations,
      participants: engine.participants,
      bus: engine.bus,
      clock: systemClock,
      ai: engine.ai,
      personas: async () => {
        const listed = await engine.dispatcher.dispatch('personas.list', {});
        return listed.ok ? (listed.data as SavedAiPersona[]) : [];
      },
    });
    const display = progressDisplay(context.stdout);
    const startedAt = new Date().toISOString();
    const results = await runScenarioJobs(jobsFor(loaded, options.channel), {
      runner,
      profile,
      environment,
      parallel: options.parallel,
      onUpdate: (result) => display.update(result),
    });
    display.finish(results);
    if (options.junit) write(path.resolve(context.cwd, options.junit), junitReport(results, { timestamp: startedAt }));
    if (options.json) write(path.resolve(context.cwd, options.json), jsonReport(results, { startedAt }));
    context.stdout.write(`${printableLine(`transcripts: ${path.join(dataDirectory, 'transcripts')}`)}\n`);
    return totalsOf(results).passed === results.length ? EXIT.passed : EXIT.failed;
  } finally {
    await engine.close();
    await sandbox?.close();
  }
}

async function expand(patterns: string[], cwd: string): Promise<string[]> {
  const found: string[] = [];
  for (const pattern of patterns) {
    if (!isDynamicPattern(pattern)) {
      if (fs.existsSync(path.resolve(cwd, pattern))) found.push(pattern);
      continue;
    }
    // An absolute pattern gives absolute paths, so messages name the files the way the user did.
    found.push(...(await glob(pattern, { cwd, onlyFiles: true, absolute: path.isAbsolute(pattern) })).sort());
  }
  return [...new Set(found)];
}

/**
 * The engine a command runs on: the given data folder or the console's (its profiles, transcripts and load
 * results), secrets from the environment, and its own sandbox when the profile is "sandbox" (unless told not
 * to). That sandbox keeps its org in <data>/sandbox/ like the console's; while a running console holds that
 * folder, the command's sandbox keeps nothing rather than refuse to run (a note on stderr says so).
 */
export async function openCommandEngine(
  profileName: string,
  dataDir: string | undefined,
  context: CommandContext,
  options: { startSandbox?: boolean; sandboxAgent?: string } = {},
): Promise<{ engine: ConsoleEngine; sandbox: Sandbox | null; dataDirectory: string }> {
  const dataDirectory = dataDir ? path.resolve(context.cwd, dataDir) : defaultDataDirectory(context.env);
  const wantsSandbox = profileName.toLowerCase() === 'sandbox' && (options.startSandbox ?? true);
  const sandbox: Sandbox | null = wantsSandbox ? await commandSandbox(dataDirectory, context, options.sandboxAgent) : null;
  const engine = createConsoleEngine({
    host: 'web',
    version: context.version,
    versions: { node: process.versions.node },
    dataDirectory,
    settings: createConfBackend(dataDirectory),
    vault: createEnvironmentVault(context.env),
    env: context.env,
    sandbox,
  });
  return { engine, sandbox, dataDirectory };
}

async function commandSandbox(dataDirectory: string, context: CommandContext, agent?: string): Promise<Sandbox> {
  // GUEST_CONSOLE_SANDBOX_REPLY_LATENCY=instant makes every agent answer at once (tests); unset, at its script's pace.
  const latency = replyLatencyFromEnvironment(context.env);
  if (latency instanceof Error) throw new SandboxStartError('OptionsInvalid', latency.message);
  const tuning = { ...latency, ...(agent ? { defaultAgentScript: agent } : {}) };
  try {
    return await createSandbox({ port: 0, credentialsDirectory: dataDirectory, stateDirectory: path.join(dataDirectory, 'sandbox'), ...tuning });
  } catch (error) {
    if (!(error instanceof SandboxStartError && error.kind === 'StateInUse')) throw error;
    context.stderr.write(`${printableLine(`${error.message} This run's sandbox keeps no org of its own.`)}\n`);
    return createSandbox({ port: 0, credentialsDirectory: dataDirectory, ...tuning });
  }
}

/** GUEST_CONSOLE_<PROFILE NAME>_CLIENT_SECRET works as well as the id-based name (profile ids are UUIDs). */
export function secretsByName(engine: ConsoleEngine, profileId: string, profileName: string, env: NodeJS.ProcessEnv): void {
  for (const kind of ['clientSecret', 'webhookSecret'] as const) {
    const byName = env[secretEnvName(profileName, kind)];
    if (byName && engine.profiles.secretStatus(profileId)[kind] === 'not set') engine.profiles.setSecret(profileId, kind, byName);
  }
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, 'utf8');
}

