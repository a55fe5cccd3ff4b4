// The console window: hardened web preferences (the CSP header comes with every app:// response, see
// main.ts), no navigation away from the app, no new windows (web links open in the system browser once
// the person says so, see external-links.ts), no permission grants.
import path from 'node:path';
import { BrowserWindow, dialog, shell } from 'electron';
import { createExternalLinkOpener } from './external-links';
import { APP_ORIGIN, OPEN_LINK_BUTTON, WEB_PREFERENCES, isAllowedNavigation } from './security-policy';

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
  const openLink = createExternalLinkOpener({
    ask: async (question) => (await dialog.showMessageBox(window, question)).response === OPEN_LINK_BUTTON,
    open: (url) => shell.openExternal(url),
    failed: (message) => void dialog.showMessageBox(window, { type: 'warning', title: 'Open link', message: 'The link did not open', detail: message, buttons: ['OK'], noLink: true }),
    log: (line) => console.warn(line),
  });
  contents.setWindowOpenHandler(({ url }) => {
    void openLink(url);
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}
