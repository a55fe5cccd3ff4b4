// Thread rendering in Chromium: a long conversation (a scripted page, so only the renderer is measured) —
// the time from choosing it in the list to its newest message on screen, and the longest main-thread task
// (Long Tasks API, ≥ 50 ms) and the longest frame while scrolling one viewport a frame from the end towards
// the start (and back, at an end) for the same number of frames in both threads — a longest frame is the
// worst of its frames, so both must have as many. Then a jump to the start must draw the oldest message.
// The baseline in the same run is a 100-message thread (drawn whole: the log virtualizes above 150 rows),
// the two taking turns, so the ratios show what the length itself costs. A round in which no frame is drawn
// for 5 s is thrown away and measured again in a fresh page; its note says what the page did meanwhile.
//   npx tsx bench/thread-render.ts            10,000 messages against 100; 5 rounds, 600 scroll frames, median
//   npx tsx bench/thread-render.ts --quick    600 against 200; 1 round, 100 frames (the size of the smoke run in npm test)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { startWebConsole } from '../electron/host/web';
import { installLongThread } from '../test/support/long-thread-page';
import { launchBrowser } from '../test/e2e-web/browser';
import { makeTempDir } from '../test/support/temp-dir';
import { median, ratio } from './figures';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

export interface ThreadRun {
  firstRenderMs: number;
  longestTaskMs: number;
  longestFrameMs: number;
  steps: number;
  rowsInDom: number;
  reachedStart: boolean;
}

export interface ThreadFigures {
  messages: number;
  firstRenderMs: number;
  longestTaskWhileScrollingMs: number;
  longestFrameWhileScrollingMs: number;
  scrollSteps: number;
  mostRowsInDom: number;
  reachedStart: boolean;
  runs: ThreadRun[];
}

/** Chromium stopped drawing the page: no animation frame for this long (the page's script still runs). */
const FRAME_STALL_MS = 5_000;

class FrameStall extends Error {}

