// Reading a state folder back. The snapshot is all or nothing: a damaged one sets the whole state aside and
// the sandbox starts empty. The journal of the same generation is applied line by line, each line (one
// turn's changes) whole once every record in it fits its kind's schema; the first line that does not read
// (a write cut by a kill, a bad checksum, a record that does not fit) is set aside with everything after it.
// Then the files the records name. `StateRecords.apply` is the one reducer, for reading and for writing.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RecordKinds, StateProblem } from './sandbox-state';
import { privateFolder, removeTemporaries, setAside } from './state-folder';
import { encodeLine, readLines } from './state-lines';

export const SNAPSHOT_FILE = 'snapshot.ndjson';
export const FILES_FOLDER = 'files';
/** The records of the files in files/: the key is the file's, the record its name there and size. */
export const FILE_KIND = '$file';
const FORMAT = 'guest-console-sandbox-state';
const VERSION = 1;
const JOURNAL_NAME = /^journal\.(\d+)\.ndjson$/;

export const journalName = (generation: number): string => `journal.${generation}.ndjson`;
export const fileNameOf = (key: string): string => createHash('sha256').update(key).digest('hex');

const SnapshotHeaderSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  generation: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
});
const RecordLineSchema = z.strictObject({ k: z.string(), id: z.string(), v: z.unknown() });
const RemovalSchema = z.strictObject({ k: z.string(), id: z.string(), del: z.literal(true) });
const JournalLineSchema = z.strictObject({ seq: z.number().int().positive(), ops: z.array(z.union([RecordLineSchema, RemovalSchema])) });
const FileRecordSchema = z.strictObject({ name: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative() });

/** Every record as the JSON text that is written, by kind and key, in the order each key first appeared. */
export class StateRecords {
  private readonly texts = new Map<string, Map<string, string>>();
  private count = 0;

  json(kind: string, key: string): string | undefined {
    return this.texts.get(kind)?.get(key);
  }

  apply(kind: string, key: string, json: string | null): void {
    let shelf = this.texts.get(kind);
    if (!shelf) this.texts.set(kind, (shelf = new Map()));
    const had = shelf.has(key);
    if (json === null) shelf.delete(key);
    else shelf.set(key, json);
    this.count += (json === null ? 0 : 1) - (had ? 1 : 0);
  }

  size(): number {
    return this.count;
  }

  *entries(): Generator<[string, string, string]> {
    for (const [kind, shelf] of this.texts) for (const [key, json] of shelf) yield [kind, key, json];
  }
}

export interface StateRead {
  records: StateRecords;
  /** The checked records by kind, as the sandbox's parts restore them. */
  restored: (kind: string) => Map<string, unknown>;
  files: Map<string, Buffer>;
  generation: number;
  problems: StateProblem[];
}

/** Records as written (the text) and as checked (the values the sandbox's parts restore). */
export interface Applied {
  records: StateRecords;
  values: Map<string, Map<string, unknown>>;
}

type Op = { kind: string; key: string; json: string; value: unknown } | { kind: string; key: string; json: null };

/** What a folder's state files hold, decided from their bytes alone: what to restore, and what to do with the rest. */
export interface StateContents {
  state: Applied;
  generation: number;
  /** The snapshot could not be read: the whole state goes aside, the sandbox starts empty. */
  snapshotDamage?: string;
  /** The journal of the snapshot's generation read up to here; this line and everything after it go aside. */
  journalDamage?: { name: string; line: number; offset: number; reason: string };
  /** Journals already compacted into the snapshot (a compaction stopped before removing them). */
  stale: string[];
  /** Journals written after a snapshot that is not here: set aside unread. */
  orphans: string[];
}

