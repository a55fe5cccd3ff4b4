// Thread rendering in Chromium: a 10,000-message conversation (a scripted page, so only the renderer is
// measured) — the time from choosing it in the list to its newest message on screen, and the longest
// main-thread task (Long Tasks API, ≥ 50 ms) and the longest frame while scrolling it from the end to the
// start in viewport-sized steps, one step per frame.
//   npx tsx bench/thread-render.ts            5 rounds, median
//   npx tsx bench/thread-render.ts --quick    1 round
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWebConsole } from '../electron/host/web';
import { installLongThread } from '../test/support/long-thread-page';
import { launchBrowser } from '../test/e2e-web/browser';
import { makeTempDir } from '../test/support/temp-dir';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const quick = process.argv.includes('--quick');
const rounds = quick ? 1 : 5;

if (!existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) {
  spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const dir = makeTempDir('guest-console-bench-');
const host = await startWebConsole({ dataDirectory: dir.path });
const browser = await launchBrowser();
const runs: { firstRenderMs: number; longestTaskMs: number; longestFrameMs: number; steps: number; rowsInDom: number }[] = [];
try {
  for (let round = 0; round < rounds; round += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // tsx keeps function names through a `__name` helper that the page does not have.
    await context.addInitScript({ content: `globalThis.__name = (target) => target; (${installLongThread.toString()})();` });
    const page = await context.newPage();
    await page.goto(host.url);
    const row = page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /Long Thread/ });
    await row.waitFor();
    const firstRenderMs = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const button = [...document.querySelectorAll<HTMLButtonElement>('.conversation-row')].find((candidate) => candidate.textContent?.includes('Long Thread'))!;
          const started = performance.now();
          button.click();
          const look = () => {
            const last = [...document.querySelectorAll('[role="log"] article')].some((article) => article.textContent?.includes('Message number 9999'));
            if (last) requestAnimationFrame(() => resolve(performance.now() - started));
            else requestAnimationFrame(look);
          };
          look();
        }),
    );
    await page.waitForTimeout(300);
    const scroll = await page.evaluate(
      () =>
        new Promise<{ longestTaskMs: number; longestFrameMs: number; steps: number; rowsInDom: number; reachedStart: boolean }>((resolve) => {
          const log = document.querySelector<HTMLElement>('[role="log"]')!;
          let longestTaskMs = 0;
          const observer = new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) longestTaskMs = Math.max(longestTaskMs, entry.duration);
          });
          observer.observe({ type: 'longtask', buffered: false });
          let longestFrameMs = 0;
          let steps = 0;
          let rowsInDom = 0;
          let previous = performance.now();
          let lastTop = -1;
          let stalled = 0;
          const step = () => {
            const now = performance.now();
            longestFrameMs = Math.max(longestFrameMs, now - previous);
            previous = now;
            rowsInDom = Math.max(rowsInDom, log.querySelectorAll('.virtual-row').length);
            // The start is reached (or scrolling stopped moving, which would be a bug to look into).
            stalled = log.scrollTop === lastTop ? stalled + 1 : 0;
            lastTop = log.scrollTop;
            if (log.scrollTop <= 0 || stalled > 30) {
              observer.disconnect();
              resolve({ longestTaskMs, longestFrameMs, steps, rowsInDom, reachedStart: log.scrollTop <= 0 });
              return;
            }
            log.scrollTop = Math.max(0, log.scrollTop - log.clientHeight);
            steps += 1;
            requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        }),
    );
    console.log(`  round ${round + 1}: first render ${Math.round(firstRenderMs)} ms, ${scroll.steps} scroll steps${scroll.reachedStart ? '' : ' (did not reach the start)'}`);
    runs.push({ firstRenderMs: Math.round(firstRenderMs), longestTaskMs: Math.round(scroll.longestTaskMs), longestFrameMs: Math.round(scroll.longestFrameMs), steps: scroll.steps, rowsInDom: scroll.rowsInDom });
    await context.close();
  }
} finally {
  await browser.close();
  await host.close();
  dir.remove();
}

const result = {
  messages: 10_000,
  rounds,
  firstRenderMs: median(runs.map((run) => run.firstRenderMs)),
  longestTaskWhileScrollingMs: median(runs.map((run) => run.longestTaskMs)),
  longestFrameWhileScrollingMs: median(runs.map((run) => run.longestFrameMs)),
  scrollSteps: runs[0]?.steps ?? 0,
  mostRowsInDom: Math.max(...runs.map((run) => run.rowsInDom)),
  runs,
};
console.log(`Thread rendering, 10,000 messages, Chromium headless, median of ${rounds} round(s)`);
console.log(`  time to first render (click → newest message drawn)  ${result.firstRenderMs} ms`);
console.log(`  longest main-thread task while scrolling end → start  ${result.longestTaskWhileScrollingMs} ms (0 = none over 50 ms)`);
console.log(`  longest frame while scrolling (${result.scrollSteps} steps)         ${result.longestFrameWhileScrollingMs} ms`);
console.log(`  most rows in the page at once                          ${result.mostRowsInDom}`);
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, 'results', quick ? 'thread-render.quick.json' : 'thread-render.json'), `${JSON.stringify(result, null, 2)}\n`);
