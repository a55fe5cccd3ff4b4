// The update controller with a fake electron-updater: quiet on start, every outcome shown when the menu
// asks, progress while downloading, install on quit or on "Restart now", verification settings untouched,
// on Linux nothing downloaded that is not signed with the build's release key, and no updater at all in a
// build without a feed or run from the source tree.
import { EventEmitter } from 'node:events';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FeedChoice } from '../../electron/shell/update-feed';
import { readSigningKey, signUpdate } from '../../electron/shell/update-signature';
import { UPDATER_SETTINGS, UpdateController, type AutoUpdater, type UpdateNotices } from '../../electron/shell/updater';

const FEED: FeedChoice = { kind: 'feed', feed: { provider: 'generic', url: 'https://u.example/' } };

function releaseKey() {
  const key = readSigningKey(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  if ('error' in key) throw new Error(key.error);
  return key;
}

/** A scripted electron-updater: each check plays the events given for it; every property write is recorded. */
function fakeUpdater(script: Array<(emit: (event: string, ...args: unknown[]) => void) => unknown>) {
  const events = new EventEmitter();
  const writes: string[] = [];
  const calls: string[] = [];
  const target = {
    autoDownload: true,
    autoInstallOnAppQuit: false,
    allowDowngrade: true,
    forceDevUpdateConfig: false,
    isUpdateSupported: (_info: unknown): boolean => true,
    checkForUpdates: async () => {
      calls.push('checkForUpdates');
      const step = script.shift();
      if (!step) throw new Error('unexpected check');
      await step((event, ...args) => events.emit(event, ...args));
    },
    quitAndInstall: () => calls.push('quitAndInstall'),
    on: (event: string, listener: (...args: never[]) => void) => events.on(event, listener as (...args: unknown[]) => void),
  };
  const updater = new Proxy(target, {
    set(object, key, value) {
      writes.push(String(key));
      return Reflect.set(object, key, value);
    },
  }) as AutoUpdater;
  return { updater, writes, calls };
}

function fakeNotices(restart = false) {
  const seen: string[] = [];
  const notices: UpdateNotices = {
    progress: (fraction) => seen.push(`progress ${fraction}`),
    upToDate: (version) => seen.push(`upToDate ${version}`),
    downloading: (version) => seen.push(`downloading ${version}`),
    ready: async (version) => {
      seen.push(`ready ${version}`);
      return restart;
    },
    failed: (message) => seen.push(`failed ${message}`),
    unavailable: (reason) => seen.push(`unavailable ${reason}`),
  };
  return { notices, seen };
}

function controller(
  updater: AutoUpdater,
  notices: UpdateNotices,
  options: { feed?: FeedChoice; isPackaged?: boolean; platform?: NodeJS.Platform; updateKey?: string | null } = {},
) {
  const log: string[] = [];
  let created = 0;
  const updates = new UpdateController({
    updater: () => {
      created += 1;
      return updater;
    },
    notices,
    feed: options.feed ?? FEED,
    isPackaged: options.isPackaged ?? true,
    platform: options.platform ?? 'win32',
    updateKey: options.updateKey ?? null,
    currentVersion: '1.0.0',
    log: (line) => log.push(line),
  });
  return { updates, log, created: () => created };
}

const notAvailable = (emit: (event: string, ...args: unknown[]) => void) => emit('update-not-available', { version: '1.0.0' });
const offline = () => {
  throw new Error('net::ERR_INTERNET_DISCONNECTED');
};

describe('UpdateController', () => {
  it('sets only download-and-install-on-quit, no downgrades — never a verification setting', () => {
    const { updater, writes, calls } = fakeUpdater([]);
    controller(updater, fakeNotices().notices);
    expect(writes.sort()).toEqual(Object.keys(UPDATER_SETTINGS).sort());
    expect(updater).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true, allowDowngrade: false, forceDevUpdateConfig: false });
    expect(calls).toEqual([]); // the build's own app-update.yml is used as it is
  });

  it('checks quietly on start and says "up to date" only when the menu asks', async () => {
    const { updater, calls } = fakeUpdater([notAvailable, notAvailable]);
    const { notices, seen } = fakeNotices();
    const { updates } = controller(updater, notices);
    await updates.start();
    expect(seen).toEqual([]);
    await updates.checkFromMenu();
    expect(seen).toEqual(['upToDate 1.0.0']);
    expect(calls).toEqual(['checkForUpdates', 'checkForUpdates']);
    expect(updates.state).toEqual({ phase: 'idle' });
  });

  it('downloads with progress and installs on quit when the person picks "Later"', async () => {
    const { updater, calls } = fakeUpdater([
      (emit) => {
        emit('checking-for-update');
        emit('update-available', { version: '1.1.0' });
        emit('download-progress', { percent: 40 });
        emit('download-progress', { percent: 100 });
        emit('update-downloaded', { version: '1.1.0' });
      },
    ]);
    const { notices, seen } = fakeNotices(false);
    const { updates } = controller(updater, notices);
    await updates.start();
    await Promise.resolve();
    expect(seen).toEqual(['progress 0', 'progress 0.4', 'progress 1', 'progress null', 'ready 1.1.0']);
    expect(calls).toEqual(['checkForUpdates']);
    expect(updates.state).toEqual({ phase: 'ready', version: '1.1.0' });
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('restarts into the update when the person picks "Restart now", also from the menu later', async () => {
    const { updater, calls } = fakeUpdater([(emit) => emit('update-downloaded', { version: '1.1.0' })]);
    const { notices, seen } = fakeNotices(true);
    const { updates } = controller(updater, notices);
    await updates.start();
    await Promise.resolve();
    await updates.checkFromMenu();
    expect(seen).toEqual(['progress null', 'ready 1.1.0', 'ready 1.1.0']);
    expect(calls).toEqual(['checkForUpdates', 'quitAndInstall', 'quitAndInstall']);
  });

  it('tells the person an asked-for download has started', async () => {
    const { updater } = fakeUpdater([(emit) => emit('update-available', { version: '2.0.0' })]);
    const { notices, seen } = fakeNotices();
    const { updates } = controller(updater, notices);
    await updates.checkFromMenu();
    await updates.checkFromMenu();
    expect(seen).toEqual(['progress 0', 'downloading 2.0.0', 'downloading 2.0.0']);
  });

  it('only logs a failed check on start (no network), and shows a failure once when the menu asks', async () => {
    const { updater } = fakeUpdater([
      offline,
      (emit) => {
        const error = new Error('getaddrinfo ENOTFOUND u.example');
        emit('error', error);
        throw error; // electron-updater both emits and rejects
      },
    ]);
    const { notices, seen } = fakeNotices();
    const { updates, log } = controller(updater, notices);
    await updates.start();
    expect(seen).toEqual(['progress null']);
    expect(log).toEqual(['updates: net::ERR_INTERNET_DISCONNECTED']);
    await updates.checkFromMenu();
    expect(seen.filter((line) => line.startsWith('failed'))).toEqual([expect.stringContaining('ENOTFOUND u.example. The console keeps working')]);
    expect(updates.state.phase).toBe('failed');
  });

  it('never loads electron-updater from the source tree or without a feed, and says why from the menu', async () => {
    for (const options of [{ isPackaged: false }, { feed: { kind: 'none', reason: 'This build was made without an update feed.' } as FeedChoice }]) {
      const { updater } = fakeUpdater([]);
      const { notices, seen } = fakeNotices();
      const { updates, created, log } = controller(updater, notices, options);
      await updates.start();
      await updates.checkFromMenu();
      expect(created()).toBe(0);
      expect(log).toHaveLength(1);
      expect(seen).toEqual([expect.stringMatching(/^unavailable (Updates are checked only in an installed build|This build was made without an update feed)/)]);
    }
  });
});

describe('UpdateController on Linux', () => {
  const key = releaseKey();
  const signedFile = (version: string, sha512: string) => ({ url: `guest-console-${version}-linux-x86_64.AppImage`, sha512, signature: signUpdate(key.privateKey, version, sha512) });
  /** A check that, like electron-updater, asks isUpdateSupported about the announced update before downloading. */
  const announce = (updater: AutoUpdater, info: unknown) => async (emit: (event: string, ...args: unknown[]) => void) => {
    if (!(await updater.isUpdateSupported(info))) return emit('update-not-available', info);
    emit('update-available', info);
  };

  /** A Linux controller whose checks announce the given updates; `supported` is electron-updater's own verdict. */
  function linuxController(announced: unknown[], supported = true) {
    const steps: Array<(emit: (event: string, ...args: unknown[]) => void) => unknown> = [];
    const fake = fakeUpdater(steps);
    fake.updater.isUpdateSupported = () => supported;
    fake.writes.length = 0;
    steps.push(...announced.map((info) => announce(fake.updater, info)));
    const { notices, seen } = fakeNotices();
    const { updates } = controller(fake.updater, notices, { platform: 'linux', updateKey: key.publicKey });
    return { ...fake, updates, seen };
  }

  it('adds the release-signature check in front of every download, and nothing else', () => {
    const { writes } = linuxController([]);
    expect(writes.sort()).toEqual([...Object.keys(UPDATER_SETTINGS), 'isUpdateSupported'].sort());
  });

  it('downloads an update whose every file is signed with the build’s key', async () => {
    const info = { version: '1.1.0', files: [signedFile('1.1.0', 'A'.repeat(86) + '=='), { ...signedFile('1.1.0', 'B'.repeat(86) + '=='), url: 'guest-console-1.1.0-linux-amd64.deb' }] };
    const { updates, seen } = linuxController([info]);
    await updates.checkFromMenu();
    expect(seen).toEqual(['progress 0', 'downloading 1.1.0']);
    expect(updates.state).toMatchObject({ phase: 'downloading', version: '1.1.0' });
  });

  it('refuses, before downloading, an update that is unsigned, signed for another version or file, or signed with another key', async () => {
    const good = signedFile('1.1.0', 'A'.repeat(86) + '==');
    const otherKey = releaseKey();
    const cases: Array<[unknown, RegExp]> = [
      [{ version: '1.1.0', files: [{ url: good.url, sha512: good.sha512 }] }, /version 1\.1\.0 is not signed/],
      [{ version: '1.2.0', files: [good] }, /does not match this console's key/],
      [{ version: '1.1.0', files: [{ ...good, sha512: 'C'.repeat(86) + '==' }] }, /does not match this console's key/],
      [{ version: '1.1.0', files: [{ ...good, signature: signUpdate(otherKey.privateKey, '1.1.0', good.sha512) }] }, /does not match this console's key/],
      [{ version: '1.1.0', files: [good, { url: 'extra.deb', sha2: 'ab' }] }, /extra\.deb of 1\.1\.0 has no SHA-512/],
      [{ version: '1.1.0', path: good.url, sha512: good.sha512 }, /lists no files/],
    ];
    for (const [info, reason] of cases) {
      const { updates, seen } = linuxController([info]);
      await updates.checkFromMenu();
      expect(seen.filter((line) => line.startsWith('downloading'))).toEqual([]);
      expect(updates.state).toMatchObject({ phase: 'failed', message: expect.stringMatching(reason) });
      expect(seen).toEqual(['progress null', expect.stringMatching(/^failed Could not update Guest Console: .*The console keeps working/)]);
    }
  });

  it('keeps electron-updater’s own check (minimum OS version) after the signature check', async () => {
    const signed = { version: '1.1.0', files: [signedFile('1.1.0', 'A'.repeat(86) + '==')] };
    const notSupported = linuxController([signed], false);
    await notSupported.updates.checkFromMenu();
    expect(notSupported.seen).toEqual(['upToDate 1.0.0']);

    const unsigned = linuxController([{ version: '1.1.0', files: [{ url: 'a.AppImage', sha512: 'A'.repeat(86) + '==' }] }], false);
    await unsigned.updates.checkFromMenu();
    expect(unsigned.updates.state).toMatchObject({ phase: 'failed', message: expect.stringContaining('is not signed') });
  });

  it('does not look for updates in a Linux build that carries no release key, and says why', async () => {
    for (const updateKey of [null, 'not a key', releaseKey().publicKey.slice(0, 20)]) {
      const { updater } = fakeUpdater([]);
      const { notices, seen } = fakeNotices();
      const { updates, created } = controller(updater, notices, { platform: 'linux', updateKey });
      await updates.checkFromMenu();
      expect(created()).toBe(0);
      expect(seen).toEqual([expect.stringMatching(/^unavailable This Linux build carries no key/)]);
    }
  });
});
