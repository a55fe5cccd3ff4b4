// The sandbox's state folder on disk: owner-only (folders 0700, files 0600), held by one sandbox at a time
// (a lock file naming the process; a lock left by a process that no longer runs is taken over), files
// replaced whole (temporary file, fsync, rename), and damaged files moved into `set-aside/<time>/` with a
// note saying why — never deleted, so a person can look at them.
import fs from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'lock';
export const SET_ASIDE_FOLDER = 'set-aside';
const TEMPORARY_SUFFIX = '.tmp';

export class StateFolderError extends Error {
  constructor(
    readonly kind: 'InUse' | 'Unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'StateFolderError';
  }
}

/** Folders this process holds, so a lock naming our own pid is told apart from one left by an earlier
 *  process that had the same pid (a container restarts its processes with the same ids). */
const heldHere = new Set<string>();

export function privateFolder(directory: string): void {
  fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32' && (fs.statSync(directory).mode & 0o077) !== 0) fs.chmodSync(directory, 0o700);
}

export function lockFolder(directory: string): void {
  const file = path.join(directory, LOCK_FILE);
  const key = path.resolve(directory);
  if (heldHere.has(key)) throw new StateFolderError('InUse', `The sandbox state folder ${directory} is already open in this process.`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      heldHere.add(key);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(readText(file), 10);
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && running(holder)) {
      throw new StateFolderError(
        'InUse',
        `The sandbox state folder ${directory} is in use by process ${holder} (another console or sandbox on the same data folder). Close it, or use another data folder.`,
      );
    }
    fs.rmSync(file, { force: true });
  }
  throw new StateFolderError('InUse', `The sandbox state folder ${directory} is being opened by another process at the same moment.`);
}

export function unlockFolder(directory: string): void {
  heldHere.delete(path.resolve(directory));
  fs.rmSync(path.join(directory, LOCK_FILE), { force: true });
}

/** Writes `data` to a temporary file (0600) beside `file`, optionally fsyncs it, then renames it over `file`. */
export function replaceFile(file: string, data: string | Buffer, options: { fsync: boolean }): void {
  const temporary = `${file}${TEMPORARY_SUFFIX}`;
  const fd = fs.openSync(temporary, 'w', 0o600);
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    if (options.fsync) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
  if (options.fsync) syncFolder(path.dirname(file));
}

/** Makes a rename or a new file in `directory` durable (a no-op where folders cannot be opened, Windows). */
export function syncFolder(directory: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(directory, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Temporary files a kill left behind (a snapshot or a file that was never renamed into place). */
export function removeTemporaries(directory: string): void {
  for (const name of fs.readdirSync(directory)) {
    if (name.endsWith(TEMPORARY_SUFFIX)) fs.rmSync(path.join(directory, name), { force: true });
  }
}

/** How many set-aside folders are kept: the newest, for someone to look into; older ones are removed. */
export const KEEP_SET_ASIDE = 10;

/**
 * Moves `move` (files or folders, relative to `directory`) into a new `set-aside/<time>/` folder, or writes `tails`
 * there (the damaged end of a file), with `WHY.txt` listing `reasons`. Returns the folder's path. Only the newest
 * `KEEP_SET_ASIDE` folders stay, so a state damaged again and again does not fill the disk.
 */
export function setAside(
  directory: string,
  now: Date,
  what: { move?: string[]; tails?: Array<{ name: string; bytes: Buffer }>; reasons: string[] },
): string {
  const parent = path.join(directory, SET_ASIDE_FOLDER);
  privateFolder(parent);
  const stamp = now.toISOString().replace(/:/g, '-');
  let folder = path.join(parent, stamp);
  for (let n = 2; fs.existsSync(folder); n++) folder = path.join(parent, `${stamp}-${n}`);
  fs.mkdirSync(folder, { mode: 0o700 });
  for (const name of what.move ?? []) {
    if (fs.existsSync(path.join(directory, name))) fs.renameSync(path.join(directory, name), path.join(folder, path.basename(name)));
  }
  for (const tail of what.tails ?? []) fs.writeFileSync(path.join(folder, tail.name), tail.bytes, { mode: 0o600 });
  fs.writeFileSync(path.join(folder, 'WHY.txt'), `${what.reasons.join('\n')}\n`, { mode: 0o600 });
  pruneSetAside(parent, folder);
  return folder;
}

/** Removes all but the newest KEEP_SET_ASIDE folders (their names are ISO times, so they sort by age); never `keep`. */
function pruneSetAside(parent: string, keep: string): void {
  const folders = fs.readdirSync(parent, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  folders.sort(byAge);
  for (const name of folders.slice(0, Math.max(0, folders.length - KEEP_SET_ASIDE))) {
    if (path.join(parent, name) !== keep) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}

/** `<time>` before `<time>-2` before `<time>-10`. */
function byAge(a: string, b: string): number {
  const [timeA = '', nA = '1'] = a.split(/-(?=\d+$)/);
  const [timeB = '', nB = '1'] = b.split(/-(?=\d+$)/);
  return timeA === timeB ? Number(nA) - Number(nB) : timeA < timeB ? -1 : 1;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
