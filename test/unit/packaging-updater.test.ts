// The update controller with a fake electron-updater: quiet on start, every outcome shown when the menu
// asks, progress while downloading, install on quit or on "Restart now", verification settings untouched,
// and no updater at all in a build without a feed or run from the source tree.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { FeedChoice } from '../../electron/shell/update-feed';
import { UPDATER_SETTINGS, UpdateController, type AutoUpdater, type UpdateNotices } from '../../electron/shell/updater';

const FEED: FeedChoice = { kind: 'feed', source: 'build', feed: { provider: 'generic', url: 'https://u.example/' } };

/** A scripted electron-updater: each check plays the events given for it; every property write is recorded. */
function fakeUpdater(script: Array<(emit: (event: string, ...args: unknown[]) => void) => void>) {
  const events = new EventEmitter();
  const writes: string[] = [];
  const calls: string[] = [];
  const target = {
    autoDownload: true,
    autoInstallOnAppQuit: false,
    allowDowngrade: true,
    forceDevUpdateConfig: false,
    setFeedURL: (options: Record<string, string>) => calls.push(`setFeedURL ${JSON.stringify(options)}`),
    checkForUpdates: async () => {
      calls.push('checkForUpdates');
      const step = script.shift();
      if (!step) throw new Error('unexpected check');
      step((event, ...args) => events.emit(event, ...args));
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

function controller(updater: AutoUpdater, notices: UpdateNotices, options: { feed?: FeedChoice; isPackaged?: boolean } = {}) {
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

  it('points electron-updater at a feed given in the environment', () => {
    const { updater, calls } = fakeUpdater([]);
    controller(updater, fakeNotices().notices, { feed: { kind: 'feed', source: 'environment', feed: { provider: 'github', owner: 'acme', repo: 'gc' } } });
    expect(calls).toEqual(['setFeedURL {"provider":"github","owner":"acme","repo":"gc","releaseType":"draft"}']);
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
