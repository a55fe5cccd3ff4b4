import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../electron/engine/journal/journal-entry';
import { TranscriptJournal } from '../../electron/engine/journal/transcript-journal';
import { makeTempDir } from '../support/temp-dir';

const item = (id: string, text: string): JournalEntry => ({
  t: 'item',
  at: '2026-11-25T10:00:00.000Z',
  item: { id, from: 'guest', time: '2026-11-25T10:00:00.000Z', text, content: [], delivery: 'sending' },
});

describe('the transcript journal', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  it('writes one complete JSON line per entry and reads them back in order', () => {
    const journal = new TranscriptJournal({ directory: dir.path });
    journal.append('c1', item('a', 'one'));
    journal.append('c1', item('b', 'two'));
    journal.close();
    const lines = fs.readFileSync(path.join(dir.path, 'c1.ndjson'), 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    const read = new TranscriptJournal({ directory: dir.path }).read('c1');
    expect(read.entries.map((entry) => (entry.t === 'item' ? entry.item.text : ''))).toEqual(['one', 'two']);
    expect(read.problems).toEqual([]);
  });

  it('reports a torn last write and a damaged middle line, keeps the rest, and appends on a fresh line', () => {
    const file = path.join(dir.path, 'c2.ndjson');
    fs.writeFileSync(file, `${JSON.stringify(item('a', 'kept'))}\nnot json at all\n${JSON.stringify({ t: 'item', at: 'x' })}\n{"t":"item","at":"2026-`);
    const journal = new TranscriptJournal({ directory: dir.path });
    const before = journal.read('c2');
    expect(before.entries).toHaveLength(1);
    expect(before.problems.map((problem) => [problem.line, problem.reason.split(' ')[0]])).toEqual([
      [2, 'not'],
      [3, 'unexpected'],
      [4, 'the'],
    ]);
    journal.append('c2', item('b', 'after'));
    journal.close();
    const after = new TranscriptJournal({ directory: dir.path }).read('c2');
    expect(after.entries.map((entry) => (entry.t === 'item' ? entry.item.text : ''))).toEqual(['kept', 'after']);
  });

  it('refuses a conversation id that could escape its folder', () => {
    const journal = new TranscriptJournal({ directory: dir.path });
    expect(() => journal.append('../evil', item('a', 'x'))).toThrow(/Not a conversation id/);
  });

  it('removes a conversation file', () => {
    const journal = new TranscriptJournal({ directory: dir.path });
    journal.append('c3', item('a', 'x'));
    journal.remove('c3');
    expect(journal.readAll()).toEqual([]);
  });
});
