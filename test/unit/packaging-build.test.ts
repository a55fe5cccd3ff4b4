// The built app, without an Electron runtime: after `npm run build`,
//  - the main bundle (dist/electron/main.mjs), copied alone next to a fake `electron` module, loads its whole
//    import graph and runs the start path — privileged scheme, sandbox, engine, IPC, window, menu, updater
//    (on the build's own feed, the environment's ignored) — so nothing it needs is left in node_modules;
//    packaged and started with --remote-debugging-port it says why and exits instead;
//  - electron-builder itself (`scripts/dist.ts --dir --linux`, given a stand-in Electron distribution
//    whose binary carries a fuse wire) packs exactly the built main, preload and renderer into app.asar,
//    flips the fuses of electron-builder.yml, bakes the update feed into app-update.yml and the public
//    release-signing key into the packed package.json.
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_CHANNELS } from '../../shared/contract';
import { readSigningKey } from '../../electron/shell/update-signature';
import { buildIcons } from '../../scripts/build-icons';
import { makeTempDir } from '../support/temp-dir';

const root = path.resolve(__dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = makeTempDir('guest-console-packaging-');
const signingPem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const signingKey = readSigningKey(signingPem) as { publicKey: string };

beforeAll(() => {
  const build = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
  expect(build.status).toBe(0);
  buildIcons(path.join(root, 'build', 'icon.svg'), path.join(root, 'dist', 'icons'));
}, 120_000);
afterAll(() => work.remove());

function filesUnder(folder: string): string[] {
  return fs
    .readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `/${path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')}`);
}

type FakeEvent = { event: string; [key: string]: unknown };

