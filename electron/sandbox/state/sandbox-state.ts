// What the sandbox's parts see of its durable state: one shelf of records per kind (restored at start, kept
// with `put`/`remove`), a shelf of file bytes, and `afterWrite` to hold back an answer until the change it
// reports is written. `memoryState` is the state of a sandbox without a folder: nothing restored, nothing
// written, every answer at once — the sandbox as tests and benches use it.
import type { z } from 'zod';

/** Record kind → the schema its records are checked against when they are read back. */
export type RecordKinds = Record<string, z.ZodType>;

export interface StateShelf<T> {
  /** The records of this kind when the sandbox started (empty when it started fresh). */
  readonly restored: ReadonlyMap<string, T>;
  /** Keeps the record `read()` under `key`. It is read when the turn's changes are written, so changes made
   *  later in the same event-loop turn are included; put again after changing the record in a later turn. */
  put(key: string, read: () => T): void;
  remove(key: string): void;
}

export interface FileShelf {
  readonly restored: ReadonlyMap<string, Buffer>;
  put(key: string, bytes: Buffer): void;
  remove(key: string): void;
}

export interface StateProblem {
  /** The file that could not be read (or written). */
  file: string;
  reason: string;
  /** Where the damaged part was moved, when it was. */
  setAsideIn?: string;
}

export interface SandboxState<K extends RecordKinds> {
  shelf<N extends keyof K & string>(kind: N): StateShelf<z.output<K[N]>>;
  readonly files: FileShelf;
  /** Nothing was restored: a new folder, a folder whose state was set aside, or no folder at all. */
  readonly fresh: boolean;
  /** What could not be read back (and was set aside) when the state was opened, or written since. */
  readonly problems: readonly StateProblem[];
  /** Runs `action` once every change recorded so far is written; at once when nothing is waiting. */
  afterWrite(action: () => void): void;
  /** Writes what is waiting and stops recording; later changes are not kept. */
  close(): void;
}

export function memoryState<K extends RecordKinds>(): SandboxState<K> {
  const none = new Map<string, never>();
  const shelf = { restored: none, put: () => undefined, remove: () => undefined };
  return {
    shelf: () => shelf,
    files: shelf,
    fresh: true,
    problems: [],
    afterWrite: (action) => action(),
    close: () => undefined,
  };
}
