// The console people use for hours and demo live, driven like a user would: many guests (search, filters,
// unread counts, split view, keyboard shortcuts, notifications), personas with snippets, the agent desk,
// transcript export, presentation mode with Reset demo, profile tests and files, and a 10,000-message
// thread (against a scripted page, as no agent sends that much on demand).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { installLongThread } from '../support/long-thread-page';
import { launchBrowser, openConsole, screenshot, startConsoleUnderTest, type ConsoleUnderTest } from './browser';

let browser: Browser;
let app: ConsoleUnderTest;

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startConsoleUnderTest();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Records desktop notifications instead of showing them; permission is already granted. */
function recordNotifications() {
  const shown: { title: string; body?: string }[] = [];
  (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
  class RecordedNotification {
    static permission = 'granted';
    static requestPermission = () => Promise.resolve('granted');
    onclick: (() => void) | null = null;
    constructor(title: string, options?: { body?: string }) {
      shown.push({ title, body: options?.body });
    }
  }
  (window as unknown as { Notification: unknown }).Notification = RecordedNotification;
}

async function startConversation(page: Page, persona: string, options: { savedPersona?: string; attribute?: [string, string] } = {}) {
  await page.getByRole('button', { name: 'New conversation' }).click();
  const dialog = page.getByRole('dialog', { name: 'New conversation' });
  if (options.savedPersona) await dialog.getByRole('combobox', { name: 'Saved persona' }).selectOption({ label: options.savedPersona });
  else await dialog.getByRole('textbox', { name: 'Persona name' }).fill(persona);
  if (options.attribute) {
    await dialog.getByRole('button', { name: 'Add attribute' }).click();
    await dialog.getByRole('textbox', { name: 'Attribute 1 name' }).fill(options.attribute[0]);
    await dialog.getByRole('textbox', { name: 'Attribute 1 value' }).fill(options.attribute[1]);
  }
  await dialog.getByRole('button', { name: 'Start conversation' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('region', { name: 'Conversation details' }).getByText(persona).waitFor();
  await page.getByRole('log', { name: 'Messages' }).getByText("Hi, I'm Sandy").waitFor();
}

describe('many guests', () => {
  it('finds conversations by search and filters, counts unread replies, notifies about replies out of view, and works from the keyboard', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(recordNotifications);
    const page = await context.newPage();
    await page.goto(app.console.url);
    await startConversation(page, 'Alpha Guest');
    const alphaServer = app.console.sandbox.control.listConversations().at(-1)!.id;
    await startConversation(page, 'Beta Guest');
    await startConversation(page, 'Gamma Guest');
    const list = page.getByRole('list', { name: 'Conversations' });

    // A reply in Alpha while Gamma is shown: unread count and a desktop notification.
    expect(app.console.sandbox.control.operatorReply(alphaServer, { text: 'Your parcel left the depot.', nickname: 'Dana' }).ok).toBe(true);
    await list.getByRole('button', { name: /Alpha Guest/ }).getByText('1 unread').waitFor();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { shownNotifications: { title: string; body?: string }[] }).shownNotifications))
      .toContainEqual({ title: 'Dana replied to Alpha Guest', body: 'Your parcel left the depot.' });

    await page.getByRole('searchbox', { name: 'Search conversations' }).fill('beta');
    await expect.poll(() => list.getByRole('button').count()).toBe(1);
    await list.getByRole('button', { name: /Beta Guest/ }).waitFor();
    await page.getByRole('searchbox', { name: 'Search conversations' }).fill('');
    await page.getByRole('combobox', { name: 'Filter by state' }).selectOption('unread');
    await expect.poll(() => list.getByRole('button').count()).toBe(1);
    await list.getByRole('button', { name: /Alpha Guest/ }).waitFor();
    await page.getByRole('combobox', { name: 'Filter by state' }).selectOption('all');
    await page.getByRole('combobox', { name: 'Filter by channel' }).selectOption('openmessaging');
    await list.getByText('No conversation matches.').waitFor();
    await list.getByRole('button', { name: 'Clear search and filters' }).click();
    await expect.poll(() => list.getByRole('button').count()).toBe(3);

    // Keyboard: next / previous conversation, focus the composer, send; new conversation; visible focus.
    // Alpha's reply put it on top: Alpha, Gamma (shown), Beta.
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => list.locator('[aria-current="true"]').textContent()).toContain('Alpha Guest');
    await expect.poll(() => list.getByRole('button', { name: /Alpha Guest/ }).getByText('1 unread').count()).toBe(0);
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => list.locator('[aria-current="true"]').textContent()).toContain('Gamma Guest');
    await page.keyboard.press('Alt+M');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Message');
    await page.keyboard.type('sent from the keyboard');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('log', { name: 'Messages' }).getByRole('article', { name: 'You' }).filter({ hasText: 'sent from the keyboard' }).getByText('Sent', { exact: true }).waitFor();
    await page.keyboard.press('Alt+N');
    await page.getByRole('dialog', { name: 'New conversation' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'New conversation' }).waitFor({ state: 'hidden' });
    await page.getByRole('searchbox', { name: 'Search conversations' }).focus();
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await context.close();
  });

  it('shows two to four conversations side by side, each with its own composer', async () => {
    const { page, context } = await openConsole(browser, app.console.url);
    const layouts = page.getByRole('group', { name: 'Conversations side by side' });
    await layouts.getByRole('button', { name: '2 side by side' }).click();
    await expect.poll(() => page.getByRole('log', { name: 'Messages' }).count()).toBe(2);
    const second = page.locator('[data-pane="1"]');
    await second.getByRole('textbox', { name: 'Message' }).fill('hello from pane two');
    await second.getByRole('button', { name: 'Send' }).click();
    await second.getByRole('article', { name: 'You' }).filter({ hasText: 'hello from pane two' }).getByText('Sent', { exact: true }).waitFor();
    expect(await page.locator('[data-pane="0"]').getByText('hello from pane two').count()).toBe(0);
    await layouts.getByRole('button', { name: '4 side by side' }).click();
    await expect.poll(() => page.locator('.pane').count()).toBe(4);
    await page.getByRole('region', { name: 'Pane 4: empty' }).getByText('Choose a conversation in the list').waitFor();
    await layouts.getByRole('button', { name: 'One conversation' }).click();
    await expect.poll(() => page.getByRole('log', { name: 'Messages' }).count()).toBe(1);
    await context.close();
  });
});

