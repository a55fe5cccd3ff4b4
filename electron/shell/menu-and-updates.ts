// Wires the application menu, the About dialog and automatic updates to Electron and electron-updater.
// main.ts calls installMenuAndUpdates once the console window exists. electron-updater is only touched
// when updates are enabled (an installed build with a feed), so running from the source tree never loads it.
import fs from 'node:fs';
import path from 'node:path';
import { app, dialog, Menu, shell } from 'electron';
import electronUpdater from 'electron-updater';
import { showAboutDialog } from './about';
import { applicationMenuTemplate } from './menu';
import { resolveUpdateFeed } from './update-feed';
import { createUpdateNotices } from './update-notices';
import { UPDATE_KEY_FIELD } from './update-signature';
import { UpdateController, type AutoUpdater } from './updater';

export function installMenuAndUpdates(dataDirectory: string): UpdateController {
  const feed = resolveUpdateFeed(process.env, app.isPackaged ? readIfPresent(path.join(process.resourcesPath, 'app-update.yml')) : null);
  if (app.isPackaged && feed.ignored) console.log(`updates: ${feed.ignored}`);
  const updates = new UpdateController({
    updater: () => electronUpdater.autoUpdater as unknown as AutoUpdater,
    notices: createUpdateNotices(),
    feed: feed.choice,
    isPackaged: app.isPackaged,
    platform: process.platform,
    updateKey: app.isPackaged ? packagedUpdateKey() : null,
    currentVersion: app.getVersion(),
    log: (line) => console.log(line),
  });
  const openFolder = async (folder: string) => {
    fs.mkdirSync(folder, { recursive: true });
    const failure = await shell.openPath(folder);
    if (failure) console.error(`Could not open ${folder}: ${failure}`);
  };
  const facts = {
    version: app.getVersion(),
    electron: process.versions.electron ?? '',
    chrome: process.versions.chrome ?? '',
    node: process.versions.node,
    dataDirectory,
  };
  const template = applicationMenuTemplate(process.platform, app.isPackaged, {
    about: () => void showAboutDialog({ showMessageBox: (options) => dialog.showMessageBox(options), openFolder }, facts),
    checkForUpdates: () => void updates.checkFromMenu(),
    openDataFolder: () => void openFolder(dataDirectory),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  void updates.start();
  return updates;
}

function readIfPresent(file: string): string | null {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
}

/** The release-signing public key scripts/dist.ts put into the packed package.json, if any. */
function packagedUpdateKey(): string | null {
  const text = readIfPresent(path.join(app.getAppPath(), 'package.json'));
  if (text === null) return null;
  try {
    const value = (JSON.parse(text) as Record<string, unknown>)[UPDATE_KEY_FIELD];
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}