export function stateContents(snapshot: Buffer | undefined, journals: Array<{ name: string; bytes: () => Buffer }>, kinds: RecordKinds): StateContents {
  const contents: StateContents = { state: { records: new StateRecords(), values: new Map() }, generation: 0, stale: [], orphans: [] };
  if (snapshot) {
    const read = readSnapshot(snapshot, kinds);
    if (!read.ok) return { ...contents, snapshotDamage: read.reason };
    contents.state = read.state;
    contents.generation = read.generation;
  }
  for (const journal of journals) {
    const generation = Number(JOURNAL_NAME.exec(journal.name)?.[1]);
    if (generation < contents.generation) contents.stale.push(journal.name);
    else if (generation > contents.generation) contents.orphans.push(journal.name);
    else {
      const damage = applyJournal(journal.bytes(), kinds, contents.state);
      if (damage) contents.journalDamage = { name: journal.name, ...damage };
    }
  }
  return contents;
}

export function readState(directory: string, kinds: RecordKinds, now: Date): StateRead {
  removeTemporaries(directory);
  removeTemporaries(path.join(directory, FILES_FOLDER));
  const problems: StateProblem[] = [];
  const snapshotPath = path.join(directory, SNAPSHOT_FILE);
  const journals = fs
    .readdirSync(directory)
    .filter((name) => JOURNAL_NAME.test(name))
    .map((name) => ({ name, bytes: () => fs.readFileSync(path.join(directory, name)) }));
  const contents = stateContents(fs.existsSync(snapshotPath) ? fs.readFileSync(snapshotPath) : undefined, journals, kinds);

  if (contents.snapshotDamage !== undefined) {
    const reason = `${contents.snapshotDamage}. The whole state was set aside and the sandbox started empty.`;
    const folder = setAside(directory, now, { move: [SNAPSHOT_FILE, ...journals.map((j) => j.name), FILES_FOLDER], reasons: [`${SNAPSHOT_FILE}: ${reason}`] });
    privateFolder(path.join(directory, FILES_FOLDER));
    problems.push({ file: snapshotPath, reason, setAsideIn: folder });
    return { ...finished(contents.state), files: new Map(), generation: 0, problems };
  }
  for (const name of contents.stale) fs.rmSync(path.join(directory, name), { force: true });
  for (const name of contents.orphans) {
    const reason = `it was written after a snapshot that is not here, so it was set aside unread.`;
    problems.push({ file: path.join(directory, name), reason, setAsideIn: setAside(directory, now, { move: [name], reasons: [`${name}: ${reason}`] }) });
  }
  const damage = contents.journalDamage;
  if (damage) {
    const file = path.join(directory, damage.name);
    const bytes = fs.readFileSync(file);
    const reason = `line ${damage.line}: ${damage.reason}. The lines before it were restored; it and the ${bytes.length - damage.offset} bytes from it on were set aside.`;
    const folder = setAside(directory, now, { tails: [{ name: damage.name, bytes: bytes.subarray(damage.offset) }], reasons: [`${damage.name}: ${reason}`] });
    problems.push({ file, reason, setAsideIn: folder });
  }
  const files = readFiles(directory, contents.state, problems, now);
  return { ...finished(contents.state), files, generation: contents.generation, problems };
}

/** The text of a snapshot of `records`: a header line, then one line per record. */
export function snapshotText(generation: number, records: StateRecords): string {
  const lines = [encodeLine(JSON.stringify({ format: FORMAT, version: VERSION, generation, records: records.size() }))];
  for (const [kind, key, json] of records.entries()) lines.push(encodeLine(`{"k":${JSON.stringify(kind)},"id":${JSON.stringify(key)},"v":${json}}`));
  return lines.join('');
}

function finished(state: Applied): Pick<StateRead, 'records' | 'restored'> {
  return { records: state.records, restored: (kind) => state.values.get(kind) ?? new Map() };
}

function readSnapshot(bytes: Buffer, kinds: RecordKinds): { ok: true; state: Applied; generation: number } | { ok: false; reason: string } {
  const { lines, damage } = readLines(bytes);
  if (damage) return { ok: false, reason: `line ${damage.line}: ${damage.reason}` };
  const header = SnapshotHeaderSchema.safeParse(lines[0]?.value);
  if (!header.success) return { ok: false, reason: `it does not start with the header of a sandbox state (${FORMAT}, version ${VERSION})` };
  if (lines.length - 1 !== header.data.records) {
    return { ok: false, reason: `it holds ${lines.length - 1} records where its header says ${header.data.records}: it was cut short` };
  }
  const state: Applied = { records: new StateRecords(), values: new Map() };
  for (const [index, { value }] of lines.slice(1).entries()) {
    const line = RecordLineSchema.safeParse(value);
    const op = line.success ? checkedOp(kinds, line.data.k, line.data.id, line.data.v) : 'it is not a record';
    if (typeof op === 'string') return { ok: false, reason: `line ${index + 2}: ${op}` };
    apply(state, op);
  }
  return { ok: true, state, generation: header.data.generation };
}

