// The About dialog's text and its "Open Data Folder" button, and the application menu's layout on macOS
// and elsewhere — with Electron's dialog replaced by a recorder.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aboutDetail, showAboutDialog, type AboutFacts } from '../../electron/shell/about';
import { applicationMenuTemplate } from '../../electron/shell/menu';

type MenuItemConstructorOptions = ReturnType<typeof applicationMenuTemplate>[number];

const facts: AboutFacts = { version: '1.2.3', electron: '45.5.0', chrome: '142.0.1', node: '22.20.0', dataDirectory: path.join('/home/qa', '.config', 'Guest Console') };

describe('About', () => {
  it('gives the versions and where settings and transcripts live', () => {
    expect(aboutDetail(facts).split('\n')).toEqual([
      'Version 1.2.3',
      'Electron 45.5.0 · Chromium 142.0.1 · Node 22.20.0',
      '',
      `Settings and profiles: ${path.join(facts.dataDirectory, 'settings.json')}`,
      `Transcripts: ${path.join(facts.dataDirectory, 'transcripts')}`,
    ]);
  });

  it('opens the data folder only when that button is chosen', async () => {
    for (const [response, opened] of [
      [0, []],
      [1, [facts.dataDirectory]],
    ] as const) {
      const folders: string[] = [];
      await showAboutDialog({ showMessageBox: async () => ({ response, checkboxChecked: false }), openFolder: async (folder) => void folders.push(folder) }, facts);
      expect(folders).toEqual(opened);
    }
  });
});

function labels(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [String(item.label ?? item.role ?? item.type), ...(Array.isArray(item.submenu) ? labels(item.submenu) : [])]);
}

describe('the application menu', () => {
  const calls: string[] = [];
  const actions = { about: () => calls.push('about'), checkForUpdates: () => calls.push('updates'), openDataFolder: () => calls.push('folder') };

  it('puts About and updates in the app menu on macOS, under Help elsewhere', () => {
    const mac = applicationMenuTemplate('darwin', true, actions);
    expect(mac[0]?.label).toBe('Guest Console');
    expect(labels((mac[0]?.submenu ?? []) as MenuItemConstructorOptions[]).slice(0, 2)).toEqual(['About Guest Console', 'Check for Updates…']);
    const windows = applicationMenuTemplate('win32', true, actions);
    expect(windows.map((item) => item.label ?? item.role)).toEqual(['File', 'editMenu', 'View', 'windowMenu', 'help']);
    expect(labels((windows.at(-1)?.submenu ?? []) as MenuItemConstructorOptions[])).toEqual(['Check for Updates…', 'Open Data Folder', 'separator', 'About Guest Console']);
  });

  it('wires each item to its action, and shows developer tools only when not installed', () => {
    const find = (items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined =>
      items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? item.submenu : [])]).find((item) => item.label === label);
    const template = applicationMenuTemplate('linux', true, actions);
    for (const label of ['About Guest Console', 'Check for Updates…', 'Open Data Folder']) (find(template, label)?.click as () => void)();
    expect(calls).toEqual(['about', 'updates', 'folder']);
    expect(labels(template)).not.toContain('toggleDevTools');
    expect(labels(applicationMenuTemplate('linux', false, actions))).toContain('toggleDevTools');
  });
});