/** Runs the copied main bundle until the fake reports the renderer's first app.info answer. */
async function runMainOnFakeElectron(app: string, env: Record<string, string>): Promise<{ events: FakeEvent[]; output: string }> {
  const child = spawn(process.execPath, [path.join(app, 'dist', 'electron', 'main.mjs')], { cwd: app, env: { ...process.env, ...env } });
  let output = '';
  const events: FakeEvent[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the main bundle did not get as far as app.info:\n${output}`)), 20_000);
      const take = (chunk: Buffer) => {
        output += chunk.toString();
        for (const line of chunk.toString().split('\n')) {
          if (!line.startsWith('FAKE-ELECTRON ')) continue;
          const event = JSON.parse(line.slice('FAKE-ELECTRON '.length)) as FakeEvent;
          events.push(event);
          if (event.event === 'invoke') {
            clearTimeout(timer);
            setTimeout(resolve, 200); // let the updater's first check log its outcome
          }
        }
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      child.on('exit', (code) => reject(new Error(`the main bundle exited (${code}):\n${output}`)));
    });
    return { events, output };
  } finally {
    child.kill();
  }
}

describe('the built main bundle on a fake electron', () => {
  const app = path.join(work.path, 'app');
  const resources = path.join(work.path, 'resources');
  beforeAll(() => {
    fs.cpSync(path.join(root, 'dist', 'electron'), path.join(app, 'dist', 'electron'), { recursive: true });
    const fake = path.join(app, 'node_modules', 'electron');
    fs.mkdirSync(fake, { recursive: true });
    fs.copyFileSync(path.join(root, 'test', 'support', 'fake-electron.cjs'), path.join(fake, 'index.js'));
    fs.writeFileSync(path.join(fake, 'package.json'), JSON.stringify({ name: 'electron', main: 'index.js' }));
    // What an installed build carries: its feed in resources/app-update.yml, its release key in package.json.
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'guest-console', version: '0.1.0', updateSigningKey: signingKey.publicKey }));
    fs.mkdirSync(resources);
    fs.writeFileSync(path.join(resources, 'app-update.yml'), 'provider: generic\nurl: https://updates.example.com/guest-console/\nupdaterCacheDirName: guest-console-updater\n');
  });

  it('loads everything it imports from inside the bundle and starts up to the console window', async () => {
    const { events, output } = await runMainOnFakeElectron(app, {
      GUEST_CONSOLE_DATA_DIR: path.join(work.path, 'data'),
      GUEST_CONSOLE_UPDATE_URL: 'http://127.0.0.1:9/updates/',
      FAKE_ELECTRON_PACKAGED: '1',
      FAKE_ELECTRON_RESOURCES: resources,
    });
    const of = (name: string) => events.filter((event) => event.event === name);

    expect(of('privilegedSchemes')).toEqual([{ event: 'privilegedSchemes', schemes: ['app'] }]);
    expect(of('enableSandbox')).toHaveLength(1);
    expect(of('permissionRequestHandler')).toHaveLength(1);
    expect(of('ipcHandle').map((event) => event.channel)).toEqual(REQUEST_CHANNELS.map((channel) => `gc:${channel}`));
    expect(of('window')).toEqual([
      { event: 'window', webPreferences: expect.objectContaining({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: path.join(app, 'dist', 'electron', 'preload.cjs') }) },
    ]);
    expect(of('loadURL')).toEqual([{ event: 'loadURL', url: 'app://console/index.html' }]);
    expect(of('applicationMenu')[0]?.labels).toEqual(expect.arrayContaining(['About Guest Console', 'Check for Updates…', 'Open Data Folder']));

    expect(of('invoke')[0]?.result).toMatchObject({ ok: true, data: { host: 'electron', sandbox: { baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) } } });
    // electron-updater (bundled) ran its first check against the fake, on the build's feed (an unpacked
    // Linux app is no AppImage); the feed in the environment was ignored, and said so.
    expect(output).toContain('updates: GUEST_CONSOLE_UPDATE_URL ignored: an installed console only uses the update feed it was built with');
    expect(output).toContain('APPIMAGE env is not defined');
    expect(output).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find (module|package)/);
  });

  it('refuses, packaged, to start with a debugging switch: an error box saying why, exit code 1, no window', async () => {
    for (const switches of ['remote-debugging-port', 'inspect,js-flags']) {
      const child = spawn(process.execPath, [path.join(app, 'dist', 'electron', 'main.mjs')], {
        cwd: app,
        env: { ...process.env, GUEST_CONSOLE_DATA_DIR: path.join(work.path, 'data'), FAKE_ELECTRON_PACKAGED: '1', FAKE_ELECTRON_RESOURCES: resources, FAKE_ELECTRON_SWITCHES: switches },
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      const events = output.split('\n').filter((line) => line.startsWith('FAKE-ELECTRON ')).map((line) => JSON.parse(line.slice('FAKE-ELECTRON '.length)) as FakeEvent);
      expect(code, output).toBe(1);
      expect(events.filter((event) => event.event === 'errorBox')).toEqual([
        { event: 'errorBox', title: 'Guest Console did not start', content: expect.stringContaining(`--${switches.split(',')[0]}`) },
      ]);
      expect(events.map((event) => event.event)).not.toContain('window');
      expect(events.map((event) => event.event)).not.toContain('ipcHandle');
    }
  });
});

describe('electron-builder --dir with a stand-in Electron', () => {
  const release = path.join(work.path, 'release');
  let unpacked = '';

  beforeAll(() => {
    // An "Electron distribution": a binary holding Electron's fuse sentinel and wire in their default
    // states (run-as-node on, cookie encryption off, …), plus the files electron-builder copies along.
    const electronDist = path.join(work.path, 'electron-dist');
    fs.mkdirSync(path.join(electronDist, 'resources'), { recursive: true });
    const wire = Buffer.concat([Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 8]), Buffer.from('10110001')]);
    fs.writeFileSync(path.join(electronDist, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\nexit 1\n'), wire]), { mode: 0o755 });
    fs.writeFileSync(path.join(electronDist, 'version'), '45.5.0');
    fs.writeFileSync(path.join(electronDist, 'LICENSE'), 'MIT');

    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/dist.ts', '--dir', '--linux', '--x64', `-c.directories.output=${release}`], {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        ELECTRON_OVERRIDE_DIST_PATH: electronDist,
        GUEST_CONSOLE_UPDATE_URL: 'https://updates.example.com/guest-console/',
        GUEST_CONSOLE_UPDATE_GITHUB: '',
        GUEST_CONSOLE_UPDATE_SIGNING_KEY: signingPem,
      },
    });
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    unpacked = path.join(release, 'linux-unpacked');
  }, 90_000);

  it('packs the built main, preload and renderer and nothing else', () => {
    const packed = listPackage(path.join(unpacked, 'resources', 'app.asar'), { isPack: false }).map((entry) => entry.split(path.sep).join('/'));
    const packedFiles = packed.filter((entry) => !fs.statSync(path.join(root, entry)).isDirectory());
    const built = ['/package.json', ...filesUnder('dist/electron'), ...filesUnder('dist/renderer')];
    expect(packedFiles.sort()).toEqual(built.sort());
    expect(packedFiles).toEqual(expect.arrayContaining(['/dist/electron/main.mjs', '/dist/electron/preload.cjs', '/dist/renderer/index.html']));
    const forbidden = packed.filter((entry) => /^\/(test|electron|renderer|shared|scripts|bench|build|node_modules|release)(\/|$)|\.tsx?$|\.map$/.test(entry));
    expect(forbidden).toEqual([]);
  });

  it('flips the fuses of electron-builder.yml in the packaged binary', async () => {
    const wire = await getCurrentFuseWire(path.join(unpacked, 'guest-console'));
    const state = (option: FuseV1Options) => ({ 48: 'off', 49: 'on' })[wire[option] as 48 | 49];
    expect({
      runAsNode: state(FuseV1Options.RunAsNode),
      nodeOptions: state(FuseV1Options.EnableNodeOptionsEnvironmentVariable),
      nodeCliInspect: state(FuseV1Options.EnableNodeCliInspectArguments),
      cookieEncryption: state(FuseV1Options.EnableCookieEncryption),
      onlyLoadAppFromAsar: state(FuseV1Options.OnlyLoadAppFromAsar),
      asarIntegrity: state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation),
      fileProtocolPrivileges: state(FuseV1Options.GrantFileProtocolExtraPrivileges),
    }).toEqual({ runAsNode: 'off', nodeOptions: 'off', nodeCliInspect: 'off', cookieEncryption: 'on', onlyLoadAppFromAsar: 'on', asarIntegrity: 'on', fileProtocolPrivileges: 'off' });
  });

  it('bakes the update feed from the environment into app-update.yml', () => {
    const config = fs.readFileSync(path.join(unpacked, 'resources', 'app-update.yml'), 'utf8');
    expect(config).toMatch(/^provider: generic$/m);
    expect(config).toMatch(/^url: https:\/\/updates\.example\.com\/guest-console\/$/m);
  });

  it('carries the public half of the release-signing key in the packed package.json, never the private key', () => {
    const packed = JSON.parse(extractFile(path.join(unpacked, 'resources', 'app.asar'), 'package.json').toString()) as Record<string, unknown>;
    expect(packed.updateSigningKey).toBe(signingKey.publicKey);
    const everything = listPackage(path.join(unpacked, 'resources', 'app.asar'), { isPack: false })
      .filter((entry) => entry.endsWith('.json') || entry.endsWith('.yml'))
      .map((entry) => extractFile(path.join(unpacked, 'resources', 'app.asar'), entry.slice(1)).toString());
    expect(everything.join('\n')).not.toContain('PRIVATE KEY');
  });
});
