// The packaged app from `npm run dist:dir`, started as testers get it: the fused binary, the asar, no
// source tree. Driven over Chromium's --remote-debugging-port rather than Playwright's Electron driver,
// because the shipped nodeCliInspect fuse is off (the driver needs --inspect) — so the binary tested is
// exactly the binary shipped. ELECTRON_RUN_AS_NODE is set on purpose: with the runAsNode fuse off it must
// be ignored. Skipped, with the reason, where no Electron runtime can be obtained.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findElectronRuntime } from '../../scripts/electron-runtime.mjs';
import { makeTempDir } from '../support/temp-dir';

const root = path.resolve(__dirname, '..', '..');
const runtime = findElectronRuntime(root) as { path: string | null; reason?: string };
const release = path.join(root, '.tmp', 'e2e-release');

if (!runtime.path) console.log(`e2e-electron (packaged app) skipped: ${runtime.reason}`);

/** The unpacked Electron folder around a runtime binary (on macOS the binary sits inside Electron.app). */
function electronDistOf(binary: string): string {
  return process.platform === 'darwin' ? path.resolve(binary, '..', '..', '..', '..') : path.dirname(binary);
}

function packagedExecutable(): string {
  if (process.platform === 'linux') return path.join(release, 'linux-unpacked', 'guest-console');
  if (process.platform === 'win32') return path.join(release, 'win-unpacked', 'Guest Console.exe');
  const folder = fs.readdirSync(release).find((name) => name.startsWith('mac'));
  return path.join(release, folder ?? 'mac', 'Guest Console.app', 'Contents', 'MacOS', 'Guest Console');
}

/** The window may still be opening when the debugger connects: wait for the page on app://console. */
async function consolePage(browser: Browser): Promise<Page> {
  for (let waited = 0; waited < 30_000; waited += 250) {
    const page = browser.contexts().flatMap((context) => context.pages()).find((candidate) => candidate.url().startsWith('app://console'));
    if (page) return page;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('The packaged app opened no app://console page within 30 s.');
}

describe.skipIf(!runtime.path)('the packaged desktop app', () => {
  const data = makeTempDir('guest-console-packaged-');
  let browser: Browser | undefined;
  let app: ChildProcess | undefined;

  beforeAll(async () => {
    fs.rmSync(release, { recursive: true, force: true });
    const dist = spawnSync('npm', ['run', '--silent', 'dist:dir', '--', `-c.directories.output=${release}`], {
      cwd: root,
      stdio: 'inherit',
      shell: process.platform === 'win32',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: electronDistOf(runtime.path!) },
    });
    expect(dist.status).toBe(0);

    const args = ['--remote-debugging-port=0', ...(process.platform === 'linux' ? ['--no-sandbox'] : [])];
    const started = spawn(packagedExecutable(), args, { env: { ...process.env, GUEST_CONSOLE_DATA_DIR: data.path, ELECTRON_RUN_AS_NODE: '1' } });
    app = started;
    const endpoint = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`the packaged app opened no DevTools endpoint:\n${output}`)), 30_000);
      started.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      started.on('exit', (code) => reject(new Error(`the packaged app exited (${code}):\n${output}`)));
    });
    browser = await chromium.connectOverCDP(endpoint);
  }, 240_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    app?.kill();
    data.remove();
  });

  it('shows the console from app://console, isolated from Node', async () => {
    const page = await consolePage(browser!);
    await page.getByRole('list', { name: 'Conversations' }).waitFor();
    expect(page.url()).toBe('app://console/index.html');
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    const info = await page.evaluate(() => (window as unknown as { guestConsole: { invoke(c: string, p: unknown): Promise<unknown> } }).guestConsole.invoke('app.info', {}));
    expect(info).toMatchObject({ ok: true, data: { host: 'electron', name: 'Guest Console' } });
  });
});
