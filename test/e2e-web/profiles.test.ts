// A user manages profiles in the real console: create one, set its client secret, reload, find it again —
// and the secret is never readable from the page.
import { describe, expect, it } from 'vitest';
import { consoleForFile, openConsole, screenshot } from './browser';

const SECRET = 'e2e-Client-Secret-9f8e7d';

const rig = consoleForFile();

describe('the profile manager', () => {
  it('shows the console frame with its accessible landmarks on first start', async () => {
    const { page, context } = await openConsole(rig.browser, rig.app.console.url);
    await expect(page.getByRole('list', { name: 'Conversations' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('log', { name: 'Messages' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('textbox', { name: 'Message' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Send' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'New conversation' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'first-start-light');
    await context.close();
  });

  it('creates a profile, keeps it across a reload and a host restart, and never exposes the secret', async () => {
    const { page, context } = await openConsole(rig.browser, rig.app.console.url);
    await page.getByRole('button', { name: 'Profiles' }).click();
    await page.getByRole('button', { name: 'Add profile' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Acme Production');
    await page.getByRole('combobox', { name: 'Region' }).selectOption('eu-west-1');
    await page.getByRole('textbox', { name: 'Deployment ID' }).fill('5b8c1a3e-0000-4000-8000-000000000001');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await page.getByText('Profile saved.').waitFor();

    const secretField = page.getByLabel('Client secret', { exact: true });
    expect(await secretField.getAttribute('type')).toBe('password');
    await secretField.fill(SECRET);
    await page.getByRole('button', { name: 'Save client secret' }).click();
    await expect.poll(() => page.getByLabel('Client secret status').textContent()).toBe('set');
    expect(await secretField.inputValue()).toBe('');
    await screenshot(page, 'profiles-light');

    await page.reload();
    await page.getByRole('button', { name: 'Profiles' }).click();
    await page.getByRole('button', { name: /Acme Production/ }).click();
    expect(await page.getByRole('combobox', { name: 'Region' }).inputValue()).toBe('eu-west-1');
    await expect.poll(() => page.getByLabel('Client secret status').textContent()).toBe('set');

    const html = await page.content();
    const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(html).not.toContain(SECRET);
    expect(storage).not.toContain(SECRET);
    await context.close();

    await rig.app.restart();
    const again = await openConsole(rig.browser, rig.app.console.url);
    await again.page.getByRole('button', { name: 'Profiles' }).click();
    await again.page.getByRole('button', { name: /Acme Production/ }).waitFor();
    await again.context.close();
  });

  it('shows why a profile cannot be saved, next to the field', async () => {
    const { page, context } = await openConsole(rig.browser, rig.app.console.url);
    await page.getByRole('button', { name: 'Profiles' }).click();
    await page.getByRole('button', { name: 'Add profile' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('   ');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await page.getByText('Give the profile a name').waitFor();
    await context.close();
  });

  it('looks right in the dark theme', async () => {
    const { page, context } = await openConsole(rig.browser, rig.app.console.url, 'dark');
    await screenshot(page, 'first-start-dark');
    await page.getByRole('button', { name: 'Profiles' }).click();
    await screenshot(page, 'profiles-dark');
    await context.close();
  });
});
