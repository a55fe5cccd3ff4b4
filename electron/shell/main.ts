// The desktop app's composition root: hardens the app, serves the renderer from app://console, starts the
// sandbox and the engine, and binds the contract to IPC. The only place (with the rest of electron/shell/)
// that imports `electron`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, net, protocol, session } from 'electron';
import { createConsoleEngine } from '../engine/console/console-engine';
import { decodePathSegment } from '../protocol/http/request-target';
import { createSandbox, replyLatencyFromEnvironment } from '../sandbox';
import { createElectronStoreBackend } from './electron-store-backend';
import { registerContract } from './ipc';
import { installMenuAndUpdates } from './menu-and-updates';
import { createSafeStorageVault } from './safe-storage-vault';
import { APP_HOST, APP_SCHEME, appContentSecurityPolicy, isAllowedNavigation, refusedStartSwitches, refusedSwitchesMessage } from './security-policy';
import { createConsoleWindow } from './window';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDirectory = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, 'preload.cjs');

if (process.env.GUEST_CONSOLE_DATA_DIR) app.setPath('userData', path.resolve(process.env.GUEST_CONSOLE_DATA_DIR));

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();

// Checked before ready: Chromium opens a DevTools port only after this script has run, and app.exit()
// before ready ends the process at once.
const refusedSwitches = app.isPackaged ? refusedStartSwitches((name) => app.commandLine.hasSwitch(name)) : [];
if (refusedSwitches.length > 0) {
  dialog.showErrorBox('Guest Console did not start', refusedSwitchesMessage(refusedSwitches));
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.whenReady().then(start, (error: unknown) => {
    console.error(`Guest Console could not start: ${(error as Error).message}`);
    app.exit(1);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

async function start() {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  const dataDirectory = app.getPath('userData');
  // The agents answer at their scripts' realistic pace, unless GUEST_CONSOLE_SANDBOX_REPLY_LATENCY says otherwise (tests: instant).
  const replyLatency = replyLatencyFromEnvironment(process.env);
  const sandbox = await createSandbox({
    port: 0,
    credentialsDirectory: dataDirectory,
    stateDirectory: path.join(dataDirectory, 'sandbox'),
    ...(replyLatency instanceof Error ? {} : replyLatency),
  });
  const contentSecurityPolicy = appContentSecurityPolicy(new URL(sandbox.baseUrl).origin);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const pathname = decodePathSegment(url.pathname);
    const file = pathname === null ? rendererDirectory : path.resolve(rendererDirectory, `.${pathname}`);
    const served = !file.startsWith(rendererDirectory + path.sep) || !fs.existsSync(file) ? path.join(rendererDirectory, 'index.html') : file;
    const response = await net.fetch(pathToFileURL(served).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', contentSecurityPolicy);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });

  const vault = createSafeStorageVault();
  const engine = createConsoleEngine({
    host: 'electron',
    version: app.getVersion(),
    versions: {
      electron: process.versions.electron ?? '',
      chrome: process.versions.chrome ?? '',
      node: process.versions.node,
    },
    dataDirectory,
    settings: createElectronStoreBackend(dataDirectory),
    vault,
    env: process.env,
    sandbox,
  });
  registerContract(engine, () => BrowserWindow.getAllWindows());
  createConsoleWindow(preloadPath);
  // Release features: application menu, About, data folder, automatic updates.
  installMenuAndUpdates(dataDirectory);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createConsoleWindow(preloadPath);
  });
  app.on('before-quit', () => {
    void engine.close();
    void sandbox.close();
  });
}
