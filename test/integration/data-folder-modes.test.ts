// The data folder holds secrets, guest tokens and conversations: only its owner may enter it. A new folder is
// made 0700 with 0700 subfolders and 0600 files; a folder left 0755/0644 by an older version is tightened at
// start; what is not the console's (Chromium's files in Electron's userData, links) is left alone.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../shared/contract';
import { createSandbox, type Sandbox } from '../../electron/sandbox';
import { call, engineFor, startGuest, waitLive } from '../support/console-with-sandbox';
import { makeTempDir } from '../support/temp-dir';

const modeOf = (file: string) => fs.lstatSync(file).mode & 0o777;
const posix = process.platform !== 'win32';

let sandbox: Sandbox | undefined;
let dir: ReturnType<typeof makeTempDir> | undefined;
afterEach(async () => {
  await sandbox?.close();
  dir?.remove();
  sandbox = undefined;
  dir = undefined;
});

describe.runIf(posix)('the data folder is private to its user', () => {
  it('makes a new folder 0700 and every folder and file the console writes in it 0700 / 0600', async () => {
    sandbox = await createSandbox({ replyLatency: 'instant', port: 0, defaultAgentScript: 'echo' });
    dir = makeTempDir('guest-console-modes-');
    const data = path.join(dir.path, 'Guest Console');
    const engine = engineFor(sandbox, data);
    try {
      await call(engine, 'profiles.save', { name: 'Acme', region: 'us-east-1' });
      const guest = await startGuest(engine);
      await waitLive(engine, guest.id);
      await call(engine, 'load.start', { plan: { profileId: 'sandbox', channel: 'webmessaging', guests: 1, rampPerSecond: 10, thinkTimeMs: 0, messagesPerGuest: 1 } });
      await expect.poll(() => call(engine, 'load.current', {}), { timeout: 15_000 }).toBeNull();
    } finally {
      await engine.close();
    }
    const folders = [data, path.join(data, 'transcripts'), path.join(data, 'load-results')];
    const files = [path.join(data, 'settings.json'), ...['transcripts', 'load-results'].flatMap((folder) => fs.readdirSync(path.join(data, folder)).map((name) => path.join(data, folder, name)))];
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect(Object.fromEntries(folders.map((folder) => [folder, modeOf(folder).toString(8)]))).toEqual(Object.fromEntries(folders.map((folder) => [folder, '700'])));
    expect(Object.fromEntries(files.map((file) => [file, modeOf(file).toString(8)]))).toEqual(Object.fromEntries(files.map((file) => [file, '600'])));
  });

  it("tightens a folder an older version left 0755 with 0644 files, and leaves what is not the console's alone", async () => {
    sandbox = await createSandbox({ replyLatency: 'instant', port: 0, autoStart: false });
    dir = makeTempDir('guest-console-modes-');
    const data = path.join(dir.path, 'data');
    const write = (relative: string, text: string) => {
      const file = path.join(data, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      fs.chmodSync(file, 0o644);
      return file;
    };
    const consoleFiles = [
      write('settings.json', JSON.stringify({ schemaVersion: 2, profiles: [], personas: [], presentation: {} })),
      write('secrets.json', '{"backend":"gnome_libsecret","values":{}}'),
      write('settings.unreadable-1700000000000.json', '{'),
      write('load-results/run-1.csv', 't,sent\n'),
      write('scenarios/hello.yaml', 'name: hello\n'),
    ];
    const chromium = write('Preferences', '{}');
    const outside = write('../outside.txt', 'not in the data folder');
    fs.symlinkSync(outside, path.join(data, 'transcripts-link.json'));
    for (const folder of [data, ...['transcripts', 'load-results', 'scenarios'].map((name) => path.join(data, name))]) {
      fs.mkdirSync(folder, { recursive: true });
      fs.chmodSync(folder, 0o755);
    }

    const engine = engineFor(sandbox, data);
    try {
      expect((await call<AppInfo>(engine, 'app.info', {})).notices.join(' ')).not.toMatch(/private/);
    } finally {
      await engine.close();
    }
    for (const folder of [data, ...['transcripts', 'load-results', 'scenarios'].map((name) => path.join(data, name))]) expect(modeOf(folder).toString(8), folder).toBe('700');
    for (const file of consoleFiles) expect(modeOf(file).toString(8), file).toBe('600');
    expect(modeOf(chromium).toString(8)).toBe('644');
    expect(modeOf(outside).toString(8)).toBe('644');
  });
});
