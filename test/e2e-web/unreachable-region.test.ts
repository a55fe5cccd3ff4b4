// A Web Messaging guest on a profile whose hosts do not resolve (a mistyped custom domain) says so at once:
// the banner names the host and the DNS failure, not only that the connection dropped.
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../shared/contract';
import { consoleForFile, openConsole, screenshot } from './browser';

const rig = consoleForFile();

describe('an unreachable region', () => {
  it('names the host that does not resolve as soon as the guest tries', async () => {
    const { page, context } = await openConsole(rig.browser, rig.app.console.url);
    await page.getByRole('button', { name: 'Profiles' }).click();
    await page.getByRole('button', { name: 'Add profile' }).click();
    const form = page.getByRole('form', { name: 'New profile' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Typo org');
    await form.getByRole('combobox', { name: 'Region' }).selectOption('custom');
    await form.getByRole('textbox', { name: 'Domain or base URL' }).fill('mypurecloud-typo.invalid');
    await form.getByRole('textbox', { name: 'Deployment ID' }).fill('5b8c1a3e-0000-4000-8000-000000000001');
    await form.getByRole('button', { name: 'Create profile' }).click();
    await page.getByRole('form', { name: 'Profile Typo org' }).getByText('Profile saved.').waitFor();

    await page.getByRole('button', { name: 'Conversations' }).click();
    await page.getByRole('button', { name: 'New conversation' }).click();
    const dialog = page.getByRole('dialog', { name: 'New conversation' });
    const profiles = dialog.getByRole('combobox', { name: 'Profile' });
    const typo = (await profiles.locator('option').evaluateAll((options) => options.map((option) => [(option as HTMLOptionElement).value, option.textContent]))).find(
      ([, text]) => text?.includes('Typo org'),
    ) as [Profile['id'], string];
    await profiles.selectOption(typo[0]);
    await dialog.getByRole('textbox', { name: 'Persona name' }).fill('Dana');
    const started = Date.now();
    await dialog.getByRole('button', { name: 'Start conversation' }).click();
    await page.getByText(/webmessaging\.mypurecloud-typo\.invalid: the host name does not resolve \(ENOTFOUND\)/).first().waitFor({ timeout: 5_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
    await screenshot(page, 'conversation-unreachable-region-light');
    await context.close();
  });
});
