// Offline means offline: the sandbox's default agent shows its card and carousel pictures from the sandbox
// itself. In the real page (the web host, Chromium), every picture loads and no request leaves loopback.
import { describe, expect, it } from 'vitest';
import { consoleForFile, openConsole, screenshot, sendAsGuest, startSandboxConversation } from './browser';

const rig = consoleForFile();


describe("the default agent's pictures", () => {
  it('load from the sandbox, and nothing is requested from the internet', async () => {
    const { context, page } = await openConsole(rig.browser, rig.app.console.url);
    const hosts = new Set<string>();
    page.on('request', (request) => hosts.add(new URL(request.url()).hostname));
    await startSandboxConversation(page, 'Offline Olga');
    const log = page.getByRole('log', { name: 'Messages' });

    await sendAsGuest(page, 'card');
    const card = log.getByRole('article', { name: 'Sandbox Plus' });
    await card.getByRole('button', { name: 'Buy now' }).waitFor();
    await sendAsGuest(page, 'carousel');
    await log.getByText('Pick a size.').waitFor();

    const images = log.locator('img');
    await expect.poll(() => images.count()).toBeGreaterThanOrEqual(4);
    await expect
      .poll(() => images.evaluateAll((all) => all.filter((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0).length))
      .toBeGreaterThanOrEqual(4);
    const sources = await images.evaluateAll((all) => all.map((img) => (img as HTMLImageElement).src));
    expect(sources.filter((src) => src.includes('/assets/')).length).toBeGreaterThanOrEqual(4);
    expect([...hosts].every((host) => host === '127.0.0.1' || host === 'localhost')).toBe(true);
    await screenshot(page, 'sandbox-card-carousel-offline');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'sandbox-card-offline');
    await context.close();
  });
});
