// A user sets up the sandbox's Open Messaging profile, converses over the signed webhook, and runs
// "Check webhook" — in the real console, against the real engine and sandbox.
import { describe, expect, it } from 'vitest';
import { consoleForFile, openConsole, screenshot } from './browser';

const rig = consoleForFile();

describe('Open Messaging in the console', () => {
  it('sets up the sandbox integration, converses through the webhook, and checks the webhook', async () => {
    const { page, context } = await openConsole(rig.browser, rig.app.console.url);
    await page.getByRole('button', { name: 'Profiles' }).click();
    const setup = page.getByRole('region', { name: 'Open Messaging webhook' });
    await expect.poll(() => setup.getByLabel('Receiver address').textContent()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const receiver = (await setup.getByLabel('Receiver address').textContent())!;

    // Point the demo integration at the console's receiver, after confirming.
    await setup.getByRole('button', { name: 'Change webhook…' }).click();
    const dialog = page.getByRole('dialog', { name: /Change the webhook of/ });
    expect(await dialog.getByRole('textbox', { name: 'Webhook URL' }).inputValue()).toBe(receiver);
    await dialog.getByRole('button', { name: 'Yes, change the webhook' }).click();
    await expect.poll(() => setup.locator('.integration-url').first().textContent()).toBe(receiver);

    await setup.getByRole('button', { name: 'Check webhook' }).click();
    const result = page.getByRole('status', { name: 'Webhook check' });
    await result.waitFor();
    expect(await result.textContent()).toMatch(/Correctly signed sample: accepted \(HTTP 2\d\d\)/);
    expect(await result.textContent()).toMatch(/Wrongly signed sample: rejected \(HTTP 4\d\d\)/);
    await screenshot(page, 'open-messaging-setup-light');

    await page.getByRole('button', { name: 'Conversations' }).click();
    await page.getByRole('button', { name: 'New conversation' }).click();
    const start = page.getByRole('dialog', { name: 'New conversation' });
    await start.getByText('Open Messaging', { exact: true }).click();
    expect(await start.getByRole('radio', { name: 'Open Messaging' }).isChecked()).toBe(true);
    await start.getByRole('textbox', { name: 'Persona name' }).fill('Olivia Open');
    await start.getByRole('button', { name: 'Start conversation' }).click();
    await page.getByRole('textbox', { name: 'Message' }).fill('echo over open messaging');
    await page.getByRole('button', { name: 'Send' }).click();
    const messages = page.getByRole('log', { name: 'Messages' });
    await messages.getByText('over open messaging', { exact: true }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'open-messaging-conversation-light');
    await context.close();
  });
});
