// Electron security, as the shell actually applies it: window.ts, ipc.ts, preload.ts and main.ts are
// loaded on a fake `electron` (vi.mock — the real module is never imported) and their effects are checked:
// hardened webPreferences on every window, navigation and new windows refused, web links opened outside
// only after the person's "Open" in a native question, every permission denied, <webview> refused, the
// app:// handler confined to its folder with the CSP on every response, IPC answered only for the
// top-level app page on every contract channel, the preload exposing one object limited to contract
// channels, and a packaged app refusing to start with a debugging switch. The packaged fuses are asserted
// by test/unit/packaging-config.test.ts (configuration) and packaging-build.test.ts (the flipped binary).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNELS, REQUEST_CHANNELS } from '../../shared/contract';
import { appContentSecurityPolicy, IPC_PREFIX, WEB_PREFERENCES } from '../../electron/shell/security-policy';
import { makeTempDir } from '../support/temp-dir';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  class Emitter {
    readonly listeners = new Map<string, Listener[]>();
    on(event: string, listener: Listener) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    once(event: string, listener: Listener) {
      return this.on(event, listener);
    }
    emit(event: string, ...args: unknown[]) {
      for (const listener of this.listeners.get(event) ?? []) listener(...args);
    }
  }
  const state = {
    windows: [] as { options: { webPreferences: Record<string, unknown> }; contents: Emitter & { openHandler?: Listener } }[],
    handlers: new Map<string, Listener>(),
    opened: [] as string[],
    questions: [] as { parent: unknown; message: string; type: string }[],
    answer: 0,
    errorBoxes: [] as { title: string; content: string }[],
    exits: [] as number[],
    switches: new Set<string>(),
    lockRequests: 0,
    exposed: [] as [string, unknown][],
    rendererInvokes: [] as string[],
    permissionRequest: undefined as Listener | undefined,
    permissionCheck: undefined as Listener | undefined,
    protocolHandler: undefined as ((request: { url: string }) => Promise<Response>) | undefined,
    privileged: [] as unknown[],
    sandboxEnabled: false,
    userData: '',
    ready: Promise.resolve() as Promise<unknown>,
  };
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    commandLine: { hasSwitch: (name: string) => state.switches.has(name) },
    getVersion: () => '0.0.0-test',
    getPath: () => state.userData,
    setPath: () => undefined,
    enableSandbox: () => {
      state.sandboxEnabled = true;
    },
    requestSingleInstanceLock: () => {
      state.lockRequests += 1;
      return true;
    },
    whenReady: () => state.ready,
    quit: () => undefined,
    exit: (code: number) => {
      state.exits.push(code);
    },
  });
  class BrowserWindow extends Emitter {
    readonly webContents: Emitter & { openHandler?: Listener; setWindowOpenHandler(handler: Listener): void; send(): void };
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      super();
      const contents = Object.assign(new Emitter(), {
        setWindowOpenHandler(handler: Listener) {
          contents.openHandler = handler;
        },
        send: () => undefined,
      }) as Emitter & { openHandler?: Listener; setWindowOpenHandler(handler: Listener): void; send(): void };
      this.webContents = contents;
      state.windows.push({ options, contents });
    }
    static getAllWindows() {
      return [];
    }
    loadURL() {
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    show() {}
  }
  const session = {
    setPermissionRequestHandler: (handler: Listener) => {
      state.permissionRequest = handler;
    },
    setPermissionCheckHandler: (handler: Listener) => {
      state.permissionCheck = handler;
    },
  };
  const ipcRenderer = Object.assign(new Emitter(), {
    invoke: (channel: string) => (state.rendererInvokes.push(channel), Promise.resolve({ ok: true, data: null })),
    removeListener: () => undefined,
  });
  return { state, Emitter, app, BrowserWindow, session, ipcRenderer };
});

