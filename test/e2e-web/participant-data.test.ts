// A tester checks what the platform holds behind a conversation: the "Participant data" panel against the
// built-in sandbox shows the guest's custom attributes as the customer's participant data, beside what was sent,
// in both themes; a profile without an OAuth client gets the reason and a way to Profiles instead.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations } from './accessibility';
import { consoleForFile, openConsole, screenshot } from './browser';

const rig = consoleForFile();

async function startGuest(page: Page, options: { persona: string; profile?: string; attributes?: [string, string][] }) {
  await page.getByRole('button', { name: 'New conversation' }).click();
  const dialog = page.getByRole('dialog', { name: 'New conversation' });
  if (options.profile) await dialog.getByRole('combobox', { name: 'Profile' }).selectOption({ label: options.profile });
  await dialog.getByRole('textbox', { name: 'Persona name' }).fill(options.persona);
  for (const [index, [key, value]] of (options.attributes ?? []).entries()) {
    await dialog.getByRole('button', { name: 'Add attribute' }).click();
    await dialog.getByRole('textbox', { name: `Attribute ${index + 1} name` }).fill(key);
    await dialog.getByRole('textbox', { name: `Attribute ${index + 1} value` }).fill(value);
  }
  await dialog.getByRole('button', { name: 'Start conversation' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('region', { name: 'Conversation details' }).getByText(options.persona).waitFor();
  await page.getByRole('log', { name: 'Messages' }).getByText("Hi, I'm Sandy").waitFor();
}

async function say(page: Page, text: string) {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.keyboard.press('Enter');
  await page.getByRole('log', { name: 'Messages' }).getByText(text, { exact: true }).waitFor();
}

/** The customer's compared table as rows of cell texts: key, sent, held, and the mark's words. */
async function customerRows(page: Page): Promise<string[][]> {
  const table = page.getByRole('region', { name: /^Participant customer/ }).getByRole('table');
  return table
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => Array.from(row.children, (cell) => (cell.querySelector('.visually-hidden') ?? cell).textContent?.trim() ?? '')));
}

