// Scenario files written to hurt: attachments that reach out of the scenario's folder (absolute paths,
// `..`, links), a YAML alias bomb, and `matches` patterns that would backtrack for ever on an agent's
// text. Each is a problem with its line and column, or a match in linear time — never a file sent, a
// throw or a stalled process.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ThreadItem } from '../../shared/contract';
import { attachmentFile } from '../../electron/engine/scenarios/attachment-file';
import { matchReply } from '../../electron/engine/scenarios/reply-matching';
import { parseScenario } from '../../electron/engine/scenarios/scenario-parser';
import { makeTempDir } from '../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let folder: string;
beforeEach(() => {
  dir = makeTempDir();
  folder = path.join(dir.path, 'scenarios');
  fs.mkdirSync(path.join(folder, 'files'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'files', 'notes.txt'), 'inside');
  fs.writeFileSync(path.join(dir.path, 'outside.txt'), 'private');
});
afterEach(() => dir.remove());

function problemsOf(text: string): string[] {
  const result = parseScenario(text, { baseDirectory: folder });
  if (result.ok) throw new Error('expected problems');
  return result.problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`);
}

const agentSays = (text: string): ThreadItem => ({ id: 'a-1', from: 'agent', text, content: [], time: '2025-01-01T00:00:00.000Z' }) as unknown as ThreadItem;

describe('attachment files', () => {
  it.skipIf(process.platform === 'win32')('stay inside the scenario folder: absolute paths, `..` and links out of it are problems at the file', () => {
    fs.symlinkSync(path.join(dir.path, 'outside.txt'), path.join(folder, 'files', 'link.txt'));
    fs.symlinkSync(dir.path, path.join(folder, 'parent'));
    fs.symlinkSync(path.join(folder, 'files', 'notes.txt'), path.join(folder, 'inner-link.txt'));
    const problems = problemsOf(
      [
        'name: Reaching out',
        'steps:',
        '  - attachment: { file: /etc/hostname }',
        '  - attachment: { file: ../outside.txt }',
        '  - attachment: { file: files/../../../../../etc/hostname }',
        '  - attachment: { file: files/link.txt }',
        '  - attachment: { file: parent/outside.txt }',
        '  - attachment: { file: files }',
        '  - attachment: { file: inner-link.txt }',
        '  - attachment: { file: files/notes.txt }',
      ].join('\n'),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^3:19 the file \/etc\/hostname is an absolute path; an attachment is a path inside the scenario's folder/),
      expect.stringMatching(/^4:19 the file \.\.\/outside\.txt is outside the scenario's folder/),
      expect.stringMatching(/^5:19 the file files\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/hostname is outside the scenario's folder/),
      '6:19 the file files/link.txt is a link to a file outside the scenario\'s folder; attachments stay inside it',
      '7:19 the file parent/outside.txt is a link to a file outside the scenario\'s folder; attachments stay inside it',
      '8:19 files is not a file',
    ]);
    expect(attachmentFile(folder, 'inner-link.txt')).toEqual({ ok: true, path: fs.realpathSync(path.join(folder, 'files', 'notes.txt')) });
    expect(attachmentFile(folder, 'C:\\Windows\\win.ini')).toMatchObject({ ok: false, message: expect.stringContaining('absolute path') });
  });

  it.skipIf(process.platform === 'win32')('are checked again when read: a file swapped for a link out of the folder is refused', () => {
    const parsed = parseScenario('name: Swap\nsteps:\n  - attachment: { file: files/notes.txt }\n', { baseDirectory: folder });
    expect(parsed.ok).toBe(true);
    fs.rmSync(path.join(folder, 'files', 'notes.txt'));
    fs.symlinkSync(path.join(dir.path, 'outside.txt'), path.join(folder, 'files', 'notes.txt'));
    expect(attachmentFile(folder, 'files/notes.txt')).toMatchObject({ ok: false, message: expect.stringContaining('is a link to a file outside') });
  });
});

describe('a YAML alias bomb', () => {
  it('is a problem at its alias, not a throw', () => {
    const bomb = [
      'name: Billion laughs',
      'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
      'f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]',
      'steps:',
      '  - say: hi',
      '  - attributes: { x: *f }',
    ].join('\n');
    expect(problemsOf(bomb)).toEqual(['10:22 the alias *f expands to too many values (aliases nested inside aliases, as in a "billion laughs" file); write the values out instead']);
  });

  it('has neighbours that are problems too: an alias without an anchor, an alias inside its own anchor', () => {
    expect(problemsOf('name: Dangling\nsteps:\n  - say: *nowhere\n')).toEqual(['3:10 the alias *nowhere has no anchor &nowhere before it']);
    expect(problemsOf('name: Loop\nsteps: &loop\n  - attributes: { k: *loop }\n')).toEqual(['3:22 Invalid input: expected string, received array']);
  });

  it('leaves files that reuse a few values alone', () => {
    const result = parseScenario('name: Reuse\npersona: &who { name: Kim }\nsteps:\n  - say: &hi hello\n  - say: *hi\n', {});
    expect(result.ok).toBe(true);
  });
});

describe('matches patterns', () => {
  it('run in linear time on hostile agent text (a backtracking engine takes seconds here)', () => {
    const result = parseScenario('name: ReDoS\nsteps:\n  - expect: { matches: "^(a+)+$" }\n  - expect: { matches: "/^(?<word>(\\\\w+\\\\s?)*)$/" }\n', {});
    if (!result.ok) throw new Error(result.problems[0]!.message);
    const matchers = result.scenario.steps.map((step) => (step.type === 'expect' && step.expectation.kind === 'reply' ? step.expectation.matcher : {}));
    const started = performance.now();
    expect(matchReply(agentSays(`${'a'.repeat(26)}!`), matchers[0]!)).toBeUndefined();
    expect(matchReply(agentSays(`${'word '.repeat(12)}!`), matchers[1]!)).toBeUndefined();
    expect(matchReply(agentSays('aaaa'), matchers[0]!)).toEqual({});
    expect(matchReply(agentSays('two words'), matchers[1]!)).toEqual({ word: 'two words' });
    expect(performance.now() - started).toBeLessThan(250);
  });

  it('that RE2 cannot run, or with flags it lacks, are problems at `matches`', () => {
    expect(problemsOf('name: Bad patterns\nsteps:\n  - expect: { matches: "(a)\\\\1" }\n  - expect: { matches: "x(?=y)" }\n  - expect: { matches: "/x/g" }\n')).toEqual([
      '3:15 not a regular expression this console can run (invalid escape sequence: `\\1`); patterns are RE2\'s: no lookaround or backreferences, \\x{e9} for \\u00e9',
      expect.stringMatching(/^4:15 not a regular expression this console can run \(invalid or unsupported Perl syntax: `\(\?=`\)/),
      '5:15 the flag g cannot be used; use i, m, s or u',
    ]);
  });
});
