// Secrets never reach the page (issue 11, see docs/reliability.md): with a real-org profile whose client and
// webhook secrets come from the environment, and a Web Messaging conversation whose inspector is open,
// the page's DOM, localStorage, sessionStorage and the cookies it can read hold none of the secrets and
// not the guest token; and there is no cookie at all (the web host's access token is no cookie).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openConsole, startConsoleUnderTest, type ConsoleUnderTest } from './browser';

const SECRETS = { clientSecret: 'PAGE-CLIENT-SECRET-4d7e1a', webhookSecret: 'PAGE-WEBHOOK-SECRET-8c2f5b' };
let browser: Browser;
let app: ConsoleUnderTest;

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startConsoleUnderTest({ GUEST_CONSOLE_ACME_CLIENT_SECRET: SECRETS.clientSecret, GUEST_CONSOLE_ACME_WEBHOOK_SECRET: SECRETS.webhookSecret });
  const profile = { id: 'acme', name: 'Acme', builtIn: false, region: 'us-east-1', webMessaging: { deploymentId: 'd-1', origin: '' }, openMessaging: { integrationId: 'i-1', clientId: 'c-1', receiveMode: 'webhook', webhookHost: '127.0.0.1', webhookPort: 0 } };
  fs.writeFileSync(path.join(app.dataDirectory, 'settings.json'), JSON.stringify({ schemaVersion: 1, profiles: [profile] }));
  await app.restart();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

it('keeps every secret and the guest token out of the page', async () => {
  const { context, page } = await openConsole(browser, app.console.url);
  await page.getByRole('button', { name: 'New conversation' }).click();
  const dialog = page.getByRole('dialog', { name: 'New conversation' });
  await dialog.getByRole('textbox', { name: 'Persona name' }).fill('Secret Keeper');
  await dialog.getByRole('button', { name: 'Start conversation' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const box = page.getByRole('textbox', { name: 'Message' });
  await expect.poll(() => box.isEnabled(), { timeout: 15_000 }).toBe(true);
  await box.fill('hello');
  await box.press('Enter');
  await page.getByRole('button', { name: 'Inspector' }).click();
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await expect.poll(() => inspector.getByRole('listitem').count(), { timeout: 15_000 }).toBeGreaterThan(3);

  const transcripts = fs.readdirSync(path.join(app.dataDirectory, 'transcripts'));
  const token = (JSON.parse(fs.readFileSync(path.join(app.dataDirectory, 'transcripts', transcripts[0]!), 'utf8').split('\n')[0]!) as { conversation: { guestToken: string } }).conversation.guestToken;
  const visible = await page.evaluate(() => ({
    dom: document.documentElement.outerHTML,
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    cookies: document.cookie,
  }));
  const everything = Object.values(visible).join('\n');
  expect(visible.dom).toContain('Secret Keeper'); // the search did see the page
  for (const [name, value] of Object.entries({ ...SECRETS, guestToken: token })) expect(everything.includes(value), name).toBe(false);
  expect(visible.cookies).toBe('');
  expect(await context.cookies()).toEqual([]);
  await context.close();
});
