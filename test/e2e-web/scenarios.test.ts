// A user records a conversation and replays it: they talk to the sandbox agent as the customer, save the
// conversation as a scenario in the Scenarios screen, run it, and see every step pass with expected beside
// actual and the run's transcript beside the steps; they add a shipped example, import a folder with the
// files its scenario sends, and run all. Screenshots in light and dark.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/temp-dir';
import { consoleForFile, openConsole, screenshot, sendAsGuest } from './browser';

const rig = consoleForFile();


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
    await sendAsGuest(page, 'hello');
    await log.getByText("Hello! I'm Sandy.", { exact: false }).waitFor();
    await sendAsGuest(page, 'quick');
    await log.getByRole('group', { name: 'Quick replies' }).getByRole('button', { name: 'Coffee' }).click();
    await log.getByText('Good choice: Coffee (payload QR_COFFEE).').waitFor();
    await sendAsGuest(page, 'card');
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

  it('adds a shipped example with its files, imports a folder with the files it sends, and runs all', async () => {
    const folder = makeTempDir('guest-console-suite-');
    try {
      const suite = path.join(folder.path, 'suite');
      fs.mkdirSync(path.join(suite, 'files'), { recursive: true });
      fs.writeFileSync(path.join(suite, 'files', 'receipt.txt'), 'receipt 42');
      fs.writeFileSync(path.join(suite, '.DS_Store'), 'junk');
      fs.writeFileSync(
        path.join(suite, 'send-receipt.yaml'),
        'name: Send a receipt\nchannel: webmessaging\nsteps:\n  - attachment: { file: files/receipt.txt, text: My receipt }\n  - expect: { contains: received your file }\n',
      );
      for (const scheme of ['light', 'dark'] as const) {
        const { page, context } = await openConsole(rig.browser, rig.app.console.url, scheme);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Scenarios' }).click();
        const examples = page.getByRole('region', { name: 'Shipped examples' });
        if (scheme === 'light') {
          await examples.getByRole('button', { name: 'Add example Files both ways' }).click();
          await page.getByRole('list', { name: 'Files' }).getByRole('button', { name: /Files both ways/ }).getByText('files.yaml · 6 steps').waitFor();
          await page.getByLabel('Import folder…').setInputFiles(suite);
          await page.getByRole('status').getByText('Imported 1 scenario file(s) and 1 file(s) they can send.').waitFor();
          await page.getByRole('list', { name: 'Files' }).getByRole('button', { name: /Send a receipt/ }).getByText('send-receipt.yaml · 2 steps').waitFor();
          // The invalid file of the earlier test is skipped; every other file runs on each of its channels
          // (riley.yaml: 1, files.yaml: 2, send-receipt.yaml: 1), and all pass.
          await page.getByRole('button', { name: 'Run all' }).click();
          const summary = page.getByRole('status', { name: 'Run all' });
          await expect
            .poll(() => summary.textContent(), { timeout: 60_000 })
            .toBe('Run all: 4 passed, 0 failed, 0 could not run · 1 file(s) skipped for problems');
        }
        await examples.getByText('Added').first().waitFor();
        await screenshot(page, `scenarios-examples-${scheme}`);
        await context.close();
      }
    } finally {
      folder.remove();
    }
  });
});
