// The data folder holds org credentials (secrets.json), guest tokens (journals) and conversations, so only
// its owner may enter it: the folder and the console's subfolders are 0700, the console's files 0600.
// Folders made by an older version (0755, 0644) are tightened at every start. Links are never followed,
// and what is not the console's (e.g. Chromium's files in Electron's userData) is left as it is.
// Windows has no such modes; there the folder inherits the user profile's access rules.
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_FOLDER_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** The console's subfolders of the data folder; every regular file in them is the console's. */
export const CONSOLE_FOLDERS = ['transcripts', 'scenarios', 'load-results', 'webhook-deliveries'] as const;

/** At the top of the data folder only the console's JSON documents (settings, secrets, set-aside copies). */
const isConsoleDocument = (name: string) => name.endsWith('.json');

/**
 * Creates the data folder if needed and restricts it, its console subfolders and the console's files to
 * their owner. Returns notices for what could not be restricted; never throws for a mode it cannot set.
 */
export function securePrivateDataFolder(directory: string): string[] {
  fs.mkdirSync(directory, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  if (process.platform === 'win32') return [];
  const notices: string[] = [];
  const restrict = (target: string, mode: number) => {
    try {
      const stat = fs.lstatSync(target);
      if ((stat.mode & 0o777) !== mode) fs.chmodSync(target, mode);
    } catch (error) {
      notices.push(`Could not make ${target} private to your user (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); other users of this machine may be able to read it.`);
    }
  };
  restrict(directory, PRIVATE_FOLDER_MODE);
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const target = path.join(directory, entry.name);
    if (entry.isFile() && isConsoleDocument(entry.name)) restrict(target, PRIVATE_FILE_MODE);
    if (!entry.isDirectory() || !(CONSOLE_FOLDERS as readonly string[]).includes(entry.name)) continue;
    restrict(target, PRIVATE_FOLDER_MODE);
    for (const inner of fs.readdirSync(target, { withFileTypes: true })) {
      if (inner.isFile()) restrict(path.join(target, inner.name), PRIVATE_FILE_MODE);
    }
  }
  return notices;
}
