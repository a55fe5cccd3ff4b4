// Settings in the desktop app through electron-store: the same `settings.json` and format the web host
// and CLI write with conf, in app.getPath('userData'). The engine reads and validates the document itself.
import fs from 'node:fs';
import path from 'node:path';
import Store from 'electron-store';
import { SETTINGS_FILE_NAME } from '../engine/profiles/conf-backend';
import type { SettingsBackend } from '../engine/profiles/settings-store';

export function createElectronStoreBackend(directory: string, now: () => number = Date.now): SettingsBackend {
  const location = path.join(directory, `${SETTINGS_FILE_NAME}.json`);
  let store: Store<Record<string, unknown>> | undefined;
  return {
    location,
    read() {
      if (!fs.existsSync(location)) return undefined;
      const text = fs.readFileSync(location, 'utf8');
      return text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
    },
    write(document) {
      store ??= new Store<Record<string, unknown>>({ cwd: directory, name: SETTINGS_FILE_NAME, configFileMode: 0o600 });
      store.store = document as Record<string, unknown>;
    },
    quarantine(reason) {
      if (!fs.existsSync(location)) return undefined;
      const target = path.join(directory, `${SETTINGS_FILE_NAME}.${reason}-${now()}.json`);
      fs.renameSync(location, target);
      return target;
    },
  };
}
