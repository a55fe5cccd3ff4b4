// `guest-console load`: a load run from the command line — N guests at a ramp rate for a duration (or a
// number of messages each), on a profile (its own sandbox for `--profile sandbox`), with a progress line
// on a terminal and plain lines in CI, the result saved as JSON (and CSV) and optionally copied to --json.
// A scenario file may give the message script: its `say` steps, in order (expectations are not checked
// under load). A share of the guests may be AI guests (--ai-share, --ai-goal…): the summary prints their tokens,
// cost estimate and why they stopped. Against a real org, more than a few guests need --approved. What came from
// files or the network is printed without control characters.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadAiSnapshot } from '../../../shared/load-contract';
import { LoadPlanSchema, UNAPPROVED_GUEST_LIMIT, type LoadAiPlanInput } from '../../../shared/load-plan';
import { ConsoleError } from '../../engine/console-error';
import { webMessagingEndpoints } from '../../engine/genesys/endpoints';
import { artilleryScript } from '../../engine/load/artillery-export';
import { toView } from '../../engine/load/load-result-store';
import { DEMO_ORG } from '../../sandbox/demo-org';
import { scenarioEnvironment } from '../../engine/scenarios/scenario-environment';
import { parseScenario } from '../../engine/scenarios/scenario-parser';
import { findProfile } from '../../engine/scenarios/scenario-profile';
import { EXIT, openCommandEngine, secretsByName, type CommandContext } from './run-command';
import { printableLine } from './terminal-text';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface LoadOptions {
  scenario?: string;
  profile: string;
  guests: number;
  rampPerSecond: number;
  durationSec?: number;
  messagesPerGuest?: number;
  thinkTimeMs: number;
  messages?: string[];
  channel: 'webmessaging' | 'openmessaging';
  approved: boolean;
  json?: string;
  dataDir?: string;
  /** Write an Artillery script for this run instead of running it. */
  exportArtillery?: string;
  /** With --profile sandbox and --export-artillery: the base URL of a running `npm run sandbox`. */
  sandboxUrl?: string;
  /** A share of the guests played by the AI model. */
  ai?: LoadAiPlanInput;
}

/** The `say` texts of a scenario, in order: the message script of a scenario-driven load run. */
function sayTextsOf(file: string, env: NodeJS.ProcessEnv): { ok: true; texts: string[] } | { ok: false; problems: string[] } {
  const parsed = parseScenario(fs.readFileSync(file, 'utf8'), { baseDirectory: path.dirname(file), environment: scenarioEnvironment(env) });
  if (!parsed.ok) return { ok: false, problems: parsed.problems.map((problem) => `${file}:${problem.line}:${problem.column}: ${problem.message}`) };
  const texts = parsed.scenario.steps.flatMap((step) => (step.type === 'act' && step.act.kind === 'say' ? [step.act.text] : []));
  return texts.length > 0 ? { ok: true, texts } : { ok: false, problems: [`${file}: the scenario has no "say" steps to send under load.`] };
}

