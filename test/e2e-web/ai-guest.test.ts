// The AI customer in the real page, in both themes: without a model "Let AI play" says how to add one and opens
// Profiles › AI customer; there the model is set up (the key typed in the form never comes back to the page), the
// model answers its test; then the AI plays a conversation with Sandy, the sandbox's default agent — it thinks,
// shows what it is about to send, waits for Send (review), asks for the quick replies and answers with a real
// quick reply, stops at its goal with the reason in the thread — and Take over gives the composer back. A local
// OpenAI-compatible server stands in for the model. A saved persona's tone and facts reach the model; what the
// environment sets shows read-only; in presentation mode it is the hands-free demo.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SETTINGS_FILE_NAME } from '../../electron/engine/profiles/conf-backend';
import { startModelServer, transcriptOf, type ModelAnswer, type ModelRequest, type ModelServer } from '../support/model-server';
import { seriousViolations } from './accessibility';
import { consoleForFile, openConsole, screenshot, sendAsGuest, startConsoleUnderTest, startSandboxConversation } from './browser';

const API_KEY = 'sk-e2e-7c1f0b9a8d2e4f6071829a3b4c5d6e7f';
const GOAL = 'Order a coffee.';

const app = consoleForFile();
let model: ModelServer;
/** The next model request waits until the test lets it go (to show "Thinking…"). */
let held: { release: () => void } | null = null;

/** A customer who wants coffee: asks Sandy for her quick replies, picks Coffee, and is done when she confirms. */
function coffee(request: ModelRequest): ModelAnswer {
  const text = transcriptOf(request);
  if (text.includes('Good choice: Coffee')) return '{"done": true, "reason": "Sandy confirmed the coffee"}';
  const option = /\[(\d+)\] Coffee/.exec(text);
  return option ? `{"choose": ${option[1]}}` : '{"say": "quick replies"}';
}

beforeAll(async () => {
  model = await startModelServer(async (request) => {
    if (transcriptOf(request).includes('Reply with the single word: ready')) return 'ready';
    if (held) await new Promise<void>((resolve) => (held = { release: resolve }));
    return coffee(request);
  });
});
afterAll(async () => {
  held?.release();
  await model?.close();
});

async function startConversation(page: Page, persona: string): Promise<void> {
  await page.getByRole('button', { name: 'Conversations' }).click();
  await startSandboxConversation(page, persona);
}

