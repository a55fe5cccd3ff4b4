// The sandbox's state store on its own: one checksummed journal line per event-loop turn, answers held
// until what they report is written, snapshots that compact the journal, owner-only files, one sandbox per
// folder, and damage (an unknown kind, a bad line) reported and set aside with what came before kept.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openStateJournal } from '../../../electron/sandbox/state/state-journal';
import { KEEP_SET_ASIDE, SET_ASIDE_FOLDER, StateFolderError, setAside } from '../../../electron/sandbox/state/state-folder';
import { encodeLine } from '../../../electron/sandbox/state/state-lines';
import { makeTempDir } from '../../support/temp-dir';

const KINDS = { note: z.strictObject({ text: z.string() }), counter: z.strictObject({ n: z.number() }) };
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const journalLines = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((name) => name.startsWith('journal.'))
    .flatMap((name) => fs.readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean));

let dir: { path: string; remove(): void };
beforeEach(() => {
  dir = makeTempDir('sandbox-state-');
});
afterEach(() => dir.remove());

describe('the sandbox state store', () => {
  it('writes the changes of one event-loop turn as one line, and restores them', async () => {
    const state = openStateJournal(dir.path, KINDS);
    expect(state.fresh).toBe(true);
    const notes = state.shelf('note');
    const counters = state.shelf('counter');
    let n = 0;
    notes.put('a', () => ({ text: 'first' }));
    notes.put('b', () => ({ text: 'second' }));
    counters.put('c', () => ({ n }));
    n = 7; // read when the turn is written
    expect(journalLines(dir.path)).toEqual([]);
    await turn();
    expect(journalLines(dir.path)).toHaveLength(1);
    notes.remove('a');
    counters.put('c', () => ({ n: 7 })); // unchanged: nothing to write for it
    await turn();
    expect(journalLines(dir.path)).toHaveLength(2);
    expect(journalLines(dir.path)[1]).not.toContain('"counter"');
    state.close();

    const again = openStateJournal(dir.path, KINDS);
    expect(again.fresh).toBe(false);
    expect([...again.shelf('note').restored]).toEqual([['b', { text: 'second' }]]);
    expect([...again.shelf('counter').restored]).toEqual([['c', { n: 7 }]]);
    expect(again.problems).toEqual([]);
    again.close();
  });

  it('holds an answer until the change before it is written, and lets it go at once when nothing waits', async () => {
    const state = openStateJournal(dir.path, KINDS);
    const seen: string[] = [];
    state.afterWrite(() => seen.push('nothing waiting'));
    state.shelf('note').put('a', () => ({ text: 'x' }));
    state.afterWrite(() => seen.push(`first, ${journalLines(dir.path).length} line(s) written`));
    state.afterWrite(() => seen.push('second'));
    expect(seen).toEqual(['nothing waiting']);
    await turn();
    expect(seen).toEqual(['nothing waiting', 'first, 1 line(s) written', 'second']);
    state.close();
  });

  it('keeps the folder and its files to the owner', async () => {
    fs.chmodSync(dir.path, 0o755);
    const state = openStateJournal(dir.path, KINDS);
    state.shelf('note').put('a', () => ({ text: 'x' }));
    state.files.put('upload-1', Buffer.from('file bytes'));
    await turn();
    state.close();
    const modes: string[] = [];
    const walk = (at: string) => {
      for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
        const full = path.join(at, entry.name);
        modes.push(`${entry.isDirectory() ? 'folder' : 'file'} ${(fs.statSync(full).mode & 0o777).toString(8)}`);
        if (entry.isDirectory()) walk(full);
      }
    };
    walk(dir.path);
    expect((fs.statSync(dir.path).mode & 0o777).toString(8)).toBe('700');
    expect(new Set(modes)).toEqual(new Set(['folder 700', 'file 600']));
    const again = openStateJournal(dir.path, KINDS);
    expect(again.files.restored.get('upload-1')?.toString()).toBe('file bytes');
    again.close();
  });

  it('compacts the journal into a snapshot once it outgrows its budget', async () => {
    const state = openStateJournal(dir.path, KINDS, { compactAtBytes: 400 });
    for (let i = 0; i < 20; i++) {
      state.shelf('counter').put('c', () => ({ n: i }));
      await turn();
    }
    expect(journalLines(dir.path).length).toBeLessThan(10);
    state.close();
    const again = openStateJournal(dir.path, KINDS);
    expect(again.shelf('counter').restored.get('c')).toEqual({ n: 19 });
    again.close();
  });

  it('lets one sandbox at a time hold a folder, and takes over a lock left by a process that is gone', () => {
    const state = openStateJournal(dir.path, KINDS);
    expect(() => openStateJournal(dir.path, KINDS)).toThrow(StateFolderError);
    state.close();
    fs.writeFileSync(path.join(dir.path, 'lock'), '2147483646\n'); // no such process
    const after = openStateJournal(dir.path, KINDS);
    expect(after.problems).toEqual([]);
    after.close();
  });

  it('restores the lines before a damaged one and sets that line and the rest aside', () => {
    const good = encodeLine(JSON.stringify({ seq: 1, ops: [{ k: 'note', id: 'a', v: { text: 'kept' } }] }));
    const unknown = encodeLine(JSON.stringify({ seq: 2, ops: [{ k: 'note', id: 'b', v: { text: 'not kept' } }, { k: 'mystery', id: 'x', v: 1 }] }));
    const later = encodeLine(JSON.stringify({ seq: 3, ops: [{ k: 'note', id: 'c', v: { text: 'after the damage' } }] }));
    fs.writeFileSync(path.join(dir.path, 'journal.0.ndjson'), good + unknown + later);
    const state = openStateJournal(dir.path, KINDS);
    expect([...state.shelf('note').restored.keys()]).toEqual(['a']);
    expect(state.problems).toHaveLength(1);
    expect(state.problems[0]!.reason).toMatch(/line 2: it holds a record of an unknown kind "mystery"/);
    expect(fs.readFileSync(path.join(state.problems[0]!.setAsideIn!, 'journal.0.ndjson'), 'utf8')).toBe(unknown + later);
    state.close();
  });

  it('keeps only the newest set-aside folders, so state damaged again and again does not fill the disk', () => {
    const made: string[] = [];
    for (let n = 0; n < KEEP_SET_ASIDE + 3; n += 1) {
      // Two in the same millisecond get -2: it is newer than the one without.
      const at = new Date(Date.UTC(2026, 11, 2, 4, 0, Math.floor(n / 2)));
      made.push(setAside(dir.path, at, { tails: [{ name: 'journal.1.ndjson', bytes: Buffer.from(`tail ${n}`) }], reasons: [`damage ${n}`] }));
    }
    const kept = fs.readdirSync(path.join(dir.path, SET_ASIDE_FOLDER)).map((name) => path.join(dir.path, SET_ASIDE_FOLDER, name));
    expect(kept.sort()).toEqual(made.slice(-KEEP_SET_ASIDE).sort());
    expect(fs.readFileSync(path.join(made.at(-1)!, 'WHY.txt'), 'utf8')).toBe(`damage ${KEEP_SET_ASIDE + 2}\n`);
  });
});
