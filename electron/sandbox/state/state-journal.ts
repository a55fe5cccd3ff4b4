// The sandbox's durable state in a folder: records by kind and key, as a snapshot plus a journal of changes.
// The changes of one event-loop turn are written as ONE checksummed journal line after that turn, without
// fsync (a killed process loses nothing written; a power cut may lose the last moments), so a line a kill
// cuts short is read whole or not at all. Opening reads both back (./state-reader.ts) and compacts: a new
// snapshot (temporary file, fsync, rename) and an empty journal; so does a journal grown past its budget.
// Files (uploads) are kept whole in files/, written before the journal line that names them.
import fs from 'node:fs';
import path from 'node:path';
import type { FileShelf, RecordKinds, SandboxState, StateProblem, StateShelf } from './sandbox-state';
import { StateFolderError, lockFolder, privateFolder, replaceFile, syncFolder, unlockFolder } from './state-folder';
import { encodeLine } from './state-lines';
import { FILE_KIND, FILES_FOLDER, SNAPSHOT_FILE, fileNameOf, journalName, readState, snapshotText, type StateRead, type StateRecords } from './state-reader';

/** The journal is compacted once it is larger than this and than the last snapshot, so each byte is
 *  rewritten only a few times however long the sandbox runs. */
const COMPACT_AT_BYTES = 8 * 1024 * 1024;

export interface StateJournalOptions {
  /** Compact once the journal is larger than this (and than the last snapshot). Default 8 MiB. */
  compactAtBytes?: number;
  /** When damage is set aside (the folder's name). Default the system time. */
  now?: () => Date;
}

interface Change {
  kind: string;
  key: string;
  /** The record to write, file bytes, or null for a removal. */
  what: (() => unknown) | Buffer | null;
}

/** Opens (or creates) a state folder: restores what it holds and keeps every change from now on.
 *  Throws a `StateFolderError` when the folder is in use or cannot be read and written. */
export function openStateJournal<K extends RecordKinds>(directory: string, kinds: K, options: StateJournalOptions = {}): SandboxState<K> {
  const now = options.now ?? (() => new Date());
  try {
    privateFolder(directory);
    privateFolder(path.join(directory, FILES_FOLDER));
    lockFolder(directory);
  } catch (error) {
    if (error instanceof StateFolderError) throw error;
    throw new StateFolderError('Unavailable', `The sandbox cannot keep its state in ${directory} (${codeOf(error)}).`);
  }
  try {
    return new StateJournal(directory, kinds, readState(directory, kinds, now()), options.compactAtBytes ?? COMPACT_AT_BYTES);
  } catch (error) {
    unlockFolder(directory);
    throw new StateFolderError('Unavailable', `The sandbox cannot read or write its state in ${directory} (${codeOf(error)}).`);
  }
}

class StateJournal<K extends RecordKinds> implements SandboxState<K> {
  readonly fresh: boolean;
  readonly problems: StateProblem[];
  readonly files: FileShelf;
  private readonly records: StateRecords;
  private readonly shelves = new Map<string, StateShelf<unknown>>();
  private readonly pending = new Map<string, Change>();
  private waiting: Array<() => void> = [];
  private scheduled = false;
  /** No more changes are recorded: closed, or a write failed. */
  private stopped = false;
  private closed = false;
  private fd: number | undefined;
  private generation: number;
  private seq = 0;
  private journalBytes = 0;
  private snapshotBytes = 0;

  constructor(
    private readonly directory: string,
    kinds: K,
    read: StateRead,
    private readonly compactAtBytes: number,
  ) {
    this.records = read.records;
    this.generation = read.generation;
    this.problems = read.problems;
    this.fresh = read.records.size() === 0;
    this.files = {
      restored: read.files,
      put: (key, bytes) => this.change(FILE_KIND, key, bytes),
      remove: (key) => this.change(FILE_KIND, key, null),
    };
    for (const kind of Object.keys(kinds)) {
      this.shelves.set(kind, {
        restored: read.restored(kind),
        put: (key, recordOf) => this.change(kind, key, recordOf),
        remove: (key) => this.change(kind, key, null),
      });
    }
    this.compact();
  }

