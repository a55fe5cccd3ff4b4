// The benchmarks that need a browser keep working: their smallest versions run here and are checked for
// completeness, never for times. (The guests benchmark's smoke run is in the integration tier.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliStart } from '../../bench/cli-start';
import { coldStart } from '../../bench/cold-start';
import { threadRender } from '../../bench/thread-render';

const root = path.resolve(__dirname, '..', '..');

describe('benchmark smoke runs', () => {
  it('cold start: both the baseline and the console reach their first frame', async () => {
    const figures = await coldStart(1);
    expect(figures.rounds).toBe(1);
    expect(figures.baseline.toFrameMs).toBeGreaterThan(0);
    expect(figures.console.toFrameMs).toBeGreaterThanOrEqual(figures.console.toUrlMs);
  }, 180_000);

  it('CLI start-up: the bin answers --help (built first when stale) and node -e 0 runs, both measured', () => {
    const figures = cliStart(1);
    expect(figures.cli.wallMs).toBeGreaterThan(0);
    expect(figures.baseline.wallMs).toBeGreaterThan(0);
    expect(figures.ratios.wall).toBeGreaterThan(0);
  }, 180_000);

  it('thread render: both threads open at their newest message, scroll as many frames with only a window of rows drawn, and reach the start', async () => {
    const figures = await threadRender({ rounds: 1, messages: 600, baselineMessages: 200, scrollFrames: 100 });
    for (const [side, messages] of [[figures.thread, 600], [figures.baseline, 200]] as const) {
      expect(side.messages).toBe(messages);
      expect(side.reachedStart).toBe(true);
      expect(side.firstRenderMs).toBeGreaterThan(0);
      expect(side.scrollSteps).toBe(100);
      expect(side.mostRowsInDom).toBeGreaterThan(0);
      expect(side.mostRowsInDom).toBeLessThan(100);
    }
  }, 180_000);

  it('poller: the quick run and the idle timeline deliver every agent reply to every side and write their figures', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'poller.ts'), '--quick'], { cwd: root, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const figures = JSON.parse(fs.readFileSync(path.join(root, 'bench', 'results', 'poller.quick.json'), 'utf8')) as {
      mode: string;
      rows: { 'agent msgs': string }[];
      idleTimeline: { rows: { side: string; 'agent msgs': string }[] };
    };
    expect(figures.mode).toBe('quick');
    expect(figures.idleTimeline.rows.map((row) => row.side)).toEqual(['webhook (engine)', 'adaptive poller (engine)', 'baseline: full read every 2 s']);
    for (const row of [...figures.rows, ...figures.idleTimeline.rows]) {
      const [delivered, sent] = row['agent msgs'].split('/').map(Number);
      expect(delivered).toBe(sent);
    }
  }, 180_000);
});