function applyJournal(bytes: Buffer, kinds: RecordKinds, state: Applied): { line: number; offset: number; reason: string } | undefined {
  const { lines, damage } = readLines(bytes);
  for (const [index, { value, offset }] of lines.entries()) {
    const at = (reason: string) => ({ line: index + 1, offset, reason });
    const line = JournalLineSchema.safeParse(value);
    if (!line.success) return at('it is not a journal line');
    if (line.data.seq !== index + 1) return at(`its sequence number is ${line.data.seq} where ${index + 1} was expected`);
    const ops: Op[] = [];
    for (const entry of line.data.ops) {
      const op = 'del' in entry ? removal(kinds, entry.k, entry.id) : checkedOp(kinds, entry.k, entry.id, entry.v);
      if (typeof op === 'string') return at(op);
      ops.push(op);
    }
    for (const op of ops) apply(state, op);
  }
  return damage;
}

function schemaOf(kinds: RecordKinds, kind: string): z.ZodType | undefined {
  if (kind === FILE_KIND) return FileRecordSchema;
  return Object.hasOwn(kinds, kind) ? kinds[kind] : undefined;
}

function checkedOp(kinds: RecordKinds, kind: string, key: string, value: unknown): Op | string {
  const schema = schemaOf(kinds, kind);
  if (!schema) return `it holds a record of an unknown kind "${kind}"`;
  const checked = schema.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return `record ${kind} ${key} does not fit its schema (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`;
  }
  return { kind, key, json: JSON.stringify(value), value: checked.data };
}

function removal(kinds: RecordKinds, kind: string, key: string): Op | string {
  return schemaOf(kinds, kind) ? { kind, key, json: null } : `it removes a record of an unknown kind "${kind}"`;
}

function apply(state: Applied, op: Op): void {
  state.records.apply(op.kind, op.key, op.json);
  let values = state.values.get(op.kind);
  if (!values) state.values.set(op.kind, (values = new Map()));
  if (op.json === null) values.delete(op.key);
  else values.set(op.key, op.value);
}

/** The bytes of every file a record names; a missing or damaged one is reported and its record dropped,
 *  a file no record names (written by a turn a kill stopped before its line) is removed. */
function readFiles(directory: string, state: Applied, problems: StateProblem[], now: Date): Map<string, Buffer> {
  const folder = path.join(directory, FILES_FOLDER);
  const files = new Map<string, Buffer>();
  const kept = new Set<string>();
  for (const [key, record] of [...(state.values.get(FILE_KIND) ?? [])]) {
    const { name, size } = record as z.output<typeof FileRecordSchema>;
    const file = path.join(folder, name);
    const bytes = fs.existsSync(file) ? fs.readFileSync(file) : undefined;
    if (bytes?.length === size) {
      files.set(key, bytes);
      kept.add(name);
      continue;
    }
    apply(state, { kind: FILE_KIND, key, json: null });
    const reason = `${bytes ? `it holds ${bytes.length} bytes where ${size} were written` : 'it is missing'}: file ${key} can no longer be downloaded.`;
    const setAsideIn = bytes ? setAside(directory, now, { move: [path.join(FILES_FOLDER, name)], reasons: [`${name}: ${reason}`] }) : undefined;
    problems.push({ file, reason, ...(setAsideIn ? { setAsideIn } : {}) });
  }
  for (const name of fs.readdirSync(folder)) if (!kept.has(name)) fs.rmSync(path.join(folder, name), { force: true, recursive: true });
  return files;
}
