// The packaged app from `npm run dist:dir`, started as testers get it: the fused binary, the asar, no
// source tree. An installed console takes no debugger (the nodeCliInspect fuse is off, and main.ts refuses
// --remote-debugging-port), so this tier checks it from outside: started with a debugging port it opens
// none and says why; started plainly it runs through to its window and menu (the updater's start-up line
// says so) and keeps running. ELECTRON_RUN_AS_NODE is set on purpose: with the runAsNode fuse off it must
// be ignored. The window's contents are covered by desktop-app.test.ts (the same build, unpackaged) and
// the e2e-web tier. Skipped, with the reason, where no Electron runtime can be obtained.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findElectronRuntime } from '../../scripts/electron-runtime.mjs';
import { makeTempDir } from '../support/temp-dir';

const root = path.resolve(__dirname, '..', '..');
const runtime = findElectronRuntime(root) as { path: string | null; reason?: string };
const release = path.join(root, '.tmp', 'e2e-release');

if (!runtime.path) console.log(`e2e-electron (packaged app) skipped: ${runtime.reason}`);

/** The unpacked Electron folder around a runtime binary (on macOS the binary sits inside Electron.app). */
function electronDistOf(binary: string): string {
  return process.platform === 'darwin' ? path.resolve(binary, '..', '..', '..', '..') : path.dirname(binary);
}

function packagedExecutable(): string {
  if (process.platform === 'linux') return path.join(release, 'linux-unpacked', 'guest-console');
  if (process.platform === 'win32') return path.join(release, 'win-unpacked', 'Guest Console.exe');
  const folder = fs.readdirSync(release).find((name) => name.startsWith('mac'));
  return path.join(release, folder ?? 'mac', 'Guest Console.app', 'Contents', 'MacOS', 'Guest Console');
}

/** Starts the packaged app and collects what it prints until `done` says enough, it exits, or time runs out. */
function startPackaged(args: string[], dataDirectory: string, done: (output: string) => boolean, waitMs: number) {
  const child = spawn(packagedExecutable(), [...args, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])], {
    env: { ...process.env, GUEST_CONSOLE_DATA_DIR: dataDirectory, GUEST_CONSOLE_SANDBOX_REPLY_LATENCY: 'instant', ELECTRON_RUN_AS_NODE: '1' },
  });
  const result = new Promise<{ output: string; exitCode: number | null; running: boolean }>((resolve) => {
    let output = '';
    const finish = (exitCode: number | null, running: boolean) => {
      clearTimeout(timer);
      resolve({ output, exitCode, running });
    };
    const timer = setTimeout(() => finish(null, true), waitMs);
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      if (done(output)) finish(null, true);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('exit', (code) => finish(code, false));
  });
  return { child, result };
}

describe.skipIf(!runtime.path)('the packaged desktop app', () => {
  const data = makeTempDir('guest-console-packaged-');
  const started: ChildProcess[] = [];

  beforeAll(() => {
    fs.rmSync(release, { recursive: true, force: true });
    const dist = spawnSync('npm', ['run', '--silent', 'dist:dir', '--', `-c.directories.output=${release}`], {
      cwd: root,
      stdio: 'inherit',
      shell: process.platform === 'win32',
      // Built without a feed, so the app's start-up line is known: "This build was made without an update feed."
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: electronDistOf(runtime.path!), GUEST_CONSOLE_UPDATE_URL: '', GUEST_CONSOLE_UPDATE_GITHUB: '' },
    });
    expect(dist.status).toBe(0);
  }, 240_000);

  afterAll(() => {
    for (const child of started) child.kill();
    data.remove();
  });

  it('opens no debugging port: started with one, it says why and stops', async () => {
    const { child, result } = startPackaged(['--remote-debugging-port=0'], data.path, (output) => output.includes('DevTools listening'), 15_000);
    started.push(child);
    const { output, exitCode } = await result;
    expect(output).not.toContain('DevTools listening');
    // On Linux the error box goes to stderr before ready; on Windows and macOS it is a dialog waiting for a click.
    if (process.platform === 'linux') {
      expect(exitCode, output).toBe(1);
      expect(output).toContain('Guest Console does not start with --remote-debugging-port');
    }
  }, 30_000);

  it('starts through to its window and menu when started plainly, and keeps running', async () => {
    const ready = 'updates: This build was made without an update feed.';
    const { child, result } = startPackaged([], data.path, (output) => output.includes(ready), 60_000);
    started.push(child);
    const { output, running } = await result;
    expect(output).toContain(ready);
    expect(running, output).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(child.exitCode, output).toBeNull();
  }, 90_000);
});