vi.mock('electron', async () => {
  const { readFile } = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  return {
    app: fake.app,
    BrowserWindow: fake.BrowserWindow,
    session: { defaultSession: fake.session },
    shell: { openExternal: (url: string) => (fake.state.opened.push(url), Promise.resolve()), openPath: () => Promise.resolve('') },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => fake.state.privileged.push(...schemes),
      handle: (_scheme: string, handler: (request: { url: string }) => Promise<Response>) => {
        fake.state.protocolHandler = handler;
      },
    },
    net: { fetch: async (url: string) => new Response(await readFile(fileURLToPath(url))) },
    ipcMain: {
      handle: (channel: string, handler: Listener) => fake.state.handlers.set(channel, handler),
      removeHandler: (channel: string) => fake.state.handlers.delete(channel),
    },
    ipcRenderer: fake.ipcRenderer,
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => fake.state.exposed.push([key, api]) },
    safeStorage: { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'basic_text' },
    dialog: {
      showMessageBox: (parent: unknown, options: { message: string; type: string }) => {
        fake.state.questions.push({ parent, message: options.message, type: options.type });
        return Promise.resolve({ response: fake.state.answer, checkboxChecked: false });
      },
      showErrorBox: (title: string, content: string) => fake.state.errorBoxes.push({ title, content }),
    },
    Menu: {},
  };
});
vi.mock('../../electron/shell/menu-and-updates', () => ({ installMenuAndUpdates: () => undefined }));
vi.mock('electron-store', () => ({
  default: class {
    store: Record<string, unknown> = {};
    get(key: string) {
      return this.store[key];
    }
    set(key: string, value: unknown) {
      this.store[key] = value;
    }
    delete(key: string) {
      delete this.store[key];
    }
  },
}));
vi.mock('../../electron/shell/electron-store-backend', async () => {
  const { createConfBackend } = await import('../../electron/engine/profiles/conf-backend');
  return { createElectronStoreBackend: (directory: string) => createConfBackend(directory) };
});

const dir = makeTempDir('guest-console-shell-');
afterAll(() => dir.remove());

describe('the console window', () => {
  it('is created with the hardened webPreferences and a preload, and guards navigation and new windows', async () => {
    const { createConsoleWindow } = await import('../../electron/shell/window');
    createConsoleWindow('/app/preload.cjs');
    const window = fake.state.windows.at(-1)!;
    expect(window.options.webPreferences).toEqual({ ...WEB_PREFERENCES, preload: path.resolve('/app/preload.cjs') });
    const navigate = (url: string) => {
      let prevented = false;
      window.contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('app://console/index.html')).toBe(false);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://console.evil/', 'javascript:alert(1)', 'http://127.0.0.1:1/']) expect(navigate(url)).toBe(true);
  });

  it('opens a link from the page in the browser only after the person answers "Open" to a question naming its host', async () => {
    const { createConsoleWindow } = await import('../../electron/shell/window');
    const consoleWindow = createConsoleWindow('/app/preload.cjs');
    const { contents } = fake.state.windows.at(-1)!;
    fake.state.opened.length = 0;
    fake.state.questions.length = 0;
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

    for (const url of ['file:///etc/passwd', 'app://console/other', 'javascript:alert(1)', 'smb://host/share', 'mailto:a@example.com']) {
      expect(contents.openHandler!({ url })).toEqual({ action: 'deny' });
    }
    await settle();
    expect(fake.state.questions).toEqual([]);

    fake.state.answer = 0; // Cancel
    expect(contents.openHandler!({ url: 'https://help.mypurecloud.com/articles' })).toEqual({ action: 'deny' });
    await settle();
    expect(fake.state.opened).toEqual([]);

    fake.state.answer = 1; // Open in Browser
    contents.openHandler!({ url: 'https://help.mypurecloud.com/articles' });
    await settle();
    contents.openHandler!({ url: 'http://shop.example/cart' });
    await settle();
    expect(fake.state.questions).toEqual([
      { parent: consoleWindow, type: 'question', message: 'Open help.mypurecloud.com in your browser?' },
      { parent: consoleWindow, type: 'question', message: 'Open help.mypurecloud.com in your browser?' },
      { parent: consoleWindow, type: 'warning', message: 'Open shop.example in your browser?' },
    ]);
    expect(fake.state.opened).toEqual(['https://help.mypurecloud.com/articles', 'http://shop.example/cart']);
  });
});