/** One round: open a `messages`-long thread in a fresh page, then scroll it from the end to the start. */
async function measure(browser: Browser, url: string, messages: number, scrollFrames: number): Promise<ThreadRun> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    // tsx keeps function names through a `__name` helper that the page does not have.
    await context.addInitScript({ content: `globalThis.__name = (target) => target; (${installLongThread.toString()})(${messages});` });
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /Long Thread/ }).waitFor();
    const firstRenderMs = await page.evaluate(
      ({ newest, stallMs }) =>
        new Promise<number | null>((resolve) => {
          const button = [...document.querySelectorAll<HTMLButtonElement>('.conversation-row')].find((candidate) => candidate.textContent?.includes('Long Thread'))!;
          const started = performance.now();
          const giveUp = setTimeout(() => resolve(null), stallMs * 3);
          button.click();
          const look = () => {
            const drawn = [...document.querySelectorAll('[role="log"] article')].some((article) => article.textContent?.includes(newest));
            if (drawn)
              requestAnimationFrame(() => {
                clearTimeout(giveUp);
                resolve(performance.now() - started);
              });
            else requestAnimationFrame(look);
          };
          look();
        }),
      { newest: `Message number ${messages - 1}`, stallMs: FRAME_STALL_MS },
    );
    if (firstRenderMs === null) throw new FrameStall(`the newest message was not drawn within ${(FRAME_STALL_MS * 3) / 1000} s`);
    await page.waitForTimeout(300);
    const scroll = await page.evaluate(
      ({ frames, stallMs }) =>
        new Promise<Omit<ThreadRun, 'firstRenderMs' | 'reachedStart'> & { stall: string | null }>((resolve) => {
          const log = document.querySelector<HTMLElement>('[role="log"]')!;
          const content = log.firstElementChild ?? log;
          let longestTaskMs = 0;
          const observer = new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) longestTaskMs = Math.max(longestTaskMs, entry.duration);
          });
          observer.observe({ type: 'longtask', buffered: false });
          // What the page itself does, so that a stall shows whether it was busy (a render or resize loop) or quiet.
          const activity = { scrolls: 0, resizes: 0, mutations: 0 };
          const onScroll = () => (activity.scrolls += 1);
          log.addEventListener('scroll', onScroll, { passive: true });
          const resizes = new ResizeObserver(() => (activity.resizes += 1));
          resizes.observe(content);
          const mutations = new MutationObserver((records) => (activity.mutations += records.length));
          mutations.observe(log, { childList: true, subtree: true, attributes: true });
          let longestFrameMs = 0;
          let steps = 0;
          let rowsInDom = 0;
          let direction = -1;
          let previous = performance.now();
          let sinceLastFrame = { ...activity };
          const finish = (stall: string | null) => {
            clearInterval(watchdog);
            observer.disconnect();
            resizes.disconnect();
            mutations.disconnect();
            log.removeEventListener('scroll', onScroll);
            resolve({ longestTaskMs, longestFrameMs, steps, rowsInDom, stall });
          };
          // Watched from inside the page (a timer still runs when frames stop), so no traffic reaches it mid-scroll.
          const watchdog = setInterval(() => {
            if (performance.now() - previous <= stallMs) return;
            const busy = { scrolls: activity.scrolls - sinceLastFrame.scrolls, resizes: activity.resizes - sinceLastFrame.resizes, mutations: activity.mutations - sinceLastFrame.mutations };
            finish(
              `no frame drawn for ${stallMs / 1000} s after ${steps} scroll steps; meanwhile the page had ${busy.scrolls} scroll events, ${busy.resizes} resizes, ${busy.mutations} DOM mutations; visibility ${document.visibilityState}, focus ${document.hasFocus()}`,
            );
          }, 500);
          const step = () => {
            const now = performance.now();
            longestFrameMs = Math.max(longestFrameMs, now - previous);
            previous = now;
            sinceLastFrame = { ...activity };
            rowsInDom = Math.max(rowsInDom, log.querySelectorAll('.virtual-row').length);
            if (steps >= frames) return finish(null);
            // One viewport a frame towards the start; back towards the end from there, so that both threads
            // are measured over the same number of frames.
            if (direction < 0 && log.scrollTop <= 0) direction = 1;
            else if (direction > 0 && log.scrollTop + log.clientHeight >= log.scrollHeight - 1) direction = -1;
            log.scrollTop = Math.max(0, log.scrollTop + direction * log.clientHeight);
            steps += 1;
            requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        }),
      { frames: scrollFrames, stallMs: FRAME_STALL_MS },
    );
    if (scroll.stall) throw new FrameStall(scroll.stall);
    // The start of the thread, drawn after a jump there: the virtualized log reaches its oldest message.
    const reachedStart = await page.evaluate(
      (stallMs) =>
        new Promise<boolean>((resolve) => {
          const log = document.querySelector<HTMLElement>('[role="log"]')!;
          const giveUp = setTimeout(() => resolve(false), stallMs);
          log.scrollTop = 0;
          const look = () => {
            if ([...log.querySelectorAll('article')].some((article) => /Message number 0(?!\d)/.test(article.textContent ?? ''))) {
              clearTimeout(giveUp);
              resolve(true);
            } else requestAnimationFrame(look);
          };
          requestAnimationFrame(look);
        }),
      FRAME_STALL_MS,
    );
    return {
      firstRenderMs: Math.round(firstRenderMs),
      longestTaskMs: Math.round(scroll.longestTaskMs),
      longestFrameMs: Math.round(scroll.longestFrameMs),
      steps: scroll.steps,
      rowsInDom: scroll.rowsInDom,
      reachedStart,
    };
  } finally {
    await context.close();
  }
}

function summarize(messages: number, runs: ThreadRun[]): ThreadFigures {
  return {
    messages,
    firstRenderMs: median(runs.map((run) => run.firstRenderMs)),
    longestTaskWhileScrollingMs: median(runs.map((run) => run.longestTaskMs)),
    longestFrameWhileScrollingMs: median(runs.map((run) => run.longestFrameMs)),
    scrollSteps: runs[0]?.steps ?? 0,
    mostRowsInDom: Math.max(...runs.map((run) => run.rowsInDom)),
    reachedStart: runs.every((run) => run.reachedStart),
    runs,
  };
}

