// The figures issue 19 asks for, each as ours against its baseline from the same run, with the target: read
// from what each benchmark wrote (bench/results/<name>.json), so bench/run.ts prints and keeps one table.

export interface Headline {
  figure: string;
  ours: string;
  baseline: string;
  ratio: number;
  /** The ratio must be at most this (for "× fewer" figures, at least). */
  target: string;
  met: 'yes' | 'no' | '—';
}

interface SideFigures {
  cpuMsPerAnswer: number;
  peakRssMb: number;
}
interface GuestsResult {
  comparisons: { plan: { guests: number }; rounds: number; floor: SideFigures; runner: SideFigures; ratios: { cpuPerAnswer: number; peakRss: number } }[];
}
interface StartResult {
  rounds: number;
  baseline: { toFrameMs: number };
  console: { toFrameMs: number };
}
interface CliResult {
  rounds: number;
  baseline: { wallMs: number; cpuMs: number | null };
  cli: { wallMs: number; cpuMs: number | null };
  ratios: { wall: number; cpu?: number };
}
interface ThreadSide {
  messages: number;
  firstRenderMs: number;
  longestFrameWhileScrollingMs: number;
}
interface ThreadResult {
  rounds: number;
  stalledRounds: number;
  thread: ThreadSide;
  baseline: ThreadSide;
  ratios: { firstRender: number; longestFrame: number };
}
interface IdleRow {
  side: string;
  'requests per msg': number;
  'p95 delay ms': number;
}
interface PollerResult {
  idleTimeline?: { rows: IdleRow[]; ratios: Record<'poller' | 'webhook', { fewerRequestsPerMessage: number; p95Delay: number }> };
}

const atMost = (ratio: number, limit: number) => ({ target: `≤ ×${limit}`, met: ratio <= limit ? ('yes' as const) : ('no' as const) });

export function headlines(results: Record<string, unknown>): Headline[] {
  const rows: Headline[] = [];
  const guests = results.guests as GuestsResult | undefined;
  for (const comparison of guests?.comparisons ?? []) {
    const size = `${comparison.plan.guests.toLocaleString('en')} guests`;
    rows.push({
      figure: `load: CPU per answered message, ${size} (median of ${comparison.rounds})`,
      ours: `${comparison.runner.cpuMsPerAnswer} ms`,
      baseline: `${comparison.floor.cpuMsPerAnswer} ms (floor client)`,
      ratio: comparison.ratios.cpuPerAnswer,
      ...(comparison.plan.guests >= 1000 ? atMost(comparison.ratios.cpuPerAnswer, 1.2) : { target: '(≤ ×1.2 at 1,000)', met: '—' as const }),
    });
    rows.push({
      figure: `load: peak RSS, ${size} (median of ${comparison.rounds})`,
      ours: `${comparison.runner.peakRssMb} MB`,
      baseline: `${comparison.floor.peakRssMb} MB (floor client)`,
      ratio: comparison.ratios.peakRss,
      ...(comparison.plan.guests >= 1000 ? atMost(comparison.ratios.peakRss, 1.3) : { target: '(≤ ×1.3 at 1,000)', met: '—' as const }),
    });
  }
  const cold = results['cold-start'] as StartResult | undefined;
  if (cold) {
    const ratio = +(cold.console.toFrameMs / Math.max(1, cold.baseline.toFrameMs)).toFixed(2);
    rows.push({
      figure: `web host cold start to first frame (median of ${cold.rounds})`,
      ours: `${cold.console.toFrameMs} ms`,
      baseline: `${cold.baseline.toFrameMs} ms (bare Node server)`,
      ratio,
      ...atMost(ratio, 2),
    });
  }
  const cli = results['cli-start'] as CliResult | undefined;
  if (cli) {
    rows.push({
      figure: `guest-console --help, wall (median of ${cli.rounds})`,
      ours: `${cli.cli.wallMs} ms`,
      baseline: `${cli.baseline.wallMs} ms (node -e 0)`,
      ratio: cli.ratios.wall,
      ...atMost(cli.ratios.wall, 4),
    });
    if (cli.ratios.cpu !== undefined) {
      rows.push({
        figure: `guest-console --help, CPU (median of ${cli.rounds})`,
        ours: `${cli.cli.cpuMs} ms`,
        baseline: `${cli.baseline.cpuMs} ms (node -e 0)`,
        ratio: cli.ratios.cpu,
        ...atMost(cli.ratios.cpu, 4),
      });
    }
  }
  const thread = results['thread-render'] as ThreadResult | undefined;
  if (thread) {
    const of = (side: ThreadSide) => `${side.messages.toLocaleString('en')} messages`;
    rows.push({
      figure: `thread: first render (median of ${thread.rounds}, ${thread.stalledRounds} stalled)`,
      ours: `${thread.thread.firstRenderMs} ms (${of(thread.thread)})`,
      baseline: `${thread.baseline.firstRenderMs} ms (${of(thread.baseline)})`,
      ratio: thread.ratios.firstRender,
      ...atMost(thread.ratios.firstRender, 1.2),
    });
    rows.push({
      figure: `thread: longest frame while scrolling (median of ${thread.rounds})`,
      ours: `${thread.thread.longestFrameWhileScrollingMs} ms (${of(thread.thread)})`,
      baseline: `${thread.baseline.longestFrameWhileScrollingMs} ms (${of(thread.baseline)})`,
      ratio: thread.ratios.longestFrame,
      ...atMost(thread.ratios.longestFrame, 1.2),
    });
  }
  const idle = (results.poller as PollerResult | undefined)?.idleTimeline;
  if (idle) {
    const baseline = idle.rows.find((row) => row.side.startsWith('baseline'));
    for (const [key, name] of [['poller', 'adaptive poller'], ['webhook', 'webhook']] as const) {
      const row = idle.rows.find((candidate) => candidate.side.startsWith(name));
      if (!row || !baseline) continue;
      rows.push({
        figure: `Open Messaging idle 10 min, ${name}: requests per message (× fewer)`,
        ours: `${row['requests per msg']}`,
        baseline: `${baseline['requests per msg']} (2 s full read)`,
        ratio: idle.ratios[key].fewerRequestsPerMessage,
        target: '(report)',
        met: '—',
      });
      rows.push({
        figure: `Open Messaging idle 10 min, ${name}: p95 delay`,
        ours: `${row['p95 delay ms']} ms`,
        baseline: `${baseline['p95 delay ms']} ms (2 s full read)`,
        ratio: idle.ratios[key].p95Delay,
        target: '(report)',
        met: '—',
      });
    }
  }
  return rows;
}