describe('IPC', () => {
  it('answers every contract channel only for the top-level app page', async () => {
    const { registerContract } = await import('../../electron/shell/ipc');
    const dispatched: string[] = [];
    const engine = {
      dispatcher: { dispatch: async (channel: string) => (dispatched.push(channel), { ok: true, data: 'answered' }) },
      bus: { subscribe: () => () => undefined },
    };
    const unregister = registerContract(engine as never, () => []);
    expect([...fake.state.handlers.keys()].sort()).toEqual(REQUEST_CHANNELS.map((channel) => `${IPC_PREFIX}${channel}`).sort());
    const untrusted = [
      null,
      { url: 'app://console/index.html', parent: { url: 'app://console/index.html' } },
      { url: 'https://evil.example/', parent: null },
      { url: 'file:///app/index.html', parent: null },
      { url: 'app://other/index.html', parent: null },
    ];
    for (const channel of REQUEST_CHANNELS) {
      const handler = fake.state.handlers.get(`${IPC_PREFIX}${channel}`)!;
      for (const senderFrame of untrusted) {
        expect(await handler({ senderFrame }, {})).toMatchObject({ ok: false, error: { kind: 'Forbidden' } });
      }
      expect(await handler({ senderFrame: { url: 'app://console/index.html', parent: null } }, {})).toEqual({ ok: true, data: 'answered' });
    }
    expect(dispatched).toEqual(REQUEST_CHANNELS);
    unregister();
    expect(fake.state.handlers.size).toBe(0);
  });
});

describe('the preload', () => {
  it('exposes one object that passes only contract channels and never hands over the IPC event', async () => {
    await import('../../electron/shell/preload');
    expect(fake.state.exposed.map(([key]) => key)).toEqual(['guestConsole']);
    const api = fake.state.exposed[0]![1] as { invoke(channel: string, payload: unknown): Promise<unknown>; on(event: string, listener: Listener): () => void };
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(await api.invoke('shell.openExternal', {})).toMatchObject({ ok: false, error: { kind: 'UnknownChannel' } });
    expect(await api.invoke('__proto__', {})).toMatchObject({ ok: false, error: { kind: 'UnknownChannel' } });
    await api.invoke('app.info', {});
    expect(fake.state.rendererInvokes).toEqual([`${IPC_PREFIX}app.info`]);
    expect(() => api.on('gc:anything', () => undefined)).toThrow();
    const received: unknown[][] = [];
    api.on(EVENT_CHANNELS[0]!, (...args) => received.push(args));
    fake.ipcRenderer.emit('gc:event', { sender: 'the IPC event' }, EVENT_CHANNELS[0], { payload: 1 });
    expect(received).toEqual([[{ payload: 1 }]]);
  });
});

