// Cold start: from launching the web host as `npm run web` does (`node scripts/start.mjs --web`: the prebuilt
// dist/node/web.mjs, a fresh process on an empty data folder) to the console's first rendered frame in
// Chromium (the "Conversations" list visible and the host connected). One round of each, not counted, first
// builds what is stale and warms the file cache. Baseline in the same run: a bare Node HTTP server process serving a one-line page,
// loaded by the same browser — so the figure shows what the console adds over "a process and a page".
//   npx tsx bench/cold-start.ts            5 rounds each
//   npx tsx bench/cold-start.ts --quick    1 round each
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../test/e2e-web/browser';
import { median } from './figures';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

const BARE_SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end('<!doctype html><ul aria-label="Conversations"><li>ready</li></ul>'); });
server.listen(0, '127.0.0.1', () => console.log('running at http://127.0.0.1:' + server.address().port + '/'));
`;

/** Launch a process that prints a URL, open it, wait for the Conversations list; ms from spawn to render. */
async function measure(browser: Browser, command: string, args: string[], readyText: RegExp): Promise<{ toUrlMs: number; toFrameMs: number }> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let buffer = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const match = buffer.match(/(http:\/\/127\.0\.0\.1:\d+\/\S*)/);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code} before printing its URL`)));
    });
    const toUrlMs = performance.now() - started;
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByRole('list', { name: 'Conversations' }).waitFor();
    if (readyText.source !== '.') await page.getByText(readyText).first().waitFor();
    const toFrameMs = performance.now() - started;
    await page.close();
    return { toUrlMs: Math.round(toUrlMs), toFrameMs: Math.round(toFrameMs) };
  } finally {
    child.kill('SIGTERM');
  }
}

export async function coldStart(rounds: number) {
  const browser = await launchBrowser();
  const data = mkdtempSync(path.join(os.tmpdir(), 'guest-console-cold-'));
  try {
    const bare: { toUrlMs: number; toFrameMs: number }[] = [];
    const consoleRuns: { toUrlMs: number; toFrameMs: number }[] = [];
    for (let round = -1; round < rounds; round += 1) {
      const bareRun = await measure(browser, process.execPath, ['-e', BARE_SERVER], /./);
      const folder = path.join(data, `round-${round}`);
      mkdirSync(folder);
      const consoleRun = await measure(browser, process.execPath, [path.join(root, 'scripts', 'start.mjs'), '--web', '--data-dir', folder], /^Connected$/);
      if (round < 0) continue;
      bare.push(bareRun);
      consoleRuns.push(consoleRun);
    }
    return {
      rounds,
      baseline: { toUrlMs: median(bare.map((run) => run.toUrlMs)), toFrameMs: median(bare.map((run) => run.toFrameMs)) },
      console: { toUrlMs: median(consoleRuns.map((run) => run.toUrlMs)), toFrameMs: median(consoleRuns.map((run) => run.toFrameMs)) },
    };
  } finally {
    await browser.close();
    rmSync(data, { recursive: true, force: true });
  }
}

async function main() {
  const quick = process.argv.includes('--quick');
  const figures = await coldStart(quick ? 1 : Number(process.env.ROUNDS ?? 5));
  console.log(`Cold start of the web host to the first rendered frame (median of ${figures.rounds}; the renderer is prebuilt)`);
  console.table([
    { side: 'baseline: bare Node server + one-line page', 'to URL ms': figures.baseline.toUrlMs, 'to first frame ms': figures.baseline.toFrameMs },
    { side: 'console: web host (engine + sandbox) + renderer', 'to URL ms': figures.console.toUrlMs, 'to first frame ms': figures.console.toFrameMs },
  ]);
  console.log(`Console / baseline, to first frame: ×${(figures.console.toFrameMs / Math.max(1, figures.baseline.toFrameMs)).toFixed(2)}`);
  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(path.join(here, 'results', quick ? 'cold-start.quick.json' : 'cold-start.json'), `${JSON.stringify({ mode: quick ? 'quick' : 'full', date: new Date().toISOString(), ...figures }, null, 2)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
