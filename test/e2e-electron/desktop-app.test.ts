// The desktop app through Playwright's Electron driver. Where no Electron runtime can be obtained (no
// binary next to the electron package, no ELECTRON_OVERRIDE_DIST_PATH), the tier is skipped and says why.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { _electron as electron } from 'playwright-core';
import { findElectronRuntime } from '../../scripts/electron-runtime.mjs';
import { makeTempDir } from '../support/temp-dir';

const root = path.resolve(__dirname, '..', '..');
const runtime = findElectronRuntime(root) as { path: string | null; reason?: string };

if (!runtime.path) console.log(`e2e-electron skipped: ${runtime.reason}`);

describe.skipIf(!runtime.path)('the desktop app', () => {
  it('opens the console window with the app frame, isolated from Node', async () => {
    const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
    expect(build.status).toBe(0);
    const data = makeTempDir('guest-console-electron-');
    const app = await electron.launch({
      executablePath: runtime.path!,
      args: [path.join(root, 'dist', 'electron', 'main.mjs')],
      env: { ...process.env, GUEST_CONSOLE_DATA_DIR: data.path, GUEST_CONSOLE_SANDBOX_REPLY_LATENCY: 'instant' },
    });
    try {
      const page = await app.firstWindow();
      await page.getByRole('list', { name: 'Conversations' }).waitFor();
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => Object.keys((window as unknown as { guestConsole: object }).guestConsole).sort())).toEqual(['invoke', 'on']);
      const info = await page.evaluate(() => (window as unknown as { guestConsole: { invoke(c: string, p: unknown): Promise<unknown> } }).guestConsole.invoke('app.info', {}));
      expect(info).toMatchObject({ ok: true, data: { host: 'electron' } });
    } finally {
      await app.close();
      data.remove();
    }
  });
});
