// A user starts a small load run against the sandbox, watches the dashboard, stops it, and opens the
// saved result; a run of the command line on the console's data folder shows up there too; a run with AI guests
// (a local model server as the model) shows their tokens, cost estimate and why they stopped.
import { describe, expect, it } from 'vitest';
import { main } from '../../electron/host/cli/guest-console-cli';
import { startModelServer, transcriptOf } from '../support/model-server';
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

  it('runs AI guests beside scripted ones and shows their tokens of the budget, cost estimate and stops', async () => {
    // The customer says hello, and once the agent has answered it, its goal is reached.
    const model = await startModelServer((request) =>
      transcriptOf(request).includes('You:')
        ? { content: '{"done": true, "reason": "the agent answered"}', usage: { prompt_tokens: 400, completion_tokens: 20, total_tokens: 420 } }
        : { content: '{"say": "Hello, can you help me with my order?"}', usage: { prompt_tokens: 300, completion_tokens: 30, total_tokens: 330 } },
    );
    try {
      const { page, context } = await openConsole(rig.browser, rig.app.console.url);
      await page.getByRole('button', { name: 'Load runs' }).click();
      const form = page.getByRole('form', { name: 'Plan a load run' });
      const ai = form.getByRole('group', { name: 'AI guests' });
      await ai.getByRole('textbox', { name: 'AI guests (% of guests)' }).fill('50');
      await ai.getByRole('note', { name: 'No AI model' }).waitFor();

      await page.getByRole('button', { name: 'Profiles' }).click();
      await page.getByRole('button', { name: /AI customer/ }).click();
      const settings = page.getByRole('region', { name: 'AI customer' });
      await settings.getByRole('textbox', { name: 'Base URL' }).fill(model.baseUrl);
      await settings.getByRole('textbox', { name: 'Model' }).fill('test-model');
      await settings.getByRole('textbox', { name: 'Price per million prompt tokens' }).fill('2.5');
      await settings.getByRole('textbox', { name: 'Price per million completion tokens' }).fill('10');
      await settings.getByRole('button', { name: 'Save settings' }).click();
      await settings.getByRole('status').getByText('Settings saved.').waitFor();

      await page.getByRole('button', { name: 'Load runs' }).click();
      await form.getByRole('textbox', { name: 'Guests', exact: true }).fill('4');
      await form.getByRole('textbox', { name: 'Ramp-up (guests per second)' }).fill('10');
      await form.getByRole('textbox', { name: 'Think time (ms)' }).fill('0');
      await form.getByRole('textbox', { name: 'Messages per guest' }).fill('2');
      await ai.getByRole('textbox', { name: 'AI guests (% of guests)' }).fill('50');
      await ai.getByRole('textbox', { name: 'Goal of the AI guests' }).fill('Ask for help with your order.');
      await ai.getByRole('textbox', { name: 'Messages per AI guest (max)' }).fill('3');
      await ai.getByRole('textbox', { name: 'Token budget for the run' }).fill('5000');
      await expect
        .poll(() => ai.getByRole('note', { name: 'AI guests estimate' }).textContent())
        .toBe(
          "2 of 4 guests are AI guests, spread evenly over the arrivals; the rest send the messages below. Together they spend at most about 5,000 tokens (at most about 0.05 at the AI settings' prices).",
        );
      expect(await ai.getByRole('note', { name: 'No AI model' }).count()).toBe(0);
      await screenshot(page, 'load-plan-ai-guests');
      await form.getByRole('button', { name: 'Start load run' }).click();

      await page.getByRole('button', { name: 'Plan another run' }).waitFor({ timeout: 30_000 });
      const figures = page.getByRole('region', { name: 'AI guests' });
      // Two AI guests, each two requests: 2 × (330 + 420) tokens; at 2.5 and 10 per million.
      await expect.poll(() => figures.locator('.load-stat', { hasText: 'Tokens used' }).locator('dd').textContent()).toBe('1,500 / 5,000');
      expect(await figures.locator('.load-stat', { hasText: 'AI guests done' }).locator('dd').textContent()).toBe('2 / 2');
      expect(await figures.locator('.load-stat', { hasText: 'Cost estimate' }).locator('dd').textContent()).toBe(((1400 * 2.5 + 100 * 10) / 1_000_000).toPrecision(2));
      expect(await figures.getByRole('list', { name: 'Why AI guests stopped' }).textContent()).toBe('Why they stopped:Goal reached 2');
      expect(await figures.getByRole('meter', { name: 'Token budget used' }).getAttribute('value')).toBe('0.3');
      await screenshot(page, 'load-dashboard-ai-guests');
      await context.close();
    } finally {
      await model.close();
    }
  });
});
