// The web host's access token stays with the web host (issue 15): the page takes it out of its address at once,
// no cookie exists, and an agent's card image aimed at another loopback port or at the web host itself can
// neither carry the token away nor take the host down — not after a reload, not after a restart.
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Request } from 'playwright-core';
import type { Sandbox } from '../../electron/sandbox';
import { consoleForFile, openConsole, startSandboxConversation } from './browser';

const rig = consoleForFile();
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

interface Heard {
  method: string;
  url: string;
  headers: string;
  body: string;
}

/** Another server on 127.0.0.1, as any local program could run: it keeps everything it is sent. */
async function startListener(): Promise<{ port: number; heard: Heard[]; close(): Promise<void> }> {
  const heard: Heard[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('latin1')));
    req.on('end', () => {
      heard.push({ method: req.method ?? '', url: req.url ?? '', headers: JSON.stringify(req.rawHeaders), body });
      res.writeHead(200, { 'Content-Type': 'image/png' }).end(Buffer.from(PIXEL_PNG, 'base64'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { port, heard, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function sendCard(sandbox: Sandbox, title: string, image: string) {
  const conversation = sandbox.control.listConversations().at(-1)!;
  const sent = sandbox.control.operatorReply(conversation.id, { card: { title, image, actions: [{ text: 'Choose this', payload: 'CHOOSE' }] } });
  expect(sent.ok).toBe(true);
}

/** Every image load the page's CSP stopped, recorded from the first script on. */
async function recordBlockedImages(context: BrowserContext) {
  await context.addInitScript(() => {
    const blocked: string[] = [];
    (window as unknown as { blockedByPolicy: string[] }).blockedByPolicy = blocked;
    document.addEventListener('securitypolicyviolation', (event) => blocked.push(event.blockedURI));
  });
}

const blockedImages = (page: Page) => page.evaluate(() => (window as unknown as { blockedByPolicy?: string[] }).blockedByPolicy ?? []);

describe('the web host\'s access token', () => {
  it('is never sent to another loopback port, not even when an agent card points there, and leaves the address at once', async () => {
    const listener = await startListener();
    const { url } = rig.app.console;
    const token = new URL(url).searchParams.get('token')!;
    const hostOrigin = new URL(url).origin;
    const { context, page } = await openConsole(rig.browser, url);
    try {
      const addressOnOpen = page.url();
      const requests: Request[] = [];
      context.on('request', (request) => requests.push(request));
      await recordBlockedImages(context);
      await page.reload(); // the same tab connects again without the token in its address
      await page.getByRole('status', { name: 'Connection' }).getByText('Connected').waitFor();
      const addressAfterReload = page.url();

      await startSandboxConversation(page, 'Curious Guest');
      const log = page.getByRole('log', { name: 'Messages' });
      const trap = `http://127.0.0.1:${listener.port}/card.png?from=agent`;
      sendCard(rig.app.console.sandbox, 'Listener card', trap);
      await log.getByRole('article', { name: 'Listener card' }).waitFor();
      // The page did try: its policy stopped the image, or the listener heard it.
      await expect.poll(async () => (await blockedImages(page)).includes(trap) || listener.heard.length > 0).toBe(true);

      // Images from the sandbox itself still show.
      const conversation = rig.app.console.sandbox.control.listConversations().at(-1)!;
      rig.app.console.sandbox.control.operatorReply(conversation.id, { attachment: { filename: 'pixel.png', mime: 'image/png', data: PIXEL_PNG } });
      const pixel = log.getByRole('img', { name: 'pixel.png' });
      await expect.poll(() => pixel.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth), { timeout: 15_000 }).toBe(1);
      await sleep(500); // time for any stray request to reach the listener

      const carriesToken = (text: string) => text.includes(token) || text.includes(encodeURIComponent(token));
      expect(listener.heard.filter((heard) => carriesToken(JSON.stringify(heard)))).toEqual([]);
      expect(await context.cookies()).toEqual([]);
      const abroad = requests.filter((request) => new URL(request.url()).origin !== hostOrigin);
      expect(abroad.length).toBeGreaterThan(0); // the sandbox's image at least
      for (const request of abroad) {
        const sent = [request.url(), JSON.stringify(await request.allHeaders()), request.postData() ?? ''].join('\n');
        expect(carriesToken(sent), request.url()).toBe(false);
      }
      expect(await blockedImages(page)).toContain(trap);
      expect([addressOnOpen, addressAfterReload, await page.evaluate(() => window.location.href)]).toEqual([`${hostOrigin}/`, `${hostOrigin}/`, `${hostOrigin}/`]);
    } finally {
      await context.close();
      await listener.close();
    }
  });

  it('opened without the token, the page says how to get in instead of retrying', async () => {
    const context = await rig.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(new URL(rig.app.console.url).origin);
      await page.getByRole('status', { name: 'Connection' }).getByText('open the console from the URL the web host printed').waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('a poison message', () => {
  it('a card image aimed at the web host with a bad percent-encoding gets a 400, and the host keeps serving across a reload and a restart', async () => {
    const hostOrigin = new URL(rig.app.console.url).origin;
    const poison = `${hostOrigin}/%c0/poison.png`;
    const { context, page } = await openConsole(rig.browser, rig.app.console.url);
    try {
      const answers: number[] = [];
      context.on('response', (response) => response.url().endsWith('/poison.png') && answers.push(response.status()));
      await startSandboxConversation(page, 'Poisoned Guest');
      sendCard(rig.app.console.sandbox, 'Poisoned card', poison);
      const card = page.getByRole('log', { name: 'Messages' }).getByRole('article', { name: 'Poisoned card' });
      await card.waitFor();
      await expect.poll(() => answers).toEqual([400]);

      await page.reload();
      await page.getByRole('status', { name: 'Connection' }).getByText('Connected').waitFor();
      await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /Poisoned Guest/ }).click();
      await card.waitFor();
      await expect.poll(() => answers).toEqual([400, 400]);

      await rig.app.restart(); // same port and token: the journal brings the card back
      expect(new URL(rig.app.console.url).origin).toBe(hostOrigin);
      await page.goto(rig.app.console.url);
      await page.getByRole('status', { name: 'Connection' }).getByText('Connected').waitFor();
      await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /Poisoned Guest/ }).click();
      await card.waitFor();
      await expect.poll(() => answers).toEqual([400, 400, 400]);
      expect((await fetch(`${hostOrigin}/`)).status).toBe(200);
    } finally {
      await context.close();
    }
  });
});
