// A run from the page reads environment variables only when the user ticks the box for it: unticked, a
// scenario that uses ${env.GUEST_CONSOLE_VAR_…} is refused with its line and column and nothing runs;
// ticked, the variable is read and the run passes.
import { describe, expect, it } from 'vitest';
import { consoleForFile, openConsole } from './browser';

// The web host hands the engine the environment it was started with.
const rig = consoleForFile({ GUEST_CONSOLE_VAR_E2E_DRINK: 'Tea' });

describe('environment variables in runs from the page', () => {
  it('are read only when the user allows it', async () => {
    const { page, context } = await openConsole(rig.browser, rig.app.console.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Scenarios' }).click();
    const source = 'name: Drink order\nsteps:\n  - say: "echo I want ${env.GUEST_CONSOLE_VAR_E2E_DRINK}"\n  - expect: { equals: I want Tea }\n';
    await page.getByLabel('Import YAML…').setInputFiles({ name: 'drink.yaml', mimeType: 'text/yaml', buffer: Buffer.from(source) });
    await page.getByRole('list', { name: 'Files' }).getByRole('button', { name: /Drink order/ }).getByText('drink.yaml · 2 steps').waitFor();

    const allow = page.getByRole('checkbox', { name: 'Read GUEST_CONSOLE_VAR_… variables' });
    expect(await allow.isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('alert').getByText(/nothing ran\. First: line 3, column 10: `\$\{env\.GUEST_CONSOLE_VAR_E2E_DRINK\}`: this run reads no environment variables/).waitFor();
    expect(await page.getByRole('status', { name: 'Run status' }).count()).toBe(0);

    await allow.check();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Run status' }).textContent(), { timeout: 30_000 }).toMatch(/^Passed/);
    await page.getByRole('list', { name: 'Transcript' }).getByText('I want Tea').first().waitFor();
    await context.close();
  });
});
