// Debian's Chromium driven by playwright-core (no browser download), headless, with the flags this
// offline machine needs, plus a running web console (engine + sandbox + host) in a temp data folder.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startWebConsole, type RunningConsole } from '../../electron/host/web';
import { makeTempDir } from '../support/temp-dir';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Tests never change tracked files: screenshots go to an ignored folder unless `npm run screenshots` points
// GUEST_CONSOLE_SCREENSHOT_DIR at docs/screenshots/ to refresh the pictures the docs show.
export const SCREENSHOT_DIR =
  process.env.GUEST_CONSOLE_SCREENSHOT_DIR ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '.tmp', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Install it with: apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface ConsoleUnderTest {
  console: RunningConsole;
  dataDirectory: string;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A web console on a temp data folder; `restart` stops it and starts a new one on the same folder and port
 *  (as `npm run web -- --port N` would), with the access token kept for that folder. */
export async function startConsoleUnderTest(env: NodeJS.ProcessEnv = {}): Promise<ConsoleUnderTest> {
  const dir = makeTempDir('guest-console-e2e-');
  const start = (port?: number) => startWebConsole({ replyLatency: 'instant', dataDirectory: dir.path, env, port });
  const state: ConsoleUnderTest = {
    console: await start(),
    dataDirectory: dir.path,
    async restart() {
      const port = Number(new URL(state.console.url).port);
      await state.console.close();
      state.console = await start(port);
    },
    async close() {
      await state.console.close();
      dir.remove();
    },
  };
  return state;
}

/** One browser and one console (engine + sandbox + web host) for a test file: started before its tests, closed after. */
export function consoleForFile(env: NodeJS.ProcessEnv = {}): { readonly browser: Browser; readonly app: ConsoleUnderTest } {
  const state = {} as { browser: Browser; app: ConsoleUnderTest };
  beforeAll(async () => {
    state.browser = await launchBrowser();
    state.app = await startConsoleUnderTest(env);
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.app?.close();
  });
  return state;
}

export async function openConsole(browser: Browser, url: string, colorScheme: 'light' | 'dark' = 'light'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('status', { name: 'Connection' }).getByText('Connected').waitFor();
  return { context, page };
}

/** Starts a Web Messaging conversation with the sandbox's default agent and waits for its greeting. */
export async function startSandboxConversation(page: Page, persona: string): Promise<void> {
  await page.getByRole('button', { name: 'New conversation' }).click();
  const dialog = page.getByRole('dialog', { name: 'New conversation' });
  await dialog.getByRole('textbox', { name: 'Persona name' }).fill(persona);
  await dialog.getByRole('button', { name: 'Start conversation' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('log', { name: 'Messages' }).getByText("Hi, I'm Sandy").waitFor();
}

/** Types `text` in the open conversation's composer as the guest and sends it with Enter (the box empties). */
export async function sendAsGuest(page: Page, text: string, options: { timeout?: number } = {}): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await expect.poll(() => box.isEnabled(), options).toBe(true);
  await box.fill(text);
  await box.press('Enter');
  expect(await box.inputValue()).toBe('');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}
