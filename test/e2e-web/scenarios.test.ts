// A user records a conversation and replays it: they talk to the sandbox agent as the customer, save the
// conversation as a scenario in the Scenarios screen, run it, and see every step pass with expected beside
// actual and the run's transcript beside the steps. Screenshots in light and dark.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { consoleForFile, openConsole, screenshot } from './browser';

const rig = consoleForFile();

async function send(page: Page, text: string) {
  const box = page.getByRole('textbox', { name: 'Message' });
  await expect.poll(() => box.isEnabled()).toBe(true);
  await box.fill(text);
  await box.press('Enter');
}

describe('scenarios in the console', () => {
  it('records a conversation, saves it as a scenario, and replays it green', async () => {
    const { page, context } = await openConsole(rig.browser, rig.app.console.url);

    await page.getByRole('button', { name: 'New conversation' }).click();
    const dialog = page.getByRole('dialog', { name: 'New conversation' });
    await dialog.getByRole('textbox', { name: 'Persona name' }).fill('Riley Recorder');
    await dialog.getByRole('button', { name: 'Start conversation' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const log = page.getByRole('log', { name: 'Messages' });
    await log.getByText("Hi, I'm Sandy, the sandbox agent.", { exact: false }).waitFor();
    await send(page, 'hello');
    await log.getByText("Hello! I'm Sandy.", { exact: false }).waitFor();
    await send(page, 'quick');
    await log.getByRole('group', { name: 'Quick replies' }).getByRole('button', { name: 'Coffee' }).click();
    await log.getByText('Good choice: Coffee (payload QR_COFFEE).').waitFor();
    await send(page, 'card');
    await log.getByText('Here is a card.').waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Scenarios' }).click();
    await page.getByRole('button', { name: 'Save as scenario…' }).click();
    const record = page.getByRole('dialog', { name: 'Save a conversation as a scenario' });
    await expect.poll(() => record.getByRole('combobox', { name: 'Conversation' }).inputValue()).not.toBe('');
    await record.getByRole('textbox', { name: 'File name (optional)' }).fill('riley');
    await record.getByRole('button', { name: 'Save as scenario' }).click();
    await record.waitFor({ state: 'hidden' });

    const files = page.getByRole('list', { name: 'Files' });
    const file = files.getByRole('button', { name: /Recorded: Riley Recorder/ });
    expect(await file.getAttribute('aria-current')).toBe('true');
    await file.getByText('riley.yaml').waitFor();

    await page.getByRole('tab', { name: 'YAML' }).click();
    const yaml = await page.getByRole('textbox', { name: 'Scenario YAML' }).inputValue();
    expect(yaml).toContain('- say: quick');
    expect(yaml).toContain('- choose: Coffee');
    expect(yaml).toMatch(/- expect: \{ contains: Which do you prefer\?, quickReplies: \[ Tea, Coffee, Water \] \}/);
    expect(yaml).toContain('card: Sandbox Plus');

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const status = page.getByRole('status', { name: 'Run status' });
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/^Passed/);
    const steps = page.getByRole('list', { name: 'Steps' }).getByRole('listitem');
    const count = await steps.count();
    expect(count).toBeGreaterThan(6);
    for (let index = 0; index < count; index += 1) expect(await steps.nth(index).getAttribute('aria-label')).toMatch(/: Passed$/);
    const choice = steps.filter({ hasText: 'expect a reply containing "Good choice: Coffee' });
    await choice.getByText('Expected').waitFor();
    await choice.getByText('Actual').waitFor();
    await page.getByRole('list', { name: 'Transcript' }).getByText('Good choice: Coffee (payload QR_COFFEE).').waitFor();
    await page.getByRole('list', { name: 'Transcript' }).getByText('Card “Sandbox Plus”: Buy now · Read more').waitFor();
    await screenshot(page, 'scenarios-light');
    await context.close();

    const dark = await openConsole(rig.browser, rig.app.console.url, 'dark');
    await dark.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Scenarios' }).click();
    await dark.page.getByRole('status', { name: 'Run status' }).getByText(/^Passed/).waitFor();
    await dark.page.getByRole('list', { name: 'Transcript' }).getByText('Good choice: Coffee (payload QR_COFFEE).').waitFor();
    await screenshot(dark.page, 'scenarios-dark');
    await dark.context.close();
  });

  it('shows the problems of an invalid file by line and refuses to run it', async () => {
    const { page, context } = await openConsole(rig.browser, rig.app.console.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Scenarios' }).click();
    await page.getByLabel('Import YAML…').setInputFiles({ name: 'broken.yaml', mimeType: 'text/yaml', buffer: Buffer.from('name: Broken\nsteps:\n  - say: hello\n  - expect: { contians: Hi }\n') });
    const file = page.getByRole('list', { name: 'Files' }).getByRole('button', { name: /Broken/ });
    await file.getByText('broken.yaml · 1 problem(s)').waitFor();
    expect(await page.getByRole('button', { name: 'Run', exact: true }).isDisabled()).toBe(true);
    await page.getByRole('tab', { name: /YAML/ }).click();
    await page.getByRole('list', { name: 'Problems' }).getByText('unknown key `contians` (did you mean `contains`?)').waitFor();
    await page.getByRole('button', { name: 'Line 4, column 15' }).waitFor();
    await context.close();
  });
});