export async function loadCommand(options: LoadOptions, context: CommandContext): Promise<number> {
  const { stdout, stderr } = context;
  let messages = options.messages;
  if (options.scenario) {
    const file = path.resolve(context.cwd, options.scenario);
    if (!fs.existsSync(file)) {
      stderr.write(`${printableLine(`No scenario file ${options.scenario}.`)}\n`);
      return EXIT.usage;
    }
    const texts = sayTextsOf(file, context.env);
    if (!texts.ok) {
      for (const problem of texts.problems) stderr.write(`${printableLine(problem)}\n`);
      return EXIT.usage;
    }
    messages = texts.texts;
  }
  if (options.exportArtillery && options.ai) {
    stderr.write('An Artillery script sends the message script only; it cannot play AI guests. Leave out --ai-share to export.\n');
    return EXIT.usage;
  }
  if (options.exportArtillery && options.profile.toLowerCase() === 'sandbox' && !options.sandboxUrl) {
    stderr.write('An exported script needs a sandbox that outlives this command: start `npm run sandbox` and pass its address with --sandbox-url.\n');
    return EXIT.usage;
  }
  const { engine, sandbox } = await openCommandEngine(options.profile, options.dataDir, context, { startSandbox: !options.exportArtillery });
  try {
    const profile = findProfile(engine.profiles.list(), options.profile);
    if (!profile) {
      stderr.write(`${printableLine(`No profile named "${options.profile}" (or "sandbox").`)}\n`);
      return EXIT.usage;
    }
    secretsByName(engine, profile.id, profile.name, context.env);
    const plan = LoadPlanSchema.safeParse({
      profileId: profile.id,
      channel: options.channel,
      guests: options.guests,
      rampPerSecond: options.rampPerSecond,
      thinkTimeMs: options.thinkTimeMs,
      ...(options.durationSec !== undefined ? { durationSec: options.durationSec } : {}),
      ...(options.messagesPerGuest !== undefined ? { messagesPerGuest: options.messagesPerGuest } : {}),
      ...(messages ? { messages } : {}),
      ...(options.ai ? { ai: options.ai } : {}),
    });
    if (!plan.success) {
      for (const issue of plan.error.issues) stderr.write(`${printableLine(`${issue.path.join('.') || 'plan'}: ${issue.message}`)}\n`);
      return EXIT.usage;
    }
    if (options.exportArtillery) {
      const sandboxUrls = options.sandboxUrl ? { baseUrl: options.sandboxUrl, wsUrl: options.sandboxUrl.replace(/^http/, 'ws') } : null;
      const target = {
        endpoints: webMessagingEndpoints(profile, sandboxUrls),
        deploymentId: profile.webMessaging.deploymentId || DEMO_ORG.deploymentId,
        ...(profile.webMessaging.origin ? { origin: profile.webMessaging.origin } : {}),
      };
      const file = path.resolve(context.cwd, options.exportArtillery);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, artilleryScript(plan.data, target));
      stdout.write(`Artillery script written to ${file}. Run it with: NODE_PATH=${path.resolve(REPO_ROOT, 'packages')} artillery run ${file}\n`);
      return EXIT.passed;
    }
    const limits = engine.load.limits(profile.id);
    stdout.write(
      `Load run: ${plan.data.guests} guests on ${printableLine(profile.name)} (${plan.data.channel}), ramp ${plan.data.rampPerSecond}/s; ` +
        `limits: ${limits.messagesPerSecondPerSession} messages/s per guest, ${limits.platformRequestsPerMinute} Platform API requests/min per profile` +
        `${limits.isSandbox ? '' : `, more than ${UNAPPROVED_GUEST_LIMIT} guests need --approved`}.\n`,
    );
    let started: Awaited<ReturnType<typeof engine.load.start>>;
    try {
      started = await engine.load.start(plan.data, options.approved);
    } catch (error) {
      stderr.write(`${printableLine((error as Error).message)}${error instanceof ConsoleError && error.kind === 'Forbidden' ? ' Pass --approved to confirm.' : ''}\n`);
      return EXIT.usage;
    }
    for (const note of started.notes) stderr.write(`${printableLine(note)}\n`);
    const tty = Boolean((stdout as { isTTY?: boolean }).isTTY);
    const unsubscribe = engine.bus.subscribe((event, payload) => {
      if (event !== 'load.progress') return;
      const { snapshot, state } = payload as {
        state: string;
        snapshot: { guestsActive: number; sent: number; answered: number; latency: { p95?: number }; elapsedMs: number; ai?: LoadAiSnapshot };
      };
      const tokens = snapshot.ai ? ` · AI tokens ${snapshot.ai.tokens.total}/${snapshot.ai.tokenBudget}` : '';
      const line = `${state} ${Math.round(snapshot.elapsedMs / 1000)}s · active ${snapshot.guestsActive} · sent ${snapshot.sent} · answered ${snapshot.answered} · p95 ${snapshot.latency.p95 ?? '—'} ms${tokens}`;
      stdout.write(tty ? `\r${line.padEnd(90)}` : `${line}\n`);
    });
    const stop = () => engine.load.stop(started.runId);
    process.once('SIGINT', stop);
    const result = await started.done;
    process.off('SIGINT', stop);
    unsubscribe();
    if (tty) stdout.write('\n');
    const snapshot = result.snapshot;
    const errors = Object.values(snapshot.errors).reduce((sum, count) => sum + count, 0);
    stdout.write(
      `${result.state}: ${snapshot.sent} sent, ${snapshot.answered} answered, ${errors} error(s), ${snapshot.rateLimited} rate-limited; ` +
        `reply p50 ${snapshot.latency.p50 ?? '—'} ms, p95 ${snapshot.latency.p95 ?? '—'} ms, p99 ${snapshot.latency.p99 ?? '—'} ms\n`,
    );
    if (snapshot.ai) stdout.write(`${aiSummary(snapshot.ai)}\n`);
    const saved = engine.load.results().find((summary) => summary.id === result.id);
    if (saved) stdout.write(`${printableLine(`saved: ${saved.files.join(', ')}`)}\n`);
    if (options.json) {
      const target = path.resolve(context.cwd, options.json);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, `${JSON.stringify(toView(result), null, 2)}\n`);
    }
    return errors === 0 && snapshot.answered === snapshot.sent ? EXIT.passed : EXIT.failed;
  } finally {
    await engine.close();
    await sandbox?.close();
  }
}

/** The AI guests' line of the summary: how many, why they stopped, the tokens of the budget and the cost estimate. */
function aiSummary(ai: LoadAiSnapshot): string {
  const stops = Object.entries(ai.stopReasons).map(([reason, count]) => `${reason} ${count}`);
  const cost = ai.costEstimate !== undefined ? `; cost estimate ${ai.costEstimate.toFixed(4)} (at the AI settings' prices)` : '';
  return (
    `AI guests: ${ai.guests} (stopped: ${stops.join(', ') || 'none yet'}${ai.modelErrors > 0 ? `; ${ai.modelErrors} by a model error or timeout` : ''}); ` +
    `tokens ${ai.tokens.total} of ${ai.tokenBudget} (prompt ${ai.tokens.prompt}, completion ${ai.tokens.completion})${cost}`
  );
}
