// The open tab survives a crash of the console. The web host runs as `npm run web` runs it (its own process,
// the sandbox embedded, a data folder); it is SIGKILLed with three threads open — one the agent ended, one
// transferred to a human, one waiting for a delayed reply — and started again on the same folder. The same
// tab, never reloaded and holding no token in its address, reconnects by itself (same port, same token),
// shows every thread as it was (the read-only one still read-only, the transfer's "left"/"joined" lines, the
// delayed reply once, one greeting each) and sends. Then the sandbox's state is wiped before a restart: the thread says plainly that
// the server no longer has it, and Start new carries on. Screenshots of what the operator sees go to SCREENSHOT_DIR.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { makeTempDir } from '../support/temp-dir';
import { launchBrowser, openConsole, screenshot, sendAsGuest, startSandboxConversation } from './browser';

const ROOT = path.resolve(__dirname, '..', '..');
const GREETING = "Hi, I'm Sandy, the sandbox agent.";

/** `npm run web -- --data-dir DIR` in a process of its own; resolves with the URL it printed. */
function startWebHostProcess(dataDirectory: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron', 'host', 'web.ts'), '--data-dir', dataDirectory], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the web host did not start in time:\n${output}`)), 30_000);
    const heard = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /running at (http:\/\/\S+)/.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({ child, url });
    };
    child.stdout!.on('data', heard);
    child.stderr!.on('data', heard);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the web host exited (${code}) before it was ready:\n${output}`));
    });
  });
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const dir = makeTempDir('guest-console-e2e-restart-');
let browser: Browser;
let host: { child: ChildProcess; url: string };
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  host = await startWebHostProcess(dir.path);
  ({ context, page } = await openConsole(browser, host.url));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  if (host) await kill(host.child);
  dir.remove();
});

const log = () => page.getByRole('log', { name: 'Messages' });
const thread = (persona: string) => page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: new RegExp(persona) });
const connection = () => page.getByRole('status', { name: 'Connection' });

const send = (text: string) => sendAsGuest(page, text, { timeout: 15_000 });

async function restart(between: () => void = () => undefined) {
  await kill(host.child);
  await connection().getByText(/reconnecting/i).waitFor();
  between();
  const before = host.url;
  host = await startWebHostProcess(dir.path);
  expect(host.url).toBe(before); // same port, same token: the tab needs nothing new
  await connection().getByText('Connected').waitFor({ timeout: 20_000 });
}

describe('a console killed and started again on the same data folder', () => {
  it('is back in the same tab, without a new token: every thread as it was, and it sends', async () => {
    expect(page.url()).not.toContain('token');
    expect(fs.statSync(path.join(dir.path, 'web-host.json')).mode & 0o777).toBe(0o600);

    await startSandboxConversation(page, 'Casey Ended');
    await send('bye');
    await log().getByText('Thanks for chatting, goodbye!').waitFor();
    await page.getByText('The agent ended this conversation.', { exact: true }).waitFor();

    await startSandboxConversation(page, 'Taylor Transfer');
    await send('transfer');
    await log().getByText('Hi, Alex here. How can I help?').waitFor({ timeout: 15_000 });

    await startSandboxConversation(page, 'Robin Talking');
    await send('echo before the crash');
    await log().getByRole('article', { name: 'Sandy' }).filter({ hasText: 'before the crash' }).waitFor();
    await send('delay');
    await log().getByRole('article', { name: 'You' }).filter({ hasText: 'delay' }).getByText('Sent', { exact: true }).waitFor();
    // The reply is due three seconds later, while the console is down: the sandbox keeps it and delivers it after.
    await restart();

    expect(page.url()).not.toContain('token');
    await log().getByText('This reply was delayed by three seconds.').waitFor({ timeout: 20_000 });
    expect(await log().getByText('This reply was delayed by three seconds.').count()).toBe(1);
    expect(await log().getByText(GREETING).count()).toBe(1);

    await thread('Taylor Transfer').click();
    await log().getByText('Hi, Alex here. How can I help?').waitFor();
    await log().getByText('Sandy left the conversation.').waitFor();
    await log().getByText('Alex joined the conversation.').waitFor();
    expect(await log().getByText(GREETING).count()).toBe(1);
    await screenshot(page, 'restart-transfer-join-leave-light');

    await thread('Casey Ended').click();
    await log().getByText('Thanks for chatting, goodbye!').waitFor();
    await page.getByText('The agent ended this conversation.', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Start new' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(true);
    expect(await log().getByText(GREETING).count()).toBe(1);
    await screenshot(page, 'restart-ended-thread-light');

    await thread('Robin Talking').click();
    await log().getByRole('article', { name: 'Sandy' }).filter({ hasText: 'before the crash' }).waitFor();
    await send('echo after the restart');
    await log().getByRole('article', { name: 'Sandy' }).filter({ hasText: 'after the restart' }).waitFor();
    expect(await log().getByText(GREETING).count()).toBe(1);
    expect(await log().getByText('Reconnected.').count()).toBeLessThanOrEqual(1);
  });

  it('says plainly when the server no longer has a thread, and Start new carries on in it', async () => {
    await thread('Robin Talking').click();
    await log().getByText('after the restart').last().waitFor();
    await restart(() => fs.rmSync(path.join(dir.path, 'sandbox'), { recursive: true, force: true }));

    await log().getByText(/^This conversation has ended on the server; messages after \d?\d:\d\d( [AP]M)? may be missing\./).waitFor({ timeout: 20_000 });
    await page.getByText('This conversation has ended on the server.', { exact: true }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(true);
    expect(await log().getByText('after the restart').count()).toBeGreaterThan(0); // the history stays readable
    await screenshot(page, 'restart-server-forgot-light');

    await page.getByRole('button', { name: 'Start new' }).click();
    await log().getByText(GREETING).nth(1).waitFor({ timeout: 15_000 }); // a new conversation, greeted anew
    await send('echo in the new conversation');
    await log().getByRole('article', { name: 'Sandy' }).filter({ hasText: 'in the new conversation' }).waitFor();
  });
});