describe('personas', () => {
  it('saves a persona with attributes and snippets, starts a conversation as it, and sends a snippet', async () => {
    const { page, context } = await openConsole(browser, app.console.url);
    await page.getByRole('button', { name: 'Personas' }).click();
    await page.getByText('No saved personas yet.').waitFor();
    await page.getByRole('button', { name: 'Add persona' }).click();
    await page.getByRole('textbox', { name: 'Persona name' }).fill('Morgan Lee');
    await page.getByRole('textbox', { name: 'Email' }).fill('morgan@example.com');
    await page.getByRole('textbox', { name: 'Phone' }).fill('+44 20 7946 0000');
    await page.getByRole('textbox', { name: 'Language' }).fill('en-GB');
    await page.getByLabel('Avatar image').setInputFiles({
      name: 'avatar.svg',
      mimeType: 'image/svg+xml',
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#0b6e4f"/></svg>'),
    });
    await page.getByRole('button', { name: 'Add attribute' }).click();
    await page.getByRole('textbox', { name: 'Attribute 1 name' }).fill('tier');
    await page.getByRole('textbox', { name: 'Attribute 1 value' }).fill('gold');
    await page.getByText('8 / 2048 bytes').waitFor();
    await page.getByRole('textbox', { name: 'Attribute 1 value' }).fill('gold'.repeat(600));
    await page.getByText('2404 / 2048 bytes').waitFor();
    expect(await page.getByRole('button', { name: 'Create persona' }).isDisabled()).toBe(true);
    await page.getByRole('textbox', { name: 'Attribute 1 value' }).fill('gold');
    await page.getByRole('button', { name: 'Add snippet' }).click();
    await page.getByRole('textbox', { name: 'Snippet 1' }).fill('echo where is my order?');
    await page.getByRole('button', { name: 'Create persona' }).click();
    await page.getByText('Persona saved.').waitFor();
    await page.getByRole('list', { name: 'Personas' }).getByRole('button', { name: /Morgan Lee/ }).waitFor();

    await page.getByRole('button', { name: 'Conversations' }).click();
    await startConversation(page, 'Morgan Lee', { savedPersona: 'Morgan Lee' });
    expect(await page.getByRole('region', { name: 'Conversation details' }).locator('img').count()).toBe(1);
    await page.getByRole('button', { name: 'Snippets' }).click();
    await page.getByRole('group', { name: 'Snippets' }).getByRole('button', { name: 'echo where is my order?' }).click();
    const box = page.getByRole('textbox', { name: 'Message' });
    expect(await box.inputValue()).toBe('echo where is my order?');
    await box.press('Enter');
    await page.getByRole('log', { name: 'Messages' }).getByText('where is my order?', { exact: true }).waitFor();
    await context.close();
  });
});