describe('the app (main.ts)', () => {
  let renderer: string;
  beforeAll(async () => {
    fake.state.userData = path.join(dir.path, 'userData');
    let started!: () => void;
    fake.state.ready = new Promise<void>((resolve) => (started = resolve));
    await import('../../electron/shell/main');
    started();
    await vi.waitFor(() => expect(fake.state.protocolHandler).toBeDefined(), { timeout: 15_000 });
    renderer = path.resolve(__dirname, '../../electron/renderer');
  }, 30_000);

  afterAll(() => {
    fake.app.emit('before-quit');
  });

  it('sandboxes every renderer and registers app:// as a standard secure scheme', () => {
    expect(fake.state.sandboxEnabled).toBe(true);
    expect(fake.state.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('denies every permission request and check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const callback = vi.fn();
      fake.state.permissionRequest!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(fake.state.permissionCheck!({}, permission)).toBe(false);
    }
  });

  it('refuses <webview>, navigation away and new windows in any web contents', () => {
    const contents = Object.assign(new fake.Emitter(), { openHandler: undefined as Listener | undefined, setWindowOpenHandler(handler: Listener) { contents.openHandler = handler; } });
    fake.app.emit('web-contents-created', {}, contents);
    const prevented = (event: string, ...args: unknown[]) => {
      let stopped = false;
      contents.emit(event, { preventDefault: () => (stopped = true) }, ...args);
      return stopped;
    };
    expect(prevented('will-attach-webview', {}, {})).toBe(true);
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', 'app://console/index.html')).toBe(false);
    expect(contents.openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('serves only files of the renderer folder under app://console, each with the CSP', async () => {
    fs.mkdirSync(renderer, { recursive: true });
    const created = !fs.existsSync(path.join(renderer, 'index.html'));
    if (created) fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>test page</title>');
    try {
      const index = fs.readFileSync(path.join(renderer, 'index.html'), 'utf8');
      const page = await fake.state.protocolHandler!({ url: 'app://console/index.html' });
      const policy = page.headers.get('Content-Security-Policy') ?? '';
      const images = policy.split(';').map((part) => part.trim()).find((part) => part.startsWith('img-src'))?.split(/\s+/) ?? [];
      // Images from the embedded sandbox's exact origin, never a whole loopback port range.
      expect(images.filter((source) => source.startsWith('http:'))).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/)]);
      expect(page.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(await page.text()).toBe(index);
      for (const url of ['app://console/../../../../etc/passwd', 'app://console/%2e%2e/%2e%2e/%2e%2e/etc/passwd', 'app://console/..%2f..%2f..%2fpackage.json', 'app://console/%c0']) {
        const response = await fake.state.protocolHandler!({ url });
        expect(response.headers.get('Content-Security-Policy')).toBe(policy);
        expect(await response.text()).toBe(index);
      }
      expect((await fake.state.protocolHandler!({ url: 'app://elsewhere/index.html' })).status).toBe(404);
    } finally {
      if (created) fs.rmSync(renderer, { recursive: true, force: true });
    }
  });
});

describe('the content security policy', () => {
  it('allows no inline or eval\'d script, no plugins, no framing, no base or form hijacking', () => {
    const directives = Object.fromEntries(appContentSecurityPolicy('http://127.0.0.1:4710').split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(directives['form-action']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
  });
});

describe('a packaged app started with a debugging switch', () => {
  it('shows why and exits before taking the single-instance lock or waiting for ready', async () => {
    vi.resetModules();
    fake.app.isPackaged = true;
    fake.state.switches = new Set(['remote-debugging-port']);
    const locks = fake.state.lockRequests;
    try {
      await import('../../electron/shell/main');
    } finally {
      fake.app.isPackaged = false;
      fake.state.switches = new Set();
    }
    expect(fake.state.exits).toEqual([1]);
    expect(fake.state.errorBoxes).toEqual([{ title: 'Guest Console did not start', content: expect.stringContaining('--remote-debugging-port') }]);
    expect(fake.state.lockRequests).toBe(locks);
  });

  it('starts as usual from the source tree, where debugging is how the console is developed', async () => {
    vi.resetModules();
    fake.state.switches = new Set(['remote-debugging-port', 'inspect']);
    fake.state.ready = new Promise(() => undefined); // stop before start(): only the start-up decision matters here
    fake.state.exits.length = 0;
    const locks = fake.state.lockRequests;
    try {
      await import('../../electron/shell/main');
    } finally {
      fake.state.switches = new Set();
    }
    expect(fake.state.exits).toEqual([]);
    expect(fake.state.lockRequests).toBe(locks + 1);
  });
});
