// Builds a target only when one of its sources is newer than its output, so `npm start`, `npm run web` and
// the `guest-console` bin stay quick. Processes that find the same target stale at once (tests starting the
// bin side by side) take turns through a lock folder beside the output, and the second one finds the first's
// build fresh. The output is stamped with the time the build started, so a source saved during a build
// leaves it stale.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function newestMtime(entry) {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of fs.readdirSync(entry)) {
    if (name === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(entry, name)));
  }
  return newest;
}

function isStale(root, output, sources) {
  const outputFile = path.join(root, output);
  const built = fs.existsSync(outputFile) ? fs.statSync(outputFile).mtimeMs : 0;
  return built < Math.max(...sources.map((source) => newestMtime(path.join(root, source))));
}

const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Holds `lock` (a folder: creating one is atomic) while `work` runs; a lock whose owner died is taken over. */
function withLock(lock, work) {
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const owner = Number(readOrEmpty(path.join(lock, 'pid')));
      if (owner > 0 && !isRunning(owner)) fs.rmSync(lock, { recursive: true, force: true });
      else pause(200);
    }
  }
  try {
    fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
    return work();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function readOrEmpty(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return ''; // not written yet, or its owner just released it
  }
}

/**
 * Runs `command args` when a source is newer than `output`. Its output goes where `stdio` says (default: this
 * process's stdout and stderr; the bin passes stderr only, so its stdout stays the command's). `before` runs
 * first when a build is due (to check that it can run).
 */
export function buildIfStale(root, { output, sources, command, args, stdio = ['ignore', 'inherit', 'inherit'], before }) {
  if (!isStale(root, output, sources)) return;
  before?.();
  const outputFile = path.join(root, output);
  withLock(`${outputFile}.lock`, () => {
    if (!isStale(root, output, sources)) return; // built meanwhile by the process that held the lock
    const started = new Date();
    const result = spawnSync(command, args, { cwd: root, stdio, shell: process.platform === 'win32' });
    if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} failed`);
    if (fs.existsSync(outputFile)) fs.utimesSync(outputFile, started, started);
  });
}