  shelf<N extends keyof K & string>(kind: N) {
    return this.shelves.get(kind) as StateShelf<never>;
  }

  afterWrite(action: () => void): void {
    if (this.pending.size === 0) action();
    else this.waiting.push(action);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    this.stop();
    unlockFolder(this.directory);
  }

  private change(kind: string, key: string, what: Change['what']): void {
    if (this.stopped) return;
    this.pending.set(`${kind}\u0000${key}`, { kind, key, what });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Writes the turn's changes as one line (files first), then lets the answers that waited for them go. */
  private flush(): void {
    this.scheduled = false;
    if (this.pending.size > 0 && !this.stopped) {
      const changes = [...this.pending.values()];
      this.pending.clear();
      try {
        this.write(changes);
      } catch (error) {
        this.problems.push({ file: this.directory, reason: `The state could not be written (${codeOf(error)}); from now on the sandbox keeps it in memory only.` });
        process.emitWarning(`Sandbox state in ${this.directory} could not be written (${codeOf(error)}); it is kept in memory only from now on.`);
        this.stop();
      }
    }
    const released = this.waiting;
    this.waiting = [];
    // Each held answer goes on its own: one that fails (a client gone meanwhile) neither stops the others nor the process.
    for (const action of released) {
      try {
        action();
      } catch (error) {
        process.emitWarning(`An answer held until the sandbox state was written could not be sent: ${(error as Error).message}`);
      }
    }
  }

  private write(changes: Change[]): void {
    const ops: string[] = [];
    const newFiles: Array<{ name: string; bytes: Buffer }> = [];
    const goneFiles: string[] = [];
    for (const { kind, key, what } of changes) {
      const current = this.records.json(kind, key);
      const id = `"k":${JSON.stringify(kind)},"id":${JSON.stringify(key)}`;
      if (what === null) {
        if (current === undefined) continue;
        ops.push(`{${id},"del":true}`);
        this.records.apply(kind, key, null);
        if (kind === FILE_KIND) goneFiles.push(fileNameOf(key));
        continue;
      }
      let json: string;
      if (Buffer.isBuffer(what)) {
        newFiles.push({ name: fileNameOf(key), bytes: what });
        json = JSON.stringify({ name: fileNameOf(key), size: what.length });
      } else json = JSON.stringify(what());
      if (json === current) continue;
      ops.push(`{${id},"v":${json}}`);
      this.records.apply(kind, key, json);
    }
    for (const file of newFiles) replaceFile(path.join(this.directory, FILES_FOLDER, file.name), file.bytes, { fsync: false });
    if (ops.length > 0) {
      this.seq += 1;
      this.append(encodeLine(`{"seq":${this.seq},"ops":[${ops.join(',')}]}`));
    }
    for (const name of goneFiles) fs.rmSync(path.join(this.directory, FILES_FOLDER, name), { force: true });
    if (this.journalBytes > Math.max(this.compactAtBytes, this.snapshotBytes)) this.compact();
  }

  private append(line: string): void {
    const bytes = Buffer.from(line);
    for (let written = 0; written < bytes.length; ) written += fs.writeSync(this.fd!, bytes, written);
    this.journalBytes += bytes.length;
  }

  /** A snapshot of every record (the next generation), then a new empty journal; the old journal goes. */
  private compact(): void {
    const next = this.generation + 1;
    const text = snapshotText(next, this.records);
    replaceFile(path.join(this.directory, SNAPSHOT_FILE), text, { fsync: true });
    const fd = fs.openSync(path.join(this.directory, journalName(next)), 'w', 0o600);
    syncFolder(this.directory);
    if (this.fd !== undefined) fs.closeSync(this.fd);
    fs.rmSync(path.join(this.directory, journalName(this.generation)), { force: true });
    this.fd = fd;
    this.generation = next;
    this.seq = 0;
    this.journalBytes = 0;
    this.snapshotBytes = Buffer.byteLength(text);
  }

  private stop(): void {
    this.stopped = true;
    this.pending.clear();
    if (this.fd === undefined) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      // Closing after a failed write: the descriptor may already be unusable; nothing more is written to it.
    }
    this.fd = undefined;
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
