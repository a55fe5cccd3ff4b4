// A user manages profiles in the real console: create one, set its client secret, reload, find it again —
// and the secret is never readable from the page; a profile on a custom base URL created with its secret in
// one go, with warnings that do not block; polling hides the webhook's settings and says what it costs.
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

  for (const scheme of ['light', 'dark'] as const) {
    it(`creates a custom-URL profile with its secret in one go, warns without blocking, and follows the secret (${scheme})`, async () => {
      const name = `Proxy ${scheme}`;
      const org = rig.app.console.sandbox.org; // this console's sandbox has credentials of its own
      const { page, context } = await openConsole(rig.browser, rig.app.console.url, scheme);
      await page.getByRole('button', { name: 'Profiles' }).click();
      await page.getByRole('button', { name: 'Add profile' }).click();
      const form = page.getByRole('form', { name: 'New profile' });
      await form.getByRole('textbox', { name: 'Name' }).fill(name);
      await form.getByRole('combobox', { name: 'Region' }).selectOption('custom');
      const host = form.getByRole('textbox', { name: 'Domain or base URL' });
      await host.fill('http://proxy.example.com');
      await form.getByText('Use an https:// address').waitFor();
      await host.fill(rig.app.console.sandbox.baseUrl);
      await form.getByRole('textbox', { name: 'Deployment ID' }).fill(org.deploymentId);
      await form.getByRole('textbox', { name: 'Integration ID' }).fill('not-a-uuid');
      await form.getByText('This does not look like an integration ID').waitFor();
      await form.getByRole('textbox', { name: 'Integration ID' }).fill(org.integrationId);
      await form.getByRole('textbox', { name: 'Client ID' }).fill(org.clientId);

      // Webhook settings while receiving by webhook; none, and the trade-off, with polling.
      await form.getByRole('textbox', { name: 'Webhook host' }).waitFor();
      await form.getByRole('combobox', { name: 'Receive replies by' }).selectOption('poll');
      expect(await form.getByRole('textbox', { name: 'Webhook host' }).count()).toBe(0);
      expect(await form.getByLabel('Webhook secret').count()).toBe(0);
      expect(await form.getByText(/up to 30 s while the conversation is idle/).isVisible()).toBe(true);
      await form.getByRole('combobox', { name: 'Receive replies by' }).selectOption('webhook');
      expect(await form.getByText(/within milliseconds/).isVisible()).toBe(true);

      await form.getByLabel('Client secret', { exact: true }).fill(org.clientSecret);
      await screenshot(page, `profiles-new-${scheme}`);
      // The primary button is in view at 1280×800, above the status bar, without scrolling.
      const create = form.getByRole('button', { name: 'Create profile' });
      const box = (await create.boundingBox())!;
      const bar = (await page.locator('.statusbar').boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(bar.y);
      await create.click();

      const saved = page.getByRole('form', { name: `Profile ${name}` });
      await saved.getByText('Profile saved.').waitFor();
      await expect.poll(() => saved.getByLabel('Client secret status').textContent()).toBe('set');
      // The webhook panel lists the org's integrations through the custom address, and never says the secret is missing.
      const webhook = saved.getByRole('region', { name: 'Open Messaging webhook' });
      await webhook.getByRole('list', { name: 'Integrations' }).waitFor({ timeout: 15_000 }).catch(async (error) => {
        await screenshot(page, `profiles-custom-failed-${scheme}`);
        throw error;
      });
      expect(await webhook.textContent()).not.toMatch(/no client secret/i);
      // Without the secret the panel says where to set it; once it is set again, the panel follows at once.
      await saved.getByRole('button', { name: 'Clear' }).click();
      await webhook.getByText('Set the client secret in Secrets above').waitFor();
      await saved.getByLabel('Client secret', { exact: true }).fill(org.clientSecret);
      await saved.getByRole('button', { name: 'Save client secret' }).click();
      await webhook.getByRole('list', { name: 'Integrations' }).waitFor({ timeout: 15_000 });
      // Choosing polling hides the webhook's receiver and tunnel text at once, before saving.
      await saved.getByRole('combobox', { name: 'Receive replies by' }).selectOption('poll');
      await webhook.getByText('receives agent replies by polling').waitFor();
      expect(await webhook.getByLabel('Receiver address').count()).toBe(0);
      expect(await webhook.getByText(/Run a tunnel/).count()).toBe(0);
      await saved.getByRole('combobox', { name: 'Receive replies by' }).selectOption('webhook');
      await webhook.getByRole('list', { name: 'Integrations' }).waitFor({ timeout: 15_000 });
      await page.getByRole('button', { name: new RegExp(`${name}.*Custom`) }).waitFor();
      const save = saved.getByRole('button', { name: 'Save changes' });
      const saveBox = (await save.boundingBox())!;
      expect(saveBox.y + saveBox.height).toBeLessThanOrEqual((await page.locator('.statusbar').boundingBox())!.y);
      await screenshot(page, `profiles-custom-${scheme}`);
      await context.close();
    });
  }

  it('looks right in the dark theme', async () => {
    const { page, context } = await openConsole(rig.browser, rig.app.console.url, 'dark');
    await screenshot(page, 'first-start-dark');
    await page.getByRole('button', { name: 'Profiles' }).click();
    await screenshot(page, 'profiles-dark');
    await context.close();
  });
});
