// The console window: hardened web preferences (the CSP header comes with every app:// response, see
// main.ts), no navigation away from
// the app, no new windows (plain web links open in the system browser), no permission grants.
import path from 'node:path';
import { BrowserWindow, shell } from 'electron';
import { APP_ORIGIN, WEB_PREFERENCES, isAllowedNavigation, isSafeExternalLink } from './security-policy';

export function createConsoleWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Guest Console',
    backgroundColor: '#12151c',
    webPreferences: { ...WEB_PREFERENCES, preload: path.resolve(preloadPath) },
  });
  const contents = window.webContents;
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}
