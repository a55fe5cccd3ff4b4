// A user starts a small load run against the sandbox, watches the dashboard, stops it, and opens the
// saved result; a run of the command line on the console's data folder shows up there too.
import { describe, expect, it } from 'vitest';
import { main } from '../../electron/host/cli/guest-console-cli';
import { consoleForFile, openConsole, screenshot } from './browser';

const rig = consoleForFile();

describe('load runs in the console', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`starts a run, watches it, stops it and opens the saved result (${scheme})`, async () => {
      const { page, context } = await openConsole(rig.browser, rig.app.console.url, scheme);
      await page.getByRole('button', { name: 'Load runs' }).click();
      const form = page.getByRole('form', { name: 'Plan a load run' });
      // A plan that would open more Web Messaging connections a minute than a deployment accepts says so before it starts.
      await form.getByRole('textbox', { name: 'Guests', exact: true }).fill('2500');
      await form.getByRole('textbox', { name: 'Ramp-up (guests per second)' }).fill('50');
      await expect
        .poll(() => form.getByRole('note', { name: 'Connection limit' }).textContent().catch(() => ''))
        .toBe('This plan opens 2500 guests at 50 per second, more than the 1000 new connections per minute a Web Messaging deployment accepts; guests arrive at most 1000 in any minute instead (about 3 minutes until every guest has started).');
      await screenshot(page, `load-plan-connection-limit-${scheme}`);
      await form.getByRole('textbox', { name: 'Guests', exact: true }).fill('6');
      await form.getByRole('textbox', { name: 'Ramp-up (guests per second)' }).fill('6');
      await form.getByRole('textbox', { name: 'Think time (ms)' }).fill('300');
      expect(await form.getByRole('note', { name: 'Connection limit' }).count()).toBe(0);
      await form.getByRole('textbox', { name: 'Messages per guest' }).fill('');
      await form.getByRole('textbox', { name: 'Duration (s, optional)' }).fill('120');
      // Which limit ends the run, in the form's words.
      expect(await form.getByLabel('When the run ends').textContent()).toBe('The run ends after 120 s; guests keep sending until then.');
      await form.getByRole('textbox', { name: 'Messages per guest' }).fill('50');
      expect(await form.getByLabel('When the run ends').textContent()).toMatch(/^Whichever comes first ends it: each guest stops after 50 message\(s\), and after 120 s/);
      await screenshot(page, `load-plan-${scheme}`);
      await form.getByRole('textbox', { name: 'Messages per guest' }).fill('');
      await expect.poll(() => form.getByRole('note', { name: 'Limits that apply' }).textContent()).toMatch(/2 messages per second/);
      await form.getByRole('button', { name: 'Start load run' }).click();

      const figures = page.getByRole('definition').filter({ hasText: /^\d+$/ });
      await expect.poll(async () => Number(await page.locator('.load-stat', { hasText: 'Answered' }).locator('dd').textContent()), { timeout: 20_000 }).toBeGreaterThan(6);
      expect(await figures.count()).toBeGreaterThan(0);
      await screenshot(page, `load-dashboard-${scheme}`);
      await page.getByRole('button', { name: 'Stop run' }).click();
      await page.getByRole('button', { name: 'Plan another run' }).waitFor({ timeout: 20_000 });

      const saved = page.getByRole('list', { name: 'Load results' }).getByRole('button').first();
      await saved.waitFor();
      await page.getByRole('button', { name: 'Plan another run' }).click();
      await saved.click();
      const result = page.getByLabel('Saved load result');
      await result.getByText('stopped', { exact: true }).waitFor();
      expect(Number(await result.locator('.load-stat', { hasText: 'Answered' }).locator('dd').textContent())).toBeGreaterThan(6);
      await screenshot(page, `load-result-${scheme}`);
      await context.close();
    });
  }

  it('lists load runs of the command line (GUEST_CONSOLE_DATA_DIR) and compares them', async () => {
    const cliLoad = async (guests: number) => {
      const out: string[] = [];
      const err: string[] = [];
      const args = ['load', '--profile', 'sandbox', '--guests', String(guests), '--ramp', '20', '--messages-per-guest', '1', '--think', '0', '--message', 'echo from the CLI'];
      const code = await main(args, {
        cwd: rig.app.dataDirectory,
        env: { GUEST_CONSOLE_DATA_DIR: rig.app.dataDirectory, GUEST_CONSOLE_SANDBOX_REPLY_LATENCY: 'instant' },
        stdout: { write: (text) => void out.push(text) },
        stderr: { write: (text) => void err.push(text) },
        version: '0.0.0-test',
      });
      expect(code).toBe(0);
      // The console holds its sandbox's org, so the command's own sandbox keeps none, and says so.
      expect(err.join('')).toMatch(/sandbox state folder .* keeps no org of its own/);
      expect(out.join('')).toContain(`saved: ${rig.app.dataDirectory}`);
    };
    await cliLoad(7);
    await cliLoad(3);

    const { page, context } = await openConsole(rig.browser, rig.app.console.url);
    await page.getByRole('button', { name: 'Load runs' }).click();
    const results = page.getByRole('list', { name: 'Load results' });
    for (const guests of ['7 guests', '3 guests']) {
      const item = results.getByRole('listitem').filter({ hasText: guests });
      await item.waitFor();
      await item.getByRole('checkbox', { name: 'Compare' }).check();
    }
    const comparison = page.getByRole('table', { name: 'Comparison of two runs' });
    await comparison.waitFor();
    expect((await comparison.getByRole('row', { name: /^Guests/ }).getByRole('cell').allTextContents()).sort()).toEqual(['3', '7']);
    expect((await comparison.getByRole('row', { name: /^Answered/ }).getByRole('cell').allTextContents()).sort()).toEqual(['3', '7']);
    await context.close();
  });
});