describe('the agent desk and transcript export', () => {
  it('answers as the agent with text, quick replies, a card, a file, typing, a transfer and the end', async () => {
    const { page, context } = await openConsole(browser, app.console.url);
    await startConversation(page, 'Desk Guest', { attribute: ['tier', 'gold'] });
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('hello');
    await box.press('Enter');
    await page.getByRole('button', { name: 'Agent desk' }).click();
    const desk = page.getByRole('complementary', { name: 'Agent desk' });
    const log = page.getByRole('log', { name: 'Messages' });
    await desk.getByText('In the conversation: Sandy').waitFor();
    // What QA checks: the guest's custom attributes arrived at the agent's side.
    const guest = desk.getByLabel('Guest details');
    await guest.getByRole('definition').filter({ hasText: 'gold' }).waitFor();
    expect(await guest.getByRole('term').allTextContents()).toEqual(['Name', 'tier']);

    // The tab row is one line at 1280 px, and the selected tab keeps its colours under the pointer.
    const tabTops = await desk.getByRole('tab').evaluateAll((tabs) => tabs.map((tab) => tab.getBoundingClientRect().top));
    expect(new Set(tabTops).size).toBe(1);
    const selected = desk.getByRole('tab', { name: 'Text' });
    const colours = () => selected.evaluate((tab) => [getComputedStyle(tab).backgroundColor, getComputedStyle(tab).color]);
    const resting = await colours();
    await selected.hover();
    expect(await colours()).toEqual(resting);
    await screenshot(page, 'agent-desk-guest-light');

    await desk.getByRole('textbox', { name: 'Agent message' }).fill('Hello, this is the operator.');
    await desk.getByRole('button', { name: 'Send as agent' }).click();
    await log.getByRole('article', { name: 'Operator' }).getByText('Hello, this is the operator.').waitFor();
    await desk.getByText('Message: done.').waitFor();

    await desk.getByRole('tab', { name: 'Replies' }).click();
    expect(await desk.getByText('Message: done.').count()).toBe(0);
    await desk.getByRole('textbox', { name: 'Question' }).fill('Shall I call you back?');
    await desk.getByRole('button', { name: 'Send quick replies' }).click();
    await log.getByRole('group', { name: 'Quick replies' }).last().getByRole('button', { name: 'Yes' }).waitFor();

    await desk.getByRole('tab', { name: 'Card' }).click();
    await desk.getByRole('textbox', { name: 'Card title' }).fill('Premium plan');
    await desk.getByRole('button', { name: 'Send card' }).click();
    await log.getByRole('article', { name: 'Premium plan' }).getByRole('button', { name: 'Choose this' }).waitFor();

    await desk.getByRole('tab', { name: 'File' }).click();
    await desk.getByLabel('File to send').setInputFiles({ name: 'terms.txt', mimeType: 'text/plain', buffer: Buffer.from('Terms and conditions') });
    await desk.getByRole('button', { name: 'Send file' }).click();
    await log.getByRole('link', { name: /terms\.txt/ }).waitFor();

    await desk.getByRole('button', { name: 'Show typing' }).click();
    await page.getByRole('status').getByText('Agent is typing…').waitFor();

    await desk.getByRole('tab', { name: 'Control' }).click();
    await desk.getByRole('textbox', { name: 'Transfer to agent' }).fill('Alex Billing');
    await desk.getByRole('button', { name: 'Transfer', exact: true }).click();
    await desk.getByText('as Alex Billing').waitFor();
    // The transfer is in the thread at once, before Alex says anything, and only once after he does.
    await log.getByText('Operator transferred the conversation to Alex Billing and left.').waitFor();
    await log.getByText('Alex Billing joined the conversation.').waitFor();
    await desk.getByRole('tab', { name: 'Text' }).click();
    await desk.getByRole('textbox', { name: 'Agent message' }).fill('Alex here.');
    await desk.getByRole('button', { name: 'Send as agent' }).click();
    await log.getByRole('article', { name: 'Alex Billing' }).getByText('Alex here.').waitFor();
    expect(await log.getByText('Alex Billing joined the conversation.').count()).toBe(1);

    // Export before the end: every format carries the thread and none carries a secret.
    const secrets = [app.console.sandbox.org.clientSecret, app.console.sandbox.org.webhookSecret, app.console.sandbox.controlToken];
    for (const [label, marker] of [
      ['Export as JSON', '"format": "guest-console-transcript"'],
      ['Export as Markdown', '# Transcript: Desk Guest'],
      ['Export as HTML', '<!doctype html>'],
    ] as const) {
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label }).click()]);
      const content = fs.readFileSync((await download.path())!, 'utf8');
      expect(content).toContain(marker);
      expect(content).toContain('Alex here.');
      for (const secret of secrets) expect(content).not.toContain(secret);
    }

    await desk.getByRole('tab', { name: 'Control' }).click();
    await desk.getByRole('button', { name: 'End as agent' }).click();
    await page.getByText('The agent ended this conversation.', { exact: true }).waitFor();
    await desk.getByText('This conversation has ended in the sandbox.').waitFor();
    await context.close();
  });
});

