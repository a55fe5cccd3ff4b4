// A tester saves a persona with an avatar: the file control says which image it holds, also after saving and
// a reload; an email that is not one is warned about and saved anyway; "Create persona" is in view above the
// status bar at 1280×800.
import { describe, expect, it } from 'vitest';
import { consoleForFile, openConsole, screenshot } from './browser';

const rig = consoleForFile();

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('personas', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`saves a persona with its avatar file named, warning about a bad email without refusing it (${scheme})`, async () => {
      const name = `Jamie ${scheme}`;
      const { page, context } = await openConsole(rig.browser, rig.app.console.url, scheme);
      await page.getByRole('button', { name: 'Personas' }).click();
      await page.getByRole('button', { name: 'Add persona' }).click();
      const form = page.getByRole('form', { name: 'New persona' });
      await form.getByText('No image yet').waitFor();
      await form.getByRole('textbox', { name: 'Persona name' }).fill(name);
      await form.getByRole('textbox', { name: 'Email' }).fill('not-an-email');
      await form.getByText('This does not look like an email address').waitFor();
      await form.getByLabel('Avatar image').setInputFiles({ name: 'jamie.png', mimeType: 'image/png', buffer: PNG });
      await form.getByText('jamie.png').waitFor();
      await screenshot(page, `personas-new-${scheme}`);
      const create = form.getByRole('button', { name: 'Create persona' });
      const box = (await create.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual((await page.locator('.statusbar').boundingBox())!.y);
      await create.click();

      const saved = page.getByRole('form', { name: `Persona ${name}` });
      await saved.getByText('Persona saved.').waitFor();
      expect(await saved.getByRole('textbox', { name: 'Email' }).inputValue()).toBe('not-an-email');
      await saved.getByText('jamie.png').waitFor();
      await page.reload();
      await page.getByRole('button', { name: 'Personas' }).click();
      await page.getByRole('button', { name: new RegExp(name) }).click();
      await page.getByRole('form', { name: `Persona ${name}` }).getByText('jamie.png').waitFor();
      await screenshot(page, `personas-saved-${scheme}`);
      await context.close();
    });
  }
});
