// Where settings and transcripts live outside Electron: the same folder Electron's app.getPath('userData')
// uses for the product name, so the web host, the CLI and the desktop app share one set of profiles.
// GUEST_CONSOLE_DATA_DIR overrides it (tests, portable setups).
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Guest Console';

export function defaultDataDirectory(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.GUEST_CONSOLE_DATA_DIR) return path.resolve(env.GUEST_CONSOLE_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}
