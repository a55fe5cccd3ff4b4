// Guests benchmark: many concurrent Web Messaging guests against the sandbox on loopback, each
// exchanging a few messages with the echo agent, through the engine's load runner. The sandbox runs in
// its own process (`npm run sandbox`), so the CPU seconds and peak RSS measured here are the runner's
// alone. A 100-guest run in the same process is the baseline: per-guest costs are shown as ratios to it.
//   npx tsx bench/guests.ts            1,000 guests × 5 messages (and the 100-guest baseline)
//   npx tsx bench/guests.ts --quick    100 guests × 2 messages (and a 20-guest baseline)
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProfileSchema } from '../shared/contract';
import { LoadPlanSchema } from '../shared/load-plan';
import { systemClock } from '../electron/protocol/clock';
import { GuestConnector } from '../electron/engine/genesys/guest-connector';
import { LoadRun } from '../electron/engine/load/load-run';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

export interface SandboxProcess {
  baseUrl: string;
  wsUrl: string;
  deploymentId: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The sandbox in a child process, with the echo agent. */
export async function startSandboxProcess(agent = 'echo'): Promise<SandboxProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron', 'sandbox', 'cli.ts'), '--json', '--agent', agent], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf('\n');
      if (newline >= 0) resolve(buffer.slice(0, newline));
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}) before it started`)));
  });
  const info = JSON.parse(line) as { baseUrl: string; wsUrl: string; deploymentId: string };
  return {
    ...info,
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface GuestsFigures {
  guests: number;
  messagesPerGuest: number;
  sent: number;
  answered: number;
  errors: Record<string, number>;
  rateLimited: number;
  wallSeconds: number;
  messagesPerSecond: number;
  p50Ms?: number;
  p95Ms?: number;
  cpuSeconds: number;
  peakRssMb: number;
  cpuMsPerGuest: number;
  rssKbPerGuest: number;
}

export async function runGuests(sandbox: SandboxProcess, guests: number, messagesPerGuest: number): Promise<GuestsFigures> {
  const profile = ProfileSchema.parse({ id: 'sandbox', name: 'Sandbox', builtIn: true, region: 'sandbox', webMessaging: { deploymentId: sandbox.deploymentId } });
  const connector = new GuestConnector({ clock: systemClock, sandbox: { baseUrl: sandbox.baseUrl, wsUrl: sandbox.wsUrl }, openMessaging: null });
  const plan = LoadPlanSchema.parse({
    profileId: 'sandbox',
    channel: 'webmessaging',
    guests,
    rampPerSecond: 200,
    thinkTimeMs: 200,
    messagesPerGuest,
    messages: ['bench one', 'bench two', 'bench three'],
    replyTimeoutMs: 30_000,
  });
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await new LoadRun({ id: `bench-${guests}`, plan, profile, connector, clock: systemClock, newId: randomUUID }).run();
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const snapshot = result.snapshot;
  return {
    guests,
    messagesPerGuest,
    sent: snapshot.sent,
    answered: snapshot.answered,
    errors: snapshot.errors,
    rateLimited: snapshot.rateLimited,
    wallSeconds: round(wallSeconds, 2),
    messagesPerSecond: round(snapshot.answered / wallSeconds, 1),
    ...(snapshot.latency.p50 !== undefined ? { p50Ms: Math.round(snapshot.latency.p50) } : {}),
    ...(snapshot.latency.p95 !== undefined ? { p95Ms: Math.round(snapshot.latency.p95) } : {}),
    cpuSeconds: round(cpuSeconds, 2),
    peakRssMb: round(peakRss / 1024 / 1024, 1),
    cpuMsPerGuest: round((cpuSeconds * 1000) / guests, 2),
    rssKbPerGuest: round(Math.max(0, peakRss - rssBefore) / 1024 / guests, 1),
  };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

async function main() {
  const quick = process.argv.includes('--quick');
  const [baselineGuests, guests, messages] = quick ? [20, 100, 2] : [100, 1000, 5];
  const sandbox = await startSandboxProcess();
  try {
    const baseline = await runGuests(sandbox, baselineGuests, messages);
    const full = await runGuests(sandbox, guests, messages);
    const rows = [baseline, full].map((figures) => ({
      guests: figures.guests,
      'msgs/guest': figures.messagesPerGuest,
      answered: `${figures.answered}/${figures.sent}`,
      errors: Object.values(figures.errors).reduce((sum, count) => sum + count, 0),
      'msgs/s': figures.messagesPerSecond,
      'p50 ms': figures.p50Ms,
      'p95 ms': figures.p95Ms,
      'CPU s': figures.cpuSeconds,
      'peak RSS MB': figures.peakRssMb,
      'CPU ms/guest': figures.cpuMsPerGuest,
      'RSS KB/guest': figures.rssKbPerGuest,
    }));
    console.log(`Guests benchmark (${quick ? 'quick' : 'full'}): echo agent, sandbox in its own process, runner figures are this process's`);
    console.table(rows);
    console.log(
      `Per-guest cost at ${guests} vs ${baselineGuests} guests: CPU ×${round(full.cpuMsPerGuest / Math.max(0.01, baseline.cpuMsPerGuest), 2)}, ` +
        `p95 latency ×${round((full.p95Ms ?? 0) / Math.max(1, baseline.p95Ms ?? 1), 2)}`,
    );
    mkdirSync(path.join(here, 'results'), { recursive: true });
    writeFileSync(path.join(here, 'results', quick ? 'guests.quick.json' : 'guests.json'), `${JSON.stringify({ mode: quick ? 'quick' : 'full', date: new Date().toISOString(), baseline, full }, null, 2)}\n`);
  } finally {
    await sandbox.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
