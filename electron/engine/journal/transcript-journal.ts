// Append-only NDJSON transcripts, one file per conversation under <data>/transcripts/. Every line is
// written (one write call, newline-terminated) before the UI is told about the event, so a killed
// process loses at most a line that was being written; such a torn or damaged line is skipped and
// reported on the next read, never fatal, and the next append starts on a fresh line.
import fs from 'node:fs';
import path from 'node:path';
import { JournalEntrySchema, type JournalEntry } from './journal-entry';

export interface JournalProblem {
  file: string;
  line: number;
  reason: string;
}

export interface ReadJournal {
  conversationId: string;
  entries: JournalEntry[];
  problems: JournalProblem[];
}

/** A file in the transcripts folder that is not a journal the console wrote (e.g. a copy the user made). */
export interface ForeignFile {
  file: string;
  reason: string;
}

const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,100}$/;

function kindOf(entry: fs.Dirent): string {
  if (entry.isDirectory()) return 'a folder';
  if (entry.isSymbolicLink()) return 'a symbolic link';
  return 'a special file';
}

export interface TranscriptJournalOptions {
  directory: string;
  /** fsync after each line: survives power loss, not just a killed process. Costs a disk flush per event. */
  fsync?: boolean;
}

export class TranscriptJournal {
  private readonly handles = new Map<string, number>();

  constructor(private readonly options: TranscriptJournalOptions) {
    fs.mkdirSync(options.directory, { recursive: true, mode: 0o700 });
  }

  fileOf(conversationId: string): string {
    if (!CONVERSATION_ID.test(conversationId)) throw new Error(`Not a conversation id: ${conversationId}`);
    return path.join(this.options.directory, `${conversationId}.ndjson`);
  }

  append(conversationId: string, entry: JournalEntry): void {
    const fd = this.open(conversationId);
    fs.writeSync(fd, `${JSON.stringify(entry)}\n`);
    if (this.options.fsync) fs.fdatasyncSync(fd);
  }

  /** Every conversation on disk, each folded from its own file. */
  readAll(): ReadJournal[] {
    return this.listing().journals.map((name) => this.read(name.slice(0, -'.ndjson'.length)));
  }

  /**
   * `.ndjson` entries that are not journals the console wrote: names that are not conversation ids, and
   * anything that is not a regular file (a folder, a link). Never read, written or removed, only reported.
   */
  foreignFiles(): ForeignFile[] {
    return this.listing().foreign;
  }

  private listing(): { journals: string[]; foreign: ForeignFile[] } {
    const journals: string[] = [];
    const foreign: ForeignFile[] = [];
    for (const entry of fs.readdirSync(this.options.directory, { withFileTypes: true })) {
      if (!entry.name.endsWith('.ndjson')) continue;
      const file = path.join(this.options.directory, entry.name);
      if (!entry.isFile()) foreign.push({ file, reason: `it is ${kindOf(entry)}, not a file, so it is not a transcript the console wrote` });
      else if (!CONVERSATION_ID.test(entry.name.slice(0, -'.ndjson'.length))) {
        foreign.push({ file, reason: 'its name is not a conversation id, so it is not a transcript the console wrote' });
      } else journals.push(entry.name);
    }
    return { journals, foreign };
  }

  read(conversationId: string): ReadJournal {
    const file = this.fileOf(conversationId);
    const entries: JournalEntry[] = [];
    const problems: JournalProblem[] = [];
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        const torn = index === lines.length - 1;
        problems.push({ file, line: index + 1, reason: torn ? 'the last write was cut off' : 'not valid JSON' });
        return;
      }
      const parsed = JournalEntrySchema.safeParse(value);
      if (parsed.success) entries.push(parsed.data);
      else problems.push({ file, line: index + 1, reason: `unexpected entry (${parsed.error.issues[0]?.message ?? 'invalid'})` });
    });
    return { conversationId, entries, problems };
  }

  remove(conversationId: string): void {
    this.closeOne(conversationId);
    fs.rmSync(this.fileOf(conversationId), { force: true });
  }

  close(): void {
    for (const id of [...this.handles.keys()]) this.closeOne(id);
  }

  private open(conversationId: string): number {
    const existing = this.handles.get(conversationId);
    if (existing !== undefined) return existing;
    const file = this.fileOf(conversationId);
    const fd = fs.openSync(file, 'a', 0o600);
    const size = fs.fstatSync(fd).size;
    if (size > 0) {
      // A torn last line has no newline: start the next entry on a line of its own.
      const last = Buffer.alloc(1);
      const readFd = fs.openSync(file, 'r');
      fs.readSync(readFd, last, 0, 1, size - 1);
      fs.closeSync(readFd);
      if (last[0] !== 0x0a) fs.writeSync(fd, '\n');
    }
    this.handles.set(conversationId, fd);
    return fd;
  }

  private closeOne(conversationId: string): void {
    const fd = this.handles.get(conversationId);
    if (fd === undefined) return;
    fs.closeSync(fd);
    this.handles.delete(conversationId);
  }
}
