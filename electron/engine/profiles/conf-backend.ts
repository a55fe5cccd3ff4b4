// Settings on disk under plain Node (web host, CLI), through `conf`: atomic writes, the same JSON file
// that electron-store writes in the desktop app. Reading is done here first, so that an unreadable file is
// reported and set aside instead of conf throwing or clearing it.
import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import type { SettingsBackend } from './settings-store';

export const SETTINGS_FILE_NAME = 'settings';

export function createConfBackend(directory: string, now: () => number = Date.now): SettingsBackend {
  const location = path.join(directory, `${SETTINGS_FILE_NAME}.json`);
  let store: Conf<Record<string, unknown>> | undefined;
  const open = () => {
    store ??= new Conf<Record<string, unknown>>({
      cwd: directory,
      configName: SETTINGS_FILE_NAME,
      configFileMode: 0o600,
      clearInvalidConfig: false,
    });
    return store;
  };
  return {
    location,
    read() {
      if (!fs.existsSync(location)) return undefined;
      const text = fs.readFileSync(location, 'utf8');
      if (text.trim() === '') return undefined;
      return JSON.parse(text) as unknown;
    },
    write(document) {
      open().store = document as Record<string, unknown>;
    },
    quarantine(reason) {
      if (!fs.existsSync(location)) return undefined;
      const target = path.join(directory, `${SETTINGS_FILE_NAME}.${reason}-${now()}.json`);
      fs.renameSync(location, target);
      return target;
    },
  };
}