/** The long thread and its baseline, alternating in each round so both see the same machine. */
export async function threadRender(options: { rounds: number; messages: number; baselineMessages: number; scrollFrames: number }) {
  if (!existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) {
    spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  }
  const dir = makeTempDir('guest-console-bench-');
  const host = await startWebConsole({ replyLatency: 'instant', dataDirectory: dir.path });
  const browser = await launchBrowser();
  const long: ThreadRun[] = [];
  const baseline: ThreadRun[] = [];
  let stalledRounds = 0;
  /** A round whose page stopped drawing is measured again in a fresh page, at most twice more. */
  const measureOnce = async (messages: number): Promise<ThreadRun> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await measure(browser, host.url, messages, options.scrollFrames);
      } catch (error) {
        if (!(error instanceof FrameStall) || attempt === 3) throw error;
        stalledRounds += 1;
        console.log(`  (${messages} messages: Chromium stopped drawing, ${error.message}; measuring again in a fresh page)`);
      }
    }
  };
  try {
    for (let round = 0; round < options.rounds; round += 1) {
      // Turns swapped each round: the first page of a round pays for what the browser warms up.
      let run: ThreadRun;
      if (round % 2 === 0) {
        baseline.push(await measureOnce(options.baselineMessages));
        run = await measureOnce(options.messages);
      } else {
        run = await measureOnce(options.messages);
        baseline.push(await measureOnce(options.baselineMessages));
      }
      long.push(run);
      console.log(
        `  round ${round + 1}: first render ${run.firstRenderMs} ms (baseline ${baseline.at(-1)!.firstRenderMs} ms), longest frame ${run.longestFrameMs} ms (baseline ${baseline.at(-1)!.longestFrameMs} ms)${run.reachedStart ? '' : ' (did not reach the start)'}`,
      );
    }
  } finally {
    await browser.close();
    await host.close();
    dir.remove();
  }
  return { rounds: options.rounds, stalledRounds, thread: summarize(options.messages, long), baseline: summarize(options.baselineMessages, baseline) };
}

async function main() {
  const quick = process.argv.includes('--quick');
  const figures = await threadRender(
    quick ? { rounds: 1, messages: 600, baselineMessages: 200, scrollFrames: 100 } : { rounds: Number(process.env.ROUNDS ?? 5), messages: 10_000, baselineMessages: 100, scrollFrames: 600 },
  );
  const { thread, baseline } = figures;
  const ratios = {
    firstRender: ratio(thread.firstRenderMs, baseline.firstRenderMs),
    longestFrame: ratio(thread.longestFrameWhileScrollingMs, baseline.longestFrameWhileScrollingMs),
  };
  const row = (figuresOf: ThreadFigures) => ({
    messages: figuresOf.messages,
    'first render ms': figuresOf.firstRenderMs,
    'longest task ms': figuresOf.longestTaskWhileScrollingMs,
    'longest frame ms': figuresOf.longestFrameWhileScrollingMs,
    'scroll steps': figuresOf.scrollSteps,
    'most rows in DOM': figuresOf.mostRowsInDom,
  });
  console.log(`Thread rendering in Chromium headless, median of ${figures.rounds} round(s)`);
  console.log('  first render: click → newest message drawn; longest task (Long Tasks API, only ≥ 50 ms, 0 = none) and longest frame: scrolling end → start, one viewport a frame');
  console.table([row(baseline), row(thread)]);
  console.log(`${thread.messages} vs ${baseline.messages} messages: first render ×${ratios.firstRender}, longest frame ×${ratios.longestFrame}`);
  if (figures.stalledRounds > 0) console.log(`${figures.stalledRounds} round(s) in which Chromium stopped drawing were measured again`);
  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(
    path.join(here, 'results', quick ? 'thread-render.quick.json' : 'thread-render.json'),
    `${JSON.stringify({ mode: quick ? 'quick' : 'full', date: new Date().toISOString(), ...figures, ratios }, null, 2)}\n`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
