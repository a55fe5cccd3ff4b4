// CLI start-up: `node bin/guest-console.mjs --help` (the package's bin, prebuilt in dist/node/cli/) against
// `node -e 0` in the same run, taking turns, each a whole process: wall time, CPU (user + system) and peak
// RSS as the operating system counts them (GNU time where it is installed; wall time only elsewhere).
// A warm-up round of each, not counted, first builds the bin if stale and warms the file cache.
//   npx tsx bench/cli-start.ts            15 rounds, medians
//   npx tsx bench/cli-start.ts --quick    3 rounds
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, ratio } from './figures';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const GNU_TIME = '/usr/bin/time';

interface ProcessRun {
  wallMs: number;
  cpuMs: number | null;
  peakRssMb: number | null;
}

/** One whole process, its output thrown away. */
function time(args: string[]): ProcessRun {
  const withTime = existsSync(GNU_TIME);
  const command = withTime ? GNU_TIME : process.execPath;
  const commandArgs = withTime ? ['-f', '%U %S %M', process.execPath, ...args] : args;
  const started = performance.now();
  const result = spawnSync(command, commandArgs, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  if (!withTime) return { wallMs, cpuMs: null, peakRssMb: null };
  const [user, system, maxRssKb] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number) as [number, number, number];
  return { wallMs, cpuMs: (user + system) * 1000, peakRssMb: maxRssKb / 1024 };
}

const summary = (runs: ProcessRun[]) => ({
  wallMs: Math.round(median(runs.map((run) => run.wallMs))),
  cpuMs: runs[0]?.cpuMs === null ? null : Math.round(median(runs.map((run) => run.cpuMs ?? 0))),
  peakRssMb: runs[0]?.peakRssMb === null ? null : +median(runs.map((run) => run.peakRssMb ?? 0)).toFixed(1),
});

export function cliStart(rounds: number) {
  const bin = [path.join(root, 'bin', 'guest-console.mjs'), '--help'];
  const bare = ['-e', '0'];
  time(bin);
  time(bare);
  const binRuns: ProcessRun[] = [];
  const bareRuns: ProcessRun[] = [];
  for (let round = 0; round < rounds; round += 1) {
    // Turns swapped each round, so a drift of the machine's speed falls on both.
    if (round % 2 === 0) {
      binRuns.push(time(bin));
      bareRuns.push(time(bare));
    } else {
      bareRuns.push(time(bare));
      binRuns.push(time(bin));
    }
  }
  const cli = summary(binRuns);
  const baseline = summary(bareRuns);
  return {
    rounds,
    baseline,
    cli,
    ratios: {
      wall: ratio(cli.wallMs, baseline.wallMs),
      ...(cli.cpuMs !== null && baseline.cpuMs !== null ? { cpu: ratio(cli.cpuMs, baseline.cpuMs) } : {}),
      ...(cli.peakRssMb !== null && baseline.peakRssMb !== null ? { peakRss: +(cli.peakRssMb / baseline.peakRssMb).toFixed(2) } : {}),
    },
  };
}

function main() {
  const quick = process.argv.includes('--quick');
  const figures = cliStart(quick ? 3 : 15);
  console.log(`CLI start-up, whole processes, median of ${figures.rounds} rounds (turns swapped each round)`);
  console.table([
    { process: 'baseline: node -e 0', 'wall ms': figures.baseline.wallMs, 'CPU ms': figures.baseline.cpuMs, 'peak RSS MB': figures.baseline.peakRssMb },
    { process: 'guest-console --help (node bin/guest-console.mjs)', 'wall ms': figures.cli.wallMs, 'CPU ms': figures.cli.cpuMs, 'peak RSS MB': figures.cli.peakRssMb },
  ]);
  console.log(`--help / node -e 0: wall ×${figures.ratios.wall}${figures.ratios.cpu !== undefined ? `, CPU ×${figures.ratios.cpu}` : ''}${figures.ratios.peakRss !== undefined ? `, peak RSS ×${figures.ratios.peakRss}` : ''}`);
  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(path.join(here, 'results', quick ? 'cli-start.quick.json' : 'cli-start.json'), `${JSON.stringify({ mode: quick ? 'quick' : 'full', date: new Date().toISOString(), ...figures }, null, 2)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