describe('presentation mode', () => {
  it('brands the console, hides debug views and destructive actions, stays on through a reload, and "Reset demo" ends and clears every conversation after confirmation', async () => {
    const { page, context } = await openConsole(browser, app.console.url);
    await page.getByRole('button', { name: 'Demo' }).click();
    await page.getByRole('textbox', { name: 'Title' }).fill('Acme Bank demo');
    await page.getByRole('textbox', { name: 'Brand colour', exact: true }).fill('#0b6e4f');
    await page.getByText('No logo yet').waitFor();
    const pixel = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await page.getByLabel('Logo', { exact: true }).setInputFiles({ name: 'acme-logo.png', mimeType: 'image/png', buffer: pixel });
    await page.getByText('acme-logo.png').waitFor();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Presentation settings saved.').waitFor();
    await page.getByRole('button', { name: 'Start presenting' }).click();

    const bar = page.getByRole('banner', { name: 'Presentation' });
    await bar.getByText('Acme Bank demo').waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.app')!).fontSize)).toBe('18px');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.app')!).getPropertyValue('--accent').trim())).toBe('#0b6e4f');
    const list = page.getByRole('list', { name: 'Conversations' });
    await list.getByRole('button').first().click();
    const header = page.getByRole('region', { name: 'Conversation details' });
    await header.waitFor();
    expect(await page.getByRole('button', { name: 'Inspector' }).isVisible()).toBe(false);
    // Nothing destructive in front of the audience: no Remove or Close (the "More actions" menu), no Reset demo.
    const destructiveShown = async () => ({
      moreActions: await header.getByRole('button', { name: 'More actions' }).isVisible(),
      resetDemo: await page.getByRole('button', { name: 'Reset demo' }).count(),
    });
    expect(await destructiveShown()).toEqual({ moreActions: false, resetDemo: 0 });
    // A brand accent everywhere: the selected row's tint is mixed from the brand, not the default orange.
    const selectedTint = await list.locator('[aria-current="true"]').evaluate((row) => getComputedStyle(row).backgroundColor);
    expect(selectedTint).not.toMatch(/rgb\(253, 231, 220\)/);
    await screenshot(page, 'presenting-light');

    // A reload (or the console restarting under the tab) keeps presenting, with the same things hidden.
    await page.reload();
    await bar.getByText('Acme Bank demo').waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    await list.getByRole('button').first().click();
    await header.waitFor();
    expect(await destructiveShown()).toEqual({ moreActions: false, resetDemo: 0 });

    await bar.getByRole('button', { name: 'Exit presentation' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await screenshot(page, 'after-presenting-light');
    await header.getByRole('button', { name: 'More actions' }).waitFor({ timeout: 5000 });
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await page.getByRole('banner', { name: 'Presentation' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Demo' }).click();
    // The saved logo says which file it is, after a reload too (not "No file chosen").
    await page.getByText('acme-logo.png').waitFor();
    await page.getByRole('button', { name: 'Reset demo' }).click();
    const confirm = page.getByRole('dialog', { name: 'Reset the demo?' });
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    expect(app.console.sandbox.control.listConversations().some((conversation) => conversation.state === 'active')).toBe(true);
    await page.getByRole('button', { name: 'Reset demo' }).click();
    await confirm.getByRole('button', { name: 'Yes, end and clear all' }).click();
    await expect.poll(() => app.console.sandbox.control.listConversations().every((conversation) => conversation.state === 'ended')).toBe(true);
    await page.getByRole('button', { name: 'Conversations' }).click();
    await list.getByText('No conversations yet.').waitFor();
    await context.close();
  });
});

