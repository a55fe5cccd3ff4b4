// Every main screen in the light and the dark theme: a screenshot (into .tmp/screenshots/, or docs/screenshots/ with `npm run screenshots`) and an axe-core
// check that finds no serious or critical accessibility violation (WCAG 2.1 A/AA and best practice) —
// conversations, a thread, the new-conversation dialog, split view, the agent desk, personas, profiles,
// the demo screen and presentation mode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './accessibility';
import { launchBrowser, openConsole, screenshot, startConsoleUnderTest, type ConsoleUnderTest } from './browser';

let browser: Browser;
let app: ConsoleUnderTest;

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startConsoleUnderTest();
  const { page, context } = await openConsole(browser, app.console.url);
  // A saved persona, branding, and three conversations with some history to show.
  await page.getByRole('button', { name: 'Personas' }).click();
  await page.getByRole('button', { name: 'Add persona' }).click();
  await page.getByRole('textbox', { name: 'Persona name' }).fill('Jamie Rivera');
  await page.getByRole('textbox', { name: 'Email' }).fill('jamie@example.com');
  await page.getByRole('button', { name: 'Add snippet' }).click();
  await page.getByRole('textbox', { name: 'Snippet 1' }).fill('Where is my order #4411?');
  await page.getByRole('button', { name: 'Create persona' }).click();
  await page.getByText('Persona saved.').waitFor();
  await page.getByRole('button', { name: 'Conversations' }).click();
  for (const name of ['Jamie Rivera', 'Sam Okafor', 'Priya Patel']) {
    await page.getByRole('button', { name: 'New conversation' }).click();
    const dialog = page.getByRole('dialog', { name: 'New conversation' });
    await dialog.getByRole('textbox', { name: 'Persona name' }).fill(name);
    await dialog.getByRole('button', { name: 'Start conversation' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('log', { name: 'Messages' }).getByText("Hi, I'm Sandy").waitFor();
    const box = page.getByRole('textbox', { name: 'Message' });
    await page.locator('textarea[aria-label="Message"]:enabled').waitFor();
    await box.fill('quick');
    await box.press('Enter');
    await page.getByRole('group', { name: 'Quick replies' }).last().waitFor();
  }
  await context.close();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function check(page: Page, name: string) {
  await page.waitForTimeout(250);
  await screenshot(page, name);
  expect(await seriousViolations(page), name).toEqual([]);
}

describe.each(['light', 'dark'] as const)('every screen in the %s theme', (theme) => {
  it('conversations, thread, new-conversation dialog, split view and agent desk', async () => {
    const { page, context } = await openConsole(browser, app.console.url, theme);
    const list = page.getByRole('list', { name: 'Conversations' });
    await list.getByRole('button', { name: /Jamie Rivera/ }).click();
    await page.getByRole('group', { name: 'Quick replies' }).waitFor();
    await check(page, `thread-${theme}`);

    await page.getByRole('button', { name: 'New conversation' }).click();
    await page.getByRole('dialog', { name: 'New conversation' }).waitFor();
    await check(page, `new-conversation-dialog-${theme}`);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Agent desk' }).click();
    await page.getByRole('complementary', { name: 'Agent desk' }).getByRole('tab', { name: 'Card' }).waitFor();
    await check(page, `agent-desk-${theme}`);
    await page.getByRole('button', { name: 'Hide agent desk' }).click();

    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Search in conversation' }).fill('sandy');
    await check(page, `thread-search-${theme}`);
    await page.getByRole('button', { name: 'Close search' }).click();

    await page.getByLabel('Files to attach').setInputFiles([
      { name: 'order-4411.txt', mimeType: 'text/plain', buffer: Buffer.from('Order 4411: one parcel, damaged.') },
      { name: 'receipt.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 receipt') },
    ]);
    await page.getByRole('textbox', { name: 'Message' }).fill('The parcel arrived damaged');
    await check(page, `composer-files-${theme}`);
    for (const name of ['order-4411.txt', 'receipt.pdf']) await page.getByRole('button', { name: `Remove ${name}` }).click();
    await page.getByRole('textbox', { name: 'Message' }).fill('');

    await page.getByRole('group', { name: 'Conversations side by side' }).getByRole('button', { name: '3 side by side' }).click();
    await expect.poll(() => page.getByRole('log', { name: 'Messages' }).count()).toBe(3);
    await check(page, `split-view-${theme}`);
    const pane = page.getByRole('region', { name: /Pane 1:/ });
    await pane.getByRole('button', { name: 'Pane tools' }).click();
    await pane.getByRole('menu', { name: 'Pane tools' }).waitFor();
    await check(page, `split-view-pane-tools-${theme}`);
    await context.close();
  });

  it('personas, profiles, demo and presentation mode', async () => {
    const { page, context } = await openConsole(browser, app.console.url, theme);
    await page.getByRole('button', { name: 'Personas' }).click();
    await page.getByRole('textbox', { name: 'Persona name' }).waitFor();
    await check(page, `personas-${theme}`);

    await page.getByRole('button', { name: 'Profiles' }).click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByRole('list', { name: 'Connection checks' }).getByText('Passed').first().waitFor();
    await check(page, `profiles-test-connection-${theme}`);

    await page.getByRole('button', { name: 'Demo' }).click();
    await check(page, `demo-${theme}`);

    await page.getByRole('button', { name: 'Start presenting' }).click();
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /Jamie Rivera/ }).click();
    await page.getByRole('group', { name: 'Quick replies' }).waitFor();
    await check(page, `presentation-${theme}`);
    await context.close();
  });
});
