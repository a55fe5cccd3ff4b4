// A scenario with an `ai` step in the real Scenarios screen, in both themes: the console's model comes from
// GUEST_CONSOLE_AI_* (a local OpenAI-compatible server stands in for it); the tester imports the file and runs
// it; the AI step shows what the AI said and Sandy answered, why it stopped, the tokens and the judge's
// verdict; the API key never reaches the page.
import { afterAll, describe, expect, it } from 'vitest';
import { startModelServer, transcriptOf, type ModelRequest } from '../support/model-server';
import { consoleForFile, openConsole, screenshot } from './browser';

const KEY = 'sk-e2e-scenario-4d1e7b0c9a8f6e5d4c3b2a1f';

/** A customer who wants coffee from Sandy: asks for her quick replies and picks Coffee; as the judge, agrees. */
function coffee(request: ModelRequest): string {
  const text = transcriptOf(request);
  if (request.body.messages?.[0]?.content.startsWith('You judge')) return '{"met": true, "reasoning": "Sandy answered: Good choice: Coffee."}';
  const option = /\[(\d+)\] Coffee$/m.exec(text);
  return option ? `{"choose": ${option[1]}}` : '{"say": "quick replies"}';
}

const model = await startModelServer(coffee);
afterAll(async () => model.close());
const rig = consoleForFile({ GUEST_CONSOLE_AI_BASE_URL: model.baseUrl, GUEST_CONSOLE_AI_MODEL: 'test-customer', GUEST_CONSOLE_AI_API_KEY: KEY });

const SCENARIO = `name: AI orders a coffee
persona: { name: Casey AI }
steps:
  - expect: { contains: "Hi, I'm Sandy" }
  - ai:
      goal: Order a coffee.
      until: { contains: "Good choice: Coffee" }
      judge: Sandy confirmed the coffee.
  - say: echo thanks
  - expect: { equals: thanks }
`;

describe('an AI step in the Scenarios screen', () => {
  it('runs, and shows the AI conversation, why it stopped, the tokens and the verdict', async () => {
    const { page, context } = await openConsole(rig.browser, rig.app.console.url);
    const received: string[] = [];
    page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => received.push(String(payload))));
    await page.reload();
    await page.getByRole('status', { name: 'Connection' }).getByText('Connected').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Scenarios' }).click();
    await page.getByLabel('Import YAML…').setInputFiles({ name: 'ai-coffee.yaml', mimeType: 'text/yaml', buffer: Buffer.from(SCENARIO) });
    const file = page.getByRole('list', { name: 'Files' }).getByRole('button', { name: /AI orders a coffee/ });
    await file.getByText('ai-coffee.yaml · 4 steps').waitFor();
    await file.click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Run status' }).textContent(), { timeout: 45_000 }).toMatch(/^Passed/);

    const step = page.getByRole('list', { name: 'Steps' }).getByRole('listitem', { name: 'Step 2: Passed' });
    const turns = step.getByRole('list', { name: 'AI conversation' }).getByRole('listitem');
    await expect.poll(() => turns.allTextContents()).toEqual([
      'AI quick replies',
      'Agent Which do you prefer?',
      'AI Coffee',
      'Agent Good choice: Coffee (payload QR_COFFEE).',
    ]);
    await step.getByText(/^Stopped: the expected reply came — the agent replied "Good choice: Coffee/).waitFor();
    await step.getByText(/^\d+ tokens \(\d+ prompt, \d+ completion\)$/).waitFor();
    await step.getByText('Sandy answered: Good choice: Coffee.').waitFor();
    await screenshot(page, 'scenarios-ai-step-light');

    expect(received.join('\n')).not.toContain(KEY);
    expect(await page.content()).not.toContain(KEY);
    await context.close();

    const dark = await openConsole(rig.browser, rig.app.console.url, 'dark');
    await dark.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Scenarios' }).click();
    await dark.page.getByRole('status', { name: 'Run status' }).getByText(/^Passed/).waitFor();
    await dark.page.getByRole('list', { name: 'AI conversation' }).getByText('Good choice: Coffee (payload QR_COFFEE).').waitFor();
    await screenshot(dark.page, 'scenarios-ai-step-dark');
    await dark.context.close();
  });
});