describe('profiles', () => {
  it('searches regions, tests a connection part by part, and exports and imports profiles without secrets', async () => {
    const { page, context } = await openConsole(browser, app.console.url);
    await page.getByRole('button', { name: 'Profiles' }).click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    const checks = page.getByRole('list', { name: 'Connection checks' });
    await expect.poll(() => checks.getByText('Passed').count()).toBe(4);

    await page.getByRole('button', { name: 'Add profile' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Acme Frankfurt');
    await page.getByRole('searchbox', { name: 'Search regions' }).fill('frankfurt');
    expect(await page.getByRole('combobox', { name: 'Region' }).inputValue()).toBe('eu-central-1');
    // The one matching region, and the custom domain / base URL choice that is always offered last.
    expect(await page.getByRole('combobox', { name: 'Region' }).locator('option').allTextContents()).toEqual([expect.stringMatching(/Frankfurt/i), 'Custom domain or base URL…']);
    await page.getByRole('textbox', { name: 'Integration ID' }).fill('9a1b2c3d-0000-4000-8000-000000000002');
    await page.getByRole('textbox', { name: 'Client ID' }).fill('client-123');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await page.getByText('Profile saved.').waitFor();
    await page.getByLabel('Client secret', { exact: true }).fill('never-exported-secret');
    await page.getByRole('button', { name: 'Save client secret' }).click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    const failed = checks.locator('.check-failed').first();
    await failed.getByText('How to fix:').waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export profiles' }).click()]);
    const exported = fs.readFileSync((await download.path())!, 'utf8');
    expect(exported).toContain('Acme Frankfurt');
    expect(exported).not.toContain('never-exported-secret');

    const copy = exported.replace('"Acme Frankfurt"', '"Acme Frankfurt copy"');
    await page.getByLabel('Profiles file').setInputFiles({ name: 'profiles.json', mimeType: 'application/json', buffer: Buffer.from(copy) });
    await page.getByText('Imported Acme Frankfurt copy. Set their secrets again.').waitFor();
    await page.getByRole('list', { name: 'Profiles' }).getByRole('button', { name: /Acme Frankfurt copy/ }).waitFor();
    await page.getByLabel('Profiles file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"notes":true}') });
    await page.getByRole('alert').getByText(/not a Guest Console profiles file/).waitFor();
    await context.close();
  });
});

describe('a 10,000-message thread', () => {
  it('draws only what is in view, opens at the newest, jumps to latest, keeps its place when older messages arrive, and searches the transcript', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(installLongThread);
    const page = await context.newPage();
    await page.goto(app.console.url);
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /Long Thread/ }).click();
    const log = page.getByRole('log', { name: 'Messages' });
    await log.getByText('Message number 9999', { exact: true }).waitFor();
    expect(await log.getByRole('article').count()).toBeLessThan(60);

    await log.evaluate((element) => element.scrollTo(0, 0));
    await log.getByText('Message number 0 with', { exact: false }).waitFor();
    await log.getByRole('separator').first().waitFor();

    await log.evaluate((element) => element.scrollTo(0, element.scrollHeight / 2));
    const jump = page.getByRole('button', { name: 'Jump to latest' });
    await jump.waitFor();

    // Older messages arrive above: the message in view stays where it was.
    const firstVisible = async () =>
      log.evaluate((element) => {
        const top = element.getBoundingClientRect().top;
        const row = [...element.querySelectorAll('article')].find((article) => article.getBoundingClientRect().bottom > top + 40)!;
        return { text: row.textContent ?? '', top: Math.round(row.getBoundingClientRect().top) };
      });
    const before = await firstVisible();
    await page.evaluate(() => (window as unknown as { addOlder: (count: number) => void }).addOlder(50));
    await page.waitForTimeout(300);
    const after = await firstVisible();
    expect(after.text).toBe(before.text);
    expect(Math.abs(after.top - before.top)).toBeLessThanOrEqual(2);

    await jump.click();
    await log.getByText('Message number 9999', { exact: true }).waitFor();
    await jump.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Search in conversation' }).fill('message number 1234');
    await page.getByRole('status').getByText('1 of 1').waitFor();
    await log.getByText('Message number 1234', { exact: true }).waitFor();
    await page.getByRole('searchbox', { name: 'Search in conversation' }).fill('older message');
    await page.getByRole('status').getByText('50 of 50').waitFor();
    await page.getByRole('button', { name: 'Next match' }).click();
    await page.getByRole('status').getByText('1 of 50').waitFor();
    await log.getByText('Older message 0', { exact: true }).waitFor();
    await context.close();
  });
});
