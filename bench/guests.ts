// Guests benchmark: the project's load runner against the floor — the same guests written with plain `ws`
// (bench/floor-guests.ts) — each in its own process, against the same echo-agent sandbox in a third process.
// Both clients are bundled the same way (esbuild, one file each) and run with plain `node`, and take turns
// (the order swapped each round), so what differs is the client code alone. Figures per client process,
// start-up included: CPU per answered message and peak RSS, as the operating system counts them.
//   npx tsx bench/guests.ts              200 and 1,000 guests × 5 messages, 3 rounds each, medians
//   npx tsx bench/guests.ts --rounds 5   more rounds
//   npx tsx bench/guests.ts --quick      50 guests × 2 messages, 1 round
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { median } from './figures';
import type { ClientFigures, ClientPlan } from './guest-client';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const buildDirectory = path.join(root, '.tmp', 'bench');

export interface SandboxProcess {
  baseUrl: string;
  wsUrl: string;
  deploymentId: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The sandbox in a child process, with the echo agent. */
export async function startSandboxProcess(agent = 'echo'): Promise<SandboxProcess> {
  // Agents answer at once and the org's limit on new Guest WebSockets (1,000 a minute per deployment) is
  // lifted: rounds of 1,000 guests follow one another within a minute, and the figures are the client's cost.
  const args = ['--json', '--agent', agent, '--reply-latency', 'instant', '--connections-per-minute', '1000000'];
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron', 'sandbox', 'cli.ts'), ...args], {
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

export type ClientKind = 'floor' | 'runner';
const ENTRIES: Record<ClientKind, string> = { floor: 'floor-guests.ts', runner: 'runner-guests.ts' };

/** Both clients bundled the same way under .tmp/bench/<client>/ (ignored): ESM, split where code is imported
 *  on first need (as a shipped bundle is), run with plain `node`. */
export async function buildClients(): Promise<Record<ClientKind, string>> {
  const outputs = {} as Record<ClientKind, string>;
  for (const kind of Object.keys(ENTRIES) as ClientKind[]) {
    const outdir = path.join(buildDirectory, kind);
    rmSync(outdir, { recursive: true, force: true });
    await build({
      entryPoints: { [`${kind}-guests`]: path.join(here, ENTRIES[kind]) },
      outdir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
      // ws requires these optional native helpers only if they are installed.
      external: ['bufferutil', 'utf-8-validate'],
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    });
    outputs[kind] = path.join(outdir, `${kind}-guests.mjs`);
  }
  return outputs;
}

export interface GuestsPlan {
  guests: number;
  messagesPerGuest: number;
  rampPerSecond: number;
  thinkMs: number;
}

export interface ClientRun extends ClientFigures {
  client: ClientKind;
  cpuMsPerAnswer: number;
}

/** One client process, start to exit, against the sandbox. */
export function runClient(file: string, client: ClientKind, sandbox: SandboxProcess, plan: GuestsPlan): Promise<ClientRun> {
  const ws = new URL(sandbox.wsUrl);
  if (ws.pathname === '/' || ws.pathname === '') ws.pathname = '/v1';
  const args: ClientPlan = {
    baseUrl: sandbox.baseUrl,
    // The runner takes the sandbox's address as the console does; the floor is given the Guest API path.
    wsUrl: client === 'floor' ? ws.toString() : sandbox.wsUrl,
    deploymentId: sandbox.deploymentId,
    messages: ['bench one', 'bench two', 'bench three'],
    ...plan,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, JSON.stringify(args)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      const last = output.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) return reject(new Error(`the ${client} client exited with ${code}: ${output.slice(-500)}`));
      const figures = JSON.parse(last) as ClientFigures;
      resolve({ client, ...figures, cpuMsPerAnswer: (figures.cpuSeconds * 1000) / Math.max(1, figures.answered) });
    });
  });
}

export interface GuestsComparison {
  plan: GuestsPlan;
  rounds: number;
  floor: SideFigures;
  runner: SideFigures;
  /** runner / floor, of the medians. */
  ratios: { cpuPerAnswer: number; peakRss: number };
  runs: ClientRun[];
}

export interface SideFigures {
  answered: string;
  lost: number;
  errors: number;
  rateLimited: number;
  cpuMsPerAnswer: number;
  peakRssMb: number;
  cpuSeconds: number;
  p50Ms: number;
  p95Ms: number;
}

