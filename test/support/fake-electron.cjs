// A stand-in for the `electron` module, for loading the built main bundle under plain Node
// (test/unit/packaging-build.test.ts copies it to <tmp>/node_modules/electron/index.js). It implements
// just what the shell and its bundled dependencies call, and reports each milestone on stdout as
// `FAKE-ELECTRON {json}` lines. Plain CommonJS with static exports, so both `import { app }` and the
// bundled dependencies' lazy require() calls find it.
/* eslint-disable @typescript-eslint/no-require-imports */
const { EventEmitter } = require('node:events');
const os = require('node:os');

function report(event, detail = {}) {
  process.stdout.write(`FAKE-ELECTRON ${JSON.stringify({ event, ...detail })}\n`);
}

process.versions.electron ??= '0.0.0-fake';
process.versions.chrome ??= '0.0.0-fake';
process.resourcesPath ??= process.env.FAKE_ELECTRON_RESOURCES ?? os.tmpdir();

const paths = { userData: os.tmpdir(), temp: os.tmpdir(), home: os.homedir() };
// Chromium switches the app was "started with", comma-separated (e.g. remote-debugging-port).
const switches = new Set((process.env.FAKE_ELECTRON_SWITCHES ?? '').split(',').filter(Boolean));
const app = Object.assign(new EventEmitter(), {
  isPackaged: process.env.FAKE_ELECTRON_PACKAGED === '1',
  commandLine: { hasSwitch: (name) => switches.has(name) },
  name: 'Guest Console',
  getName: () => 'Guest Console',
  getVersion: () => '0.1.0',
  getAppPath: () => process.cwd(),
  getPath: (name) => paths[name] ?? os.tmpdir(),
  setPath: (name, value) => {
    paths[name] = value;
  },
  enableSandbox: () => report('enableSandbox'),
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  isReady: () => true,
  quit: () => report('quit'),
  exit: (code) => {
    report('exit', { code });
    process.exit(code);
  },
});

const session = {
  setPermissionRequestHandler: () => report('permissionRequestHandler'),
  setPermissionCheckHandler: () => report('permissionCheckHandler'),
  webRequest: { onHeadersReceived: () => undefined },
  on: () => undefined,
};

const windows = [];
const handlers = new Map();
class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = Object.assign(new EventEmitter(), { session, setWindowOpenHandler: () => undefined, send: () => undefined });
    windows.push(this);
    report('window', { webPreferences: options.webPreferences });
  }
  static getAllWindows() {
    return windows;
  }
  /** Loading the page is when the real renderer would first call the contract: ask app.info as it would. */
  loadURL(url) {
    report('loadURL', { url });
    const handler = handlers.get('gc:app.info');
    if (handler) {
      setImmediate(async () => report('invoke', { channel: 'app.info', result: await handler({ senderFrame: { url, parent: null } }, {}) }));
    }
    return Promise.resolve();
  }
  isDestroyed() {
    return false;
  }
  setProgressBar() {}
  show() {}
  focus() {}
}

exports.app = app;
exports.BrowserWindow = BrowserWindow;
exports.session = { defaultSession: session, fromPartition: () => session };
exports.protocol = {
  registerSchemesAsPrivileged: (schemes) => report('privilegedSchemes', { schemes: schemes.map((entry) => entry.scheme) }),
  handle: (scheme) => report('protocolHandle', { scheme }),
};
exports.net = { fetch: () => Promise.reject(new Error('the fake has no network')), request: () => { throw new Error('the fake has no network'); } };
exports.ipcMain = {
  handle: (channel, handler) => {
    handlers.set(channel, handler);
    report('ipcHandle', { channel });
  },
  on: () => undefined,
  removeHandler: () => undefined,
};
exports.safeStorage = {
  isEncryptionAvailable: () => false,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: () => {
    throw new Error('no keyring in the fake');
  },
  decryptString: () => {
    throw new Error('no keyring in the fake');
  },
};
exports.Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu: (menu) => {
    const labels = (items) => items.flatMap((item) => [item.label ?? item.role ?? item.type, ...(Array.isArray(item.submenu) ? labels(item.submenu) : [])]);
    report('applicationMenu', { labels: labels(menu.template) });
  },
};
exports.dialog = {
  showMessageBox: (options) => {
    report('dialog', { message: options.message });
    return Promise.resolve({ response: 0 });
  },
  showErrorBox: (title, content) => report('errorBox', { title, content }),
};
exports.shell = { openExternal: () => Promise.resolve(), openPath: () => Promise.resolve('') };
exports.autoUpdater = new EventEmitter();
exports.Notification = class {
  static isSupported() {
    return false;
  }
  show() {}
};