describe('the AI customer', () => {
  it('without a model, says how to add one and opens Profiles › AI customer, where the model is set up and its key never comes back to the page', async () => {
    const { context, page } = await openConsole(app.browser, app.app.console.url);
    const received: string[] = [];
    page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => received.push(String(payload))));
    await page.reload();
    await page.getByRole('status', { name: 'Connection' }).getByText('Connected').waitFor();

    await startConversation(page, 'Nora');
    await page.getByRole('button', { name: 'Let AI play' }).click();
    const dialog = page.getByRole('dialog', { name: 'Let the AI play this guest' });
    await dialog.getByRole('textbox', { name: 'Goal' }).fill(GOAL);
    await dialog.getByRole('button', { name: 'Start' }).click();
    await dialog.getByRole('alert').getByText('No AI model is set up. In the console: Profiles › AI customer').waitFor();
    await dialog.getByRole('button', { name: 'Open AI customer settings' }).click();

    const settings = page.getByRole('region', { name: 'AI customer' });
    await settings.getByRole('heading', { name: 'AI customer' }).waitFor();
    await settings.getByRole('note').getByText('No AI model is set up').waitFor();
    const baseUrl = settings.getByRole('textbox', { name: 'Base URL' });
    await settings.getByRole('group', { name: 'Common endpoints' }).getByRole('button', { name: 'Ollama' }).click();
    expect(await baseUrl.inputValue()).toBe('http://localhost:11434/v1');
    await settings.getByText('Ollama: on this machine, no key').waitFor();
    await baseUrl.fill(model.baseUrl);
    await settings.getByRole('textbox', { name: 'Model' }).fill('test-customer');
    await settings.getByRole('textbox', { name: 'Token budget per run' }).fill('30000');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByRole('status').getByText('Settings saved.').waitFor();
    await settings.getByText(`Set up: test-customer at ${model.baseUrl}`).waitFor();

    const key = settings.getByLabel('API key', { exact: true });
    await key.fill(API_KEY);
    await settings.getByRole('button', { name: 'Set key' }).click();
    await expect.poll(() => settings.getByLabel('API key status').textContent()).toBe('set');
    expect(await key.inputValue()).toBe('');
    await settings.getByRole('button', { name: 'Replace key' }).waitFor();

    await settings.getByRole('button', { name: 'Test the model' }).click();
    await settings.getByRole('status', { name: 'Model test' }).getByText('It answers.').waitFor();
    expect(model.requests.at(-1)!.headers.authorization).toBe(`Bearer ${API_KEY}`);

    // The key went out once, in the page's own request; nothing the page shows or receives holds it.
    expect(await page.content()).not.toContain(API_KEY);
    expect(received.length).toBeGreaterThan(0);
    expect(received.filter((frame) => frame.includes(API_KEY))).toEqual([]);
    await context.close();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`plays the guest (${theme}): thinking, each draft before Send, a real quick reply, and the stop reason in the thread`, async () => {
      const { context, page } = await openConsole(app.browser, app.app.console.url, theme);
      await page.getByRole('button', { name: 'Profiles' }).click();
      await page.getByRole('button', { name: /AI customer/ }).click();
      const settings = page.getByRole('region', { name: 'AI customer' });
      await settings.getByText('Set up: test-customer').waitFor();
      await settings.getByRole('button', { name: 'Test the model' }).click();
      await settings.getByRole('status', { name: 'Model test' }).getByText('It answers.').waitFor();
      // The whole section in one picture: a taller window for this one.
      await page.setViewportSize({ width: 1280, height: 1000 });
      await page.locator('.detail').evaluate((detail) => detail.scrollTo(0, 0));
      await screenshot(page, `ai-settings-${theme}`);
      expect(await seriousViolations(page)).toEqual([]);
      await page.setViewportSize({ width: 1280, height: 800 });

      await startConversation(page, theme === 'light' ? 'Ada Lovelace' : 'Grace Hopper');
      await page.getByRole('button', { name: 'Let AI play' }).click();
      const dialog = page.getByRole('dialog', { name: 'Let the AI play this guest' });
      await dialog.getByRole('textbox', { name: 'Goal' }).fill(GOAL);
      await dialog.getByRole('spinbutton', { name: 'Messages at most' }).fill('4');
      await dialog.getByRole('checkbox', { name: /Ask before each message/ }).check();
      held = { release: () => undefined };
      await dialog.getByRole('button', { name: 'Start' }).click();
      await dialog.waitFor({ state: 'hidden' });

      const panel = page.getByRole('region', { name: 'AI guest' });
      await panel.getByRole('status').getByText('Thinking…').waitFor();
      await panel.getByText('Turn 0 of 4').waitFor();
      expect(await page.getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(true);
      await page.getByText('The AI is playing this guest. Take over to type yourself.').waitFor();
      // The list marks the guest the AI plays, and only while it plays.
      const row = page.getByRole('list', { name: 'Conversations' }).locator('[aria-current="true"]');
      await row.locator('.ai-badge').waitFor();
      await screenshot(page, `ai-guest-playing-${theme}`);
      const release = held;
      held = null;
      release.release();

      await panel.getByRole('status').getByText('Waiting for your Send').waitFor();
      await panel.getByLabel('About to send').getByText('quick replies').waitFor();
      await panel.getByRole('button', { name: 'Send' }).click();
      const thread = page.getByRole('log', { name: 'Messages' });
      await thread.getByText('Which do you prefer?').waitFor();
      await panel.getByText('Turn 1 of 4').waitFor();
      await panel.getByLabel('About to send').getByText('Coffee').waitFor();
      await panel.getByText('About to choose').waitFor();
      await screenshot(page, `ai-guest-draft-${theme}`);
      expect(await seriousViolations(page)).toEqual([]);
      await panel.getByRole('button', { name: 'Send' }).click();

      await thread.getByText('Good choice: Coffee (payload QR_COFFEE).').waitFor();
      await panel.getByRole('status').getByText('Goal reached').waitFor();
      await panel.getByText('Sandy confirmed the coffee').waitFor();
      await thread.getByText('The AI guest stopped: goal reached — Sandy confirmed the coffee.').waitFor();
      await row.locator('.ai-badge').waitFor({ state: 'detached' });
      await panel.getByText('Turn 2 of 4').waitFor();
      // Its answer went as the quick reply's response: the option shows as the chosen one, the guest's bubble as a choice.
      await thread.getByRole('group', { name: 'Quick replies' }).getByRole('button', { name: 'Coffee', pressed: true }).waitFor();
      await thread.getByRole('article', { name: 'You' }).locator('.bubble-choice').getByText('Coffee').waitFor();
      expect(await page.getByRole('textbox', { name: 'Message' }).isEnabled()).toBe(true);
      await screenshot(page, `ai-guest-stopped-${theme}`);

      if (theme === 'light') {
        // The inspector shows each model request and reply beside the platform's frames, the key redacted.
        await page.getByRole('button', { name: 'Inspector' }).click();
        const inspector = page.getByRole('complementary', { name: 'Inspector' });
        await inspector.getByText('To the AI model:').first().waitFor();
        await inspector.getByText('From the AI model:').first().waitFor();
        await inspector.locator('.frame-modelRequest summary').first().click();
        await inspector.getByText('Authorization: Bearer [redacted]').first().waitFor();
        expect(await page.content()).not.toContain(API_KEY);
        await screenshot(page, 'ai-guest-inspector-light');
        await page.getByRole('button', { name: 'Hide panel' }).click();

        // Again, on its own this time, and the operator takes over before it sends: the composer is theirs again.
        await panel.getByRole('button', { name: 'Play again' }).click();
        await dialog.getByRole('textbox', { name: 'Goal' }).fill('Ask for a human agent.');
        await dialog.getByRole('checkbox', { name: /Ask before each message/ }).uncheck();
        held = { release: () => undefined };
        await dialog.getByRole('button', { name: 'Start' }).click();
        await panel.getByRole('status').getByText('Thinking…').waitFor();
        await panel.getByRole('button', { name: 'Take over' }).click();
        await panel.getByRole('status').getByText('You took over').waitFor();
        await thread.getByText('The AI guest stopped: you took over.').waitFor();
        held.release();
        held = null;
        await sendAsGuest(page, 'echo over to me');
        await thread.getByText('over to me', { exact: true }).waitFor();
        await panel.getByRole('button', { name: 'Close' }).click();
        await panel.waitFor({ state: 'hidden' });
      }
      await context.close();
    });
  }

  it('plays a saved persona with the tone and facts given in Personas', async () => {
    const { context, page } = await openConsole(app.browser, app.app.console.url);
    await page.getByRole('button', { name: 'Personas' }).click();
    await page.getByRole('button', { name: 'Add persona' }).click();
    const form = page.getByRole('form', { name: 'New persona' });
    await form.getByRole('textbox', { name: 'Persona name' }).fill('Pat Facts');
    await form.getByRole('textbox', { name: 'Tone' }).fill('brief and a little impatient');
    await form.getByRole('textbox', { name: 'Facts it knows' }).fill('Order number 1042.\nLoyalty card 5566.');
    await form.getByRole('button', { name: 'Create persona' }).click();
    await page.getByRole('status').getByText('Persona saved.').waitFor();

    await startConversation(page, 'Pat Facts');
    await page.getByRole('button', { name: 'Let AI play' }).click();
    const dialog = page.getByRole('dialog', { name: 'Let the AI play this guest' });
    expect(await dialog.getByRole('combobox', { name: 'Persona' }).locator('option:checked').textContent()).toBe('Pat Facts (this conversation’s)');
    await dialog.getByText('Tone: brief and a little impatient · Knows its facts').waitFor();
    await dialog.getByRole('textbox', { name: 'Goal' }).fill(GOAL);
    await dialog.getByRole('checkbox', { name: /Ask before each message/ }).check();
    await dialog.getByRole('button', { name: 'Start' }).click();
    const panel = page.getByRole('region', { name: 'AI guest' });
    await panel.getByRole('status').getByText('Waiting for your Send').waitFor();
    const system = model.requests.at(-1)!.body.messages![0]!.content;
    expect(system).toContain('You are Pat Facts');
    expect(system).toContain('Your tone: brief and a little impatient.');
    expect(system).toContain('Order number 1042.\nLoyalty card 5566.');
    await panel.getByRole('button', { name: 'Take over' }).click();
    await panel.getByRole('status').getByText('You took over').waitFor();

    // Side by side, each pane offers it in its Pane tools.
    await page.getByRole('group', { name: 'Conversations side by side' }).getByRole('button', { name: '2 side by side' }).click();
    const pane = page.getByRole('region', { name: 'Pane 1: Pat Facts' });
    await pane.getByRole('button', { name: 'Pane tools' }).click();
    expect(await pane.getByRole('menuitem', { name: 'Let the AI play this guest…' }).isEnabled()).toBe(true);
    await page.keyboard.press('Escape');
    await context.close();
  });

  it('shows what the environment sets (GUEST_CONSOLE_AI_*) read-only, and never its key', async () => {
    const envKey = 'sk-env-0a1b2c3d4e5f60718293a4b5c6d7e8f9';
    const hosted = await startConsoleUnderTest({ GUEST_CONSOLE_AI_BASE_URL: model.baseUrl, GUEST_CONSOLE_AI_MODEL: 'env-model', GUEST_CONSOLE_AI_API_KEY: envKey });
    try {
      const { context, page } = await openConsole(app.browser, hosted.console.url);
      await page.getByRole('button', { name: 'Profiles' }).click();
      await page.getByRole('button', { name: /AI customer/ }).click();
      const settings = page.getByRole('region', { name: 'AI customer' });
      await settings.getByText(`Set up: env-model at ${model.baseUrl}`).waitFor();
      const baseUrl = settings.getByRole('textbox', { name: 'Base URL' });
      expect(await baseUrl.inputValue()).toBe(model.baseUrl);
      expect(await baseUrl.isEditable()).toBe(false);
      expect(await settings.getByRole('textbox', { name: 'Model' }).isEditable()).toBe(false);
      await settings.getByText('Set by GUEST_CONSOLE_AI_BASE_URL in the environment').waitFor();
      await settings.getByText('Set by GUEST_CONSOLE_AI_MODEL in the environment').waitFor();
      expect(await settings.getByLabel('API key status').textContent()).toBe('set');
      // Saving the rest leaves the environment's values out of the saved settings.
      await settings.getByRole('textbox', { name: 'Temperature' }).fill('0.2');
      await settings.getByRole('textbox', { name: 'Price per million prompt tokens' }).fill('0.15');
      await settings.getByRole('button', { name: 'Save settings' }).click();
      await settings.getByText('Settings saved.').waitFor();
      const savedAi = () => (JSON.parse(fs.readFileSync(path.join(hosted.dataDirectory, `${SETTINGS_FILE_NAME}.json`), 'utf8')) as { ai?: Record<string, unknown> }).ai;
      expect(savedAi()).toMatchObject({ baseUrl: '', model: '', temperature: 0.2, pricePerMillionPrompt: 0.15 });
      // An emptied price is removed.
      await settings.getByRole('textbox', { name: 'Price per million prompt tokens' }).fill('');
      await settings.getByRole('button', { name: 'Save settings' }).click();
      await expect.poll(() => savedAi()?.pricePerMillionPrompt).toBeUndefined();
      await settings.getByRole('button', { name: 'Test the model' }).click();
      await settings.getByRole('status', { name: 'Model test' }).getByText('It answers.').waitFor();
      expect(model.requests.at(-1)!.body).toMatchObject({ model: 'env-model', temperature: 0.2 });
      expect(await page.content()).not.toContain(envKey);
      await context.close();
    } finally {
      await hosted.close();
    }
  });

  it('is the hands-free demo in presentation mode: "Let AI play" stays in reach and the AI sends on its own', async () => {
    const { context, page } = await openConsole(app.browser, app.app.console.url);
    await startConversation(page, 'Demo Customer');
    await page.getByRole('button', { name: 'Demo', exact: true }).click();
    await page.getByRole('button', { name: 'Start presenting' }).click();
    await page.getByRole('banner', { name: 'Presentation' }).waitFor();
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /Demo Customer/ }).click();

    await page.getByRole('button', { name: 'Let AI play' }).click();
    const dialog = page.getByRole('dialog', { name: 'Let the AI play this guest' });
    await dialog.getByRole('textbox', { name: 'Goal' }).fill(GOAL);
    await dialog.getByRole('button', { name: 'Start' }).click();
    const panel = page.getByRole('region', { name: 'AI guest' });
    const thread = page.getByRole('log', { name: 'Messages' });
    await thread.getByText('Which do you prefer?').waitFor();
    await panel.getByLabel('About to send').getByText('Coffee').waitFor();
    await screenshot(page, 'ai-guest-presenting-light');
    await thread.getByText('The AI guest stopped: goal reached — Sandy confirmed the coffee.').waitFor();
    expect(await panel.getByRole('button', { name: 'Send' }).count()).toBe(0);
    await page.getByRole('banner', { name: 'Presentation' }).getByRole('button', { name: 'Exit presentation' }).click();
    await context.close();
  });
});
