// A real sandbox state (a guest session, conversations on both channels with their messages, an upload,
// Platform API tokens, a remembered inbound message, the org's integrations), then its files cut at EVERY byte, as a kill or a damaged disk
// would leave them: a journal cut anywhere is read whole up to its last complete line — checked against the
// lines applied here independently — and the torn rest is reported and set aside, never half-applied; a
// snapshot cut anywhere, or garbage, is reported and set aside, and the sandbox starts empty. Every cut is
// read from its bytes (`stateContents`); cuts around every line and a stride of others also go through a
// folder on disk, to check what is set aside there (a folder per cut for every byte would take minutes).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../../electron/sandbox';
import { SANDBOX_RECORD_KINDS } from '../../../electron/sandbox/sandbox-persistence';
import { openStateJournal } from '../../../electron/sandbox/state/state-journal';
import { FILES_FOLDER, SNAPSHOT_FILE, journalName, readState, stateContents } from '../../../electron/sandbox/state/state-reader';
import { configuredGuest, isClass, outboundText } from '../../integration/sandbox/guest-wire';
import { call, login } from '../../integration/sandbox/openmessaging-harness';
import { makeTempDir } from '../../support/temp-dir';

const NOW = new Date('2026-11-24T10:00:00.000Z');
const STRIDE = 61;
/** Thousands of cuts, each read from scratch: more than the default 20 s on a busy machine. */
const LONG = { timeout: 90_000 };
type Entries = Array<[string, string, string]>;

let source: { path: string; remove(): void };
let work: { path: string; remove(): void };
let snapshot: Buffer;
let journal: Buffer;

/** The records after applying the journal's first complete lines, by a reducer written here from the format:
 *  by kind (in the order kinds first appear), then by key (in the order each key first appeared). */
function expectedAfter(lines: string[]): Entries {
  const kinds = new Map<string, Map<string, string>>();
  for (const line of lines) {
    const { ops } = JSON.parse(line.slice(17)) as { ops: Array<{ k: string; id: string; v?: unknown; del?: true }> };
    for (const op of ops) {
      if (!kinds.has(op.k)) kinds.set(op.k, new Map());
      if (op.del) kinds.get(op.k)!.delete(op.id);
      else kinds.get(op.k)!.set(op.id, JSON.stringify(op.v));
    }
  }
  return [...kinds].flatMap(([kind, records]) => [...records].map(([key, json]): [string, string, string] => [kind, key, json]));
}

/** A folder holding `files`, read back. */
function readFolder(files: Record<string, Buffer>) {
  fs.rmSync(work.path, { recursive: true, force: true });
  fs.mkdirSync(work.path, { mode: 0o700 });
  fs.cpSync(path.join(source.path, FILES_FOLDER), path.join(work.path, FILES_FOLDER), { recursive: true });
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(work.path, name), bytes);
  return readState(work.path, SANDBOX_RECORD_KINDS, NOW);
}

beforeAll(async () => {
  source = makeTempDir('sandbox-state-source-');
  work = makeTempDir('sandbox-state-cut-');
  const sandbox = await createSandbox({ replyLatency: 'instant', stateDirectory: source.path, defaultAgentScript: 'echo', autoStart: false });
  const token = 'cut-test-guest';
  const { guest } = await configuredGuest(sandbox.guestUrl, sandbox.org.deploymentId, token);
  guest.send({ action: 'onMessage', token, message: { type: 'Text', text: 'hello state' } });
  await guest.take(outboundText('hello state'));
  guest.send({ action: 'onAttachment', token, fileName: 'note.txt', fileType: 'text/plain', fileSize: 5 });
  const slot = await guest.take(isClass('PresignedUrlResponse'));
  await fetch(slot.body.url, { method: 'PUT', headers: slot.body.headers, body: 'hello' });
  await guest.take(isClass('UploadSuccessEvent'));
  const bearer = await login(sandbox.baseUrl);
  const inbound = `/api/v2/conversations/messages/${sandbox.org.integrationId}/inbound/open/message`;
  await call(sandbox.baseUrl, 'POST', inbound, {
    token: bearer,
    body: { channel: { messageId: 'm-1', from: { id: 'customer-1', idType: 'Opaque' }, time: NOW.toISOString() }, text: 'hi' },
  });
  guest.close();
  await sandbox.close();
  snapshot = fs.readFileSync(path.join(source.path, SNAPSHOT_FILE));
  journal = fs.readFileSync(path.join(source.path, journalName(1)));
});

afterAll(() => {
  source.remove();
  work.remove();
});