/** `rounds` runs of each client, taking turns (floor first in even rounds), and their medians. */
export async function compareClients(sandbox: SandboxProcess, plan: GuestsPlan, rounds: number, files?: Record<ClientKind, string>): Promise<GuestsComparison> {
  const built = files ?? (await buildClients());
  const runs: ClientRun[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const order: ClientKind[] = round % 2 === 0 ? ['floor', 'runner'] : ['runner', 'floor'];
    for (const client of order) runs.push(await runClient(built[client], client, sandbox, plan));
  }
  const side = (client: ClientKind): SideFigures => {
    const mine = runs.filter((run) => run.client === client);
    const expected = plan.guests * plan.messagesPerGuest;
    return {
      answered: `${Math.min(...mine.map((run) => run.answered))}/${expected}`,
      lost: Math.max(...mine.map((run) => expected - run.answered)),
      errors: Math.max(...mine.map((run) => run.errors)),
      rateLimited: Math.max(...mine.map((run) => run.rateLimited)),
      cpuMsPerAnswer: round3(median(mine.map((run) => run.cpuMsPerAnswer))),
      peakRssMb: round1(median(mine.map((run) => run.peakRssMb))),
      cpuSeconds: round3(median(mine.map((run) => run.cpuSeconds))),
      p50Ms: median(mine.map((run) => run.p50Ms)),
      p95Ms: median(mine.map((run) => run.p95Ms)),
    };
  };
  const floor = side('floor');
  const runner = side('runner');
  return {
    plan,
    rounds,
    floor,
    runner,
    ratios: { cpuPerAnswer: ratioOf(runner.cpuMsPerAnswer, floor.cpuMsPerAnswer), peakRss: ratioOf(runner.peakRssMb, floor.peakRssMb) },
    runs,
  };
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const round3 = (value: number) => Math.round(value * 1000) / 1000;
/** `ours / theirs` to two decimals (ratio() in figures.ts floors its baseline at 1, too coarse for ms per message). */
const ratioOf = (ours: number, theirs: number) => (theirs > 0 ? +(ours / theirs).toFixed(2) : 0);

function print(comparison: GuestsComparison): void {
  const { plan } = comparison;
  console.log(`\n${plan.guests} guests × ${plan.messagesPerGuest} messages, ramp ${plan.rampPerSecond}/s, think ${plan.thinkMs} ms — median of ${comparison.rounds} round(s)`);
  console.table(
    (['floor', 'runner'] as const).map((client) => {
      const side = comparison[client];
      return {
        client: client === 'floor' ? 'floor (plain ws)' : 'load runner (engine)',
        answered: side.answered,
        errors: side.errors,
        '429s': side.rateLimited,
        'CPU ms/answer': side.cpuMsPerAnswer,
        'CPU s': side.cpuSeconds,
        'peak RSS MB': side.peakRssMb,
        'p50 ms': side.p50Ms,
        'p95 ms': side.p95Ms,
      };
    }),
  );
  console.log(`load runner / floor: CPU per answered message ×${comparison.ratios.cpuPerAnswer}, peak RSS ×${comparison.ratios.peakRss}`);
}

async function main() {
  const quick = process.argv.includes('--quick');
  const roundsArg = process.argv.indexOf('--rounds');
  const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : quick ? 1 : 3;
  const sizes: [number, number][] = quick ? [[50, 2]] : [[200, 5], [1000, 5]];
  const files = await buildClients();
  const sandbox = await startSandboxProcess();
  try {
    console.log('Guests benchmark: echo agent, sandbox in its own process, each client in its own process (whole-process CPU and peak RSS, start-up included).');
    console.log('The machine is shared: other work on it moves both sides; compare the ratios, each from one run.');
    const comparisons: GuestsComparison[] = [];
    for (const [guests, messagesPerGuest] of sizes) {
      const comparison = await compareClients(sandbox, { guests, messagesPerGuest, rampPerSecond: 50, thinkMs: 200 }, rounds, files);
      print(comparison);
      comparisons.push(comparison);
    }
    mkdirSync(path.join(here, 'results'), { recursive: true });
    writeFileSync(
      path.join(here, 'results', quick ? 'guests.quick.json' : 'guests.json'),
      `${JSON.stringify({ mode: quick ? 'quick' : 'full', date: new Date().toISOString(), comparisons }, null, 2)}\n`,
    );
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