describe('the Participant data panel', () => {
  it("shows the guest's custom attributes as the customer's participant data, beside what was sent (light and dark)", async () => {
    const { page, context } = await openConsole(rig.browser, rig.app.console.url, 'light');
    await startGuest(page, { persona: 'Dana Attributes', attributes: [['accountId', 'A-1042'], ['plan', 'Gold']] });
    await say(page, 'Where is my invoice?');

    await page.getByRole('button', { name: 'Participants', exact: true }).click();
    const pane = page.getByRole('complementary', { name: 'Participant data' });
    await pane.waitFor();
    // The customer comes first, with every attribute the guest sent marked as arrived, value for value.
    await expect
      .poll(() => customerRows(page), { timeout: 15_000 })
      .toEqual([
        ['accountId', 'A-1042', 'A-1042', 'Arrived'],
        ['plan', 'Gold', 'Gold', 'Arrived'],
      ]);
    expect(await pane.getByText('All 2 sent attributes arrived.').isVisible()).toBe(true);
    const participants = pane.getByRole('region', { name: /^Participant / });
    expect(await participants.first().getAttribute('aria-label')).toMatch(/^Participant customer/);
    expect(await participants.count()).toBeGreaterThan(1);
    // The read names the platform's conversation, the one the header shows.
    const platformId = await page.getByRole('region', { name: 'Conversation details' }).locator('.platform-id code').textContent();
    expect(await pane.locator('code').first().textContent()).toBe(platformId);

    // The header's actions stay on one row beside the panel.
    const actionTops = await page
      .getByRole('region', { name: 'Conversation details' })
      .locator('.header-actions > *')
      .evaluateAll((actions) => actions.map((action) => Math.round(action.getBoundingClientRect().top)));
    expect(new Set(actionTops).size).toBe(1);

    // Refresh reads again: the read time moves on.
    const readAt = () => pane.locator('time').getAttribute('datetime');
    const before = await readAt();
    await page.waitForTimeout(20);
    await pane.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(readAt).not.toBe(before);

    // An agent message reads again: Sandy's "billing" sets Intent (as Architect's Set Participant Data) and routes
    // to the Billing queue; the panel shows the flow's key beside the guest's, and the queue on the acd participant.
    await say(page, 'billing');
    await expect
      .poll(() => customerRows(page), { timeout: 15_000 })
      .toEqual([
        ['accountId', 'A-1042', 'A-1042', 'Arrived'],
        ['Intent', '—', 'Billing', 'Only on the platform'],
        ['plan', 'Gold', 'Gold', 'Arrived'],
      ]);
    const acd = pane.getByRole('region', { name: /^Participant acd/ });
    await expect.poll(() => acd.locator('dt:text-is("Queue") + dd').textContent(), { timeout: 15_000 }).toBe('Billing');

    // The agent's side, from the agent desk: the operator joins, answers and ends with a wrap-up code; the panel,
    // opened again, shows the code on the agent participant.
    await page.getByRole('button', { name: 'Agent desk' }).click();
    const desk = page.getByRole('complementary', { name: 'Agent desk' });
    await desk.getByRole('tab', { name: 'Control' }).click();
    await desk.getByRole('button', { name: 'Join' }).click();
    await desk.getByText('Join: done.').waitFor();
    await desk.getByRole('tab', { name: 'Text' }).click();
    await desk.getByRole('textbox', { name: 'Agent message' }).fill('I can help with the invoice.');
    await desk.getByRole('button', { name: 'Send as agent' }).click();
    await page.getByRole('log', { name: 'Messages' }).getByText('I can help with the invoice.').waitFor();
    // The queue holds the conversation but never speaks: the hand-over is from Sandy, not from "Billing".
    await page.getByRole('log', { name: 'Messages' }).getByText('Sandy left the conversation.').waitFor();
    expect(await page.getByRole('log', { name: 'Messages' }).getByText('Billing left the conversation.').count()).toBe(0);
    await desk.getByRole('tab', { name: 'Control' }).click();
    await desk.getByRole('textbox', { name: 'Wrap-up code (optional)' }).fill('Resolved');
    await desk.getByRole('button', { name: 'End as agent' }).click();
    await page.getByText('The agent ended this conversation.', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Participants', exact: true }).click();
    const agent = pane.getByRole('region', { name: /^Participant agent/ });
    await expect.poll(() => agent.locator('dt:text-is("Wrap-up") + dd').textContent(), { timeout: 15_000 }).toBe('Resolved');
    expect(await customerRows(page)).toContainEqual(['Intent', '—', 'Billing', 'Only on the platform']);

    await screenshot(page, 'participant-data-light');
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'participant-data-dark');
    expect(await seriousViolations(page)).toEqual([]);

    // The same panel from a split pane's "Pane tools" menu.
    await page.getByRole('button', { name: 'Participants', exact: true }).click();
    await pane.waitFor({ state: 'hidden' });
    await page.getByRole('group', { name: 'Conversations side by side' }).getByRole('button', { name: '2 side by side' }).click();
    const first = page.locator('[data-pane="0"]');
    await first.getByRole('button', { name: 'Pane tools' }).click();
    await page.getByRole('menuitem', { name: 'Participant data' }).click();
    await first.getByRole('complementary', { name: 'Participant data' }).getByText('All 2 sent attributes arrived.').waitFor({ timeout: 15_000 });
    await context.close();
  });

  it('says why when the profile has no OAuth client, and opens Profiles', async () => {
    const { page, context } = await openConsole(rig.browser, rig.app.console.url);
    // A profile of its own through the sandbox's address (as a proxy would serve an org), with no OAuth client.
    const org = rig.app.console.sandbox.org;
    await page.getByRole('button', { name: 'Profiles' }).click();
    await page.getByRole('button', { name: 'Add profile' }).click();
    const form = page.getByRole('form', { name: 'New profile' });
    await form.getByRole('textbox', { name: 'Name' }).fill('No OAuth client');
    await form.getByRole('combobox', { name: 'Region' }).selectOption('custom');
    await form.getByRole('textbox', { name: 'Domain or base URL' }).fill(rig.app.console.sandbox.baseUrl);
    await form.getByRole('textbox', { name: 'Deployment ID' }).fill(org.deploymentId);
    await form.getByRole('button', { name: 'Create profile' }).click();
    await page.getByRole('form', { name: 'Profile No OAuth client' }).getByText('Profile saved.').waitFor();

    await page.getByRole('button', { name: 'Conversations' }).click();
    await startGuest(page, { persona: 'Nico Noclient', profile: 'No OAuth client', attributes: [['plan', 'Gold']] });
    await say(page, 'hello');
    await page.getByRole('button', { name: 'Participants', exact: true }).click();
    const pane = page.getByRole('complementary', { name: 'Participant data' });
    await pane.getByText('Add an OAuth client to this profile to check participant data').waitFor({ timeout: 15_000 });
    expect(await pane.getByRole('table').count()).toBe(0);
    await screenshot(page, 'participant-data-no-client');
    expect(await seriousViolations(page)).toEqual([]);
    // The conversation goes on as before.
    expect(await page.getByRole('textbox', { name: 'Message' }).isEnabled()).toBe(true);

    // Profiles opens on this conversation's profile, where the OAuth client goes.
    await pane.getByRole('button', { name: 'Open Profiles' }).click();
    const profile = page.getByRole('form', { name: 'Profile No OAuth client' });
    expect(await profile.getByRole('textbox', { name: 'Client ID' }).inputValue()).toBe('');
    await expect.poll(() => profile.getByLabel('Client secret status').textContent()).toBe('not set');
    await profile.getByRole('group', { name: 'OAuth client' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'participant-data-profile-oauth-client');
    await context.close();
  });
});