describe('a sandbox state cut at any byte', () => {
  it('has a journal of several turns and kinds to cut', () => {
    const kinds = new Set(expectedAfter(journal.toString('utf8').split('\n').filter(Boolean)).map(([kind]) => kind));
    expect(kinds).toEqual(
      new Set(['signingSecret', 'listener', 'integration', 'guestSession', 'conversation', 'message', 'attachment', '$file', 'accessToken', 'acceptedMessage']),
    );
    expect(journal.toString('utf8').split('\n').filter(Boolean).length).toBeGreaterThan(4);
  });

  it('reads a journal cut anywhere whole up to its last complete line, and sets the torn rest aside', LONG, () => {
    const text = journal.toString('latin1');
    const lineStarts = new Set([0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)]);
    for (let cut = 0; cut <= journal.length; cut++) {
      const complete = text.lastIndexOf('\n', cut - 1) + 1;
      const lines = journal.subarray(0, complete).toString('utf8').split('\n').filter(Boolean);
      const where = `cut at byte ${cut} of ${journal.length}`;
      const contents = stateContents(snapshot, [{ name: journalName(1), bytes: () => journal.subarray(0, cut) }], SANDBOX_RECORD_KINDS);
      expect([...contents.state.records.entries()], where).toEqual(expectedAfter(lines));
      if (cut === complete) expect(contents.journalDamage, where).toBeUndefined();
      else expect(contents.journalDamage, where).toMatchObject({ line: lines.length + 1, offset: complete, reason: expect.stringMatching(/^the line is unfinished/) });

      if (!lineStarts.has(cut) && !lineStarts.has(cut - 1) && cut % STRIDE !== 0) continue;
      const read = readFolder({ [SNAPSHOT_FILE]: snapshot, [journalName(1)]: journal.subarray(0, cut) });
      expect([...read.records.entries()], where).toEqual(expectedAfter(lines));
      expect([...read.files.keys()], where).toEqual(expectedAfter(lines).filter(([kind]) => kind === '$file').map(([, key]) => key));
      if (cut === complete) {
        expect(read.problems, where).toEqual([]);
        continue;
      }
      expect(read.problems, where).toHaveLength(1);
      expect(read.problems[0]!.reason, where).toMatch(/^line \d+: the line is unfinished/);
      expect(fs.readFileSync(path.join(read.problems[0]!.setAsideIn!, journalName(1))), where).toEqual(journal.subarray(complete, cut));
    }
  });

  it('sets a snapshot cut anywhere aside whole and starts empty', LONG, () => {
    const state = openStateJournal(source.path, SANDBOX_RECORD_KINDS);
    state.close(); // opening compacts: everything is in the snapshot now
    const full = fs.readFileSync(path.join(source.path, SNAPSHOT_FILE));
    const everything = [...readFolder({ [SNAPSHOT_FILE]: full }).records.entries()];
    expect(everything).toEqual(expectedAfter(journal.toString('utf8').split('\n').filter(Boolean)));
    for (let cut = 0; cut < full.length; cut++) {
      const where = `cut at byte ${cut} of ${full.length}`;
      const contents = stateContents(full.subarray(0, cut), [], SANDBOX_RECORD_KINDS);
      expect(contents.snapshotDamage, where).toEqual(expect.any(String));

      if (cut % STRIDE !== 0 && full[cut - 1] !== 0x0a) continue;
      const read = readFolder({ [SNAPSHOT_FILE]: full.subarray(0, cut) });
      expect(read.records.size(), where).toBe(0);
      expect(read.files.size, where).toBe(0);
      expect(read.problems, where).toHaveLength(1);
      expect(fs.readFileSync(path.join(read.problems[0]!.setAsideIn!, SNAPSHOT_FILE)), where).toEqual(full.subarray(0, cut));
      expect(fs.readdirSync(path.join(work.path, FILES_FOLDER)), where).toEqual([]);
    }
  });

  it('sets a garbage snapshot aside, says so, and the sandbox starts empty', async () => {
    const garbage = Buffer.from('\u0000\u00ffnot a sandbox state at all\n{"format":"other"}\n', 'latin1');
    fs.writeFileSync(path.join(source.path, SNAPSHOT_FILE), garbage);
    const sandbox = await createSandbox({ replyLatency: 'instant', stateDirectory: source.path, autoStart: false });
    try {
      expect(sandbox.stateProblems).toHaveLength(1);
      expect(sandbox.stateProblems[0]!.reason).toMatch(/set aside and the sandbox started empty/);
      expect(fs.readFileSync(path.join(sandbox.stateProblems[0]!.setAsideIn!, SNAPSHOT_FILE))).toEqual(garbage);
      expect(fs.readFileSync(path.join(sandbox.stateProblems[0]!.setAsideIn!, 'WHY.txt'), 'utf8')).toContain(SNAPSHOT_FILE);
      const { guest, session } = await configuredGuest(sandbox.guestUrl, sandbox.org.deploymentId, 'cut-test-guest');
      expect(session.body).toMatchObject({ connected: true, newSession: true });
      guest.close();
    } finally {
      await sandbox.close();
    }
  });
});
