// Hostile input on disk: settings files and transcript journals that are truncated, of the wrong types,
// or random bytes, plus files a user left in the folders. The console always starts, says what it set
// aside or skipped in `app.info.notices`, and loses no good data: an unreadable settings file is kept
// byte for byte under another name, and every undamaged journal line is still in the thread.
// Short: 40 random damages of each kind; soak: 600.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo, ConversationSummary, Profile, ThreadItem } from '../../shared/contract';
import type { ConsoleEngine } from '../../electron/engine/console/console-engine';
import { createSandbox, type Sandbox } from '../../electron/sandbox';
import { call, engineFor } from '../support/console-with-sandbox';
import { makeTempDir } from '../support/temp-dir';
import { sized } from './support/reliability-level';
import { recordFigures } from './support/run-figures';

const RUNS = sized(40, 600);
let sandbox: Sandbox;
const figures = { settingsDamaged: 0, journalsDamaged: 0 };

beforeAll(async () => {
  sandbox = await createSandbox({ replyLatency: 'instant', port: 0, scriptsDir: null, scripts: { quiet: { name: 'quiet', fallback: [] } }, defaultAgentScript: 'quiet', autoStart: false });
});
afterAll(async () => {
  await sandbox.close();
  recordFigures('corrupt-files', figures);
});

/** Starts an engine on `dataDirectory`, runs `check`, closes it; start-up itself must not throw. */
async function withEngine<T>(dataDirectory: string, check: (engine: ConsoleEngine) => Promise<T>): Promise<T> {
  const engine = engineFor(sandbox, dataDirectory);
  try {
    return await check(engine);
  } finally {
    await engine.close();
  }
}

const GOOD_SETTINGS = JSON.stringify({
  schemaVersion: 1,
  profiles: [
    { id: 'p1', name: 'Acme EU', builtIn: false, region: 'eu-west-1', webMessaging: { deploymentId: 'd1', origin: '' }, openMessaging: { integrationId: '', clientId: '', receiveMode: 'webhook', webhookHost: '127.0.0.1', webhookPort: 0 } },
    { id: 'p2', name: 'Acme US', builtIn: false, region: 'us-east-1', webMessaging: { deploymentId: 'd2', origin: '' }, openMessaging: { integrationId: '', clientId: '', receiveMode: 'webhook', webhookHost: '127.0.0.1', webhookPort: 0 } },
  ],
});

/** Ways a settings file gets damaged: cut off, bytes changed, random bytes, values of the wrong type. */
const damagedSettings = fc.oneof(
  fc.nat({ max: GOOD_SETTINGS.length - 1 }).map((at) => Buffer.from(GOOD_SETTINGS.slice(0, at))),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([at, flip]) => {
    const bytes = Buffer.from(GOOD_SETTINGS);
    bytes[at % bytes.length] = bytes[at % bytes.length]! ^ flip;
    return bytes;
  }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
  fc.tuple(fc.constantFrom('name', 'region', 'id', 'webMessaging', 'profiles', 'schemaVersion'), fc.jsonValue()).map(([key, value]) => {
    const document = JSON.parse(GOOD_SETTINGS) as Record<string, unknown>;
    if (key === 'profiles' || key === 'schemaVersion') document[key] = value;
    else (document.profiles as Record<string, unknown>[])[0]![key] = value;
    return Buffer.from(JSON.stringify(document));
  }),
);

describe('a damaged settings file', () => {
  it('never stops the console, and its bytes are kept (in place or set aside) until the user saves', async () => {
    const samples = fc.sample(damagedSettings, { numRuns: RUNS, seed: 21 });
    for (const bytes of samples) {
      figures.settingsDamaged += 1;
      const dir = makeTempDir('guest-console-settings-');
      try {
        fs.writeFileSync(path.join(dir.path, 'settings.json'), bytes);
        const { info, profiles } = await withEngine(dir.path, async (engine) => ({
          info: await call<AppInfo>(engine, 'app.info', {}),
          profiles: await call<Profile[]>(engine, 'profiles.list', {}),
        }));
        expect(profiles[0]?.id).toBe('sandbox');
        const files = fs.readdirSync(dir.path).filter((name) => name.startsWith('settings'));
        const kept = files.some((name) => fs.readFileSync(path.join(dir.path, name)).equals(bytes));
        expect(kept, `the original bytes survive (files: ${files.join(', ')})`).toBe(true);
        // A notice whenever profiles the file held (or may have held: it is unreadable) did not load. An
        // object without a profiles list is read as far as it goes (like a newer version's extra keys) and
        // an empty file is a fresh start.
        const heldProfiles = ((): boolean => {
          try {
            const value = JSON.parse(bytes.toString('utf8')) as unknown;
            return typeof value !== 'object' || value === null || Array.isArray(value) || 'profiles' in value;
          } catch {
            return bytes.toString('utf8').trim() !== '';
          }
        })();
        if (heldProfiles && profiles.length < 3) expect(info.notices.length, `a notice for ${bytes.toString('utf8').slice(0, 80)}`).toBeGreaterThan(0);
      } finally {
        dir.remove();
      }
    }
  }, sized(60_000, 600_000));

  it('keeps the good profiles next to a damaged one', async () => {
    const dir = makeTempDir('guest-console-settings-');
    try {
      const document = JSON.parse(GOOD_SETTINGS) as { profiles: Record<string, unknown>[] };
      document.profiles[0]!.region = 42;
      fs.writeFileSync(path.join(dir.path, 'settings.json'), JSON.stringify(document));
      await withEngine(dir.path, async (engine) => {
        expect((await call<Profile[]>(engine, 'profiles.list', {})).map((profile) => profile.name)).toEqual(['Sandbox', 'Acme US']);
        expect((await call<AppInfo>(engine, 'app.info', {})).notices.join(' ')).toMatch(/"Acme EU".*damaged and was skipped/);
      });
    } finally {
      dir.remove();
    }
  });
});

describe('damaged transcript journals', () => {
  /** A real journal: a conversation with a few guest messages, written by the engine itself. */
  async function writtenJournal(dataDirectory: string): Promise<{ id: string; lines: string[] }> {
    return withEngine(dataDirectory, async (engine) => {
      const guest = await call<ConversationSummary>(engine, 'conversations.start', { profileId: 'sandbox', channel: 'webmessaging', persona: { name: 'Disk' } });
      for (const text of ['one', 'two', 'three']) await call(engine, 'messages.send', { conversationId: guest.id, text });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const lines = fs.readFileSync(path.join(dataDirectory, 'transcripts', `${guest.id}.ndjson`), 'utf8').split('\n').filter(Boolean);
      return { id: guest.id, lines };
    });
  }

  const damage = fc.oneof(
    fc.tuple(fc.nat(), fc.nat()).map(([line, at]) => (lines: string[]) => lines.map((text, index) => (index === line % lines.length ? text.slice(0, at % text.length) : text))),
    fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 80 })).map(([line, bytes]) => (lines: string[]) => {
      const out = [...lines];
      out.splice(line % (out.length + 1), 0, Buffer.from(bytes).toString('latin1').replace(/\n/g, ' '));
      return out;
    }),
    fc.tuple(fc.nat(), fc.jsonValue()).map(([line, value]) => (lines: string[]) => {
      const out = [...lines];
      out.splice(line % (out.length + 1), 0, JSON.stringify({ t: 'item', at: 5, item: value }));
      return out;
    }),
  );

  it('rebuilds every thread from the lines that are intact and reports the rest', async () => {
    const dir = makeTempDir('guest-console-journal-');
    try {
      const { id, lines } = await writtenJournal(dir.path);
      const file = path.join(dir.path, 'transcripts', `${id}.ndjson`);
      for (const hurt of fc.sample(damage, { numRuns: RUNS, seed: 22 })) {
        figures.journalsDamaged += 1;
        const damaged = hurt(lines);
        fs.writeFileSync(file, `${damaged.join('\n')}\n`);
        const intact = damaged.filter((line) => lines.includes(line));
        const headerKept = intact.includes(lines[0]!);
        await withEngine(dir.path, async (engine) => {
          const info = await call<AppInfo>(engine, 'app.info', {});
          // A line damaged down to blanks is no entry at all: skipped without a word, like the empty last line.
          const unreadable = damaged.filter((line) => !lines.includes(line) && line.trim() !== '');
          if (unreadable.length > 0) expect(info.notices.join(' '), `notice for ${JSON.stringify(unreadable)}`).toMatch(/damaged line/);
          if (!headerKept) return;
          const items = (await call<{ items: ThreadItem[] }>(engine, 'conversations.thread', { conversationId: id })).items;
          for (const text of ['one', 'two', 'three']) {
            const written = intact.some((line) => line.includes(`"text":"${text}"`));
            if (written) expect(items.filter((item) => item.text === text)).toHaveLength(1);
          }
        });
        fs.writeFileSync(file, `${lines.join('\n')}\n`);
      }
    } finally {
      dir.remove();
    }
  }, sized(60_000, 600_000));

  it('starts with a foreign file in the transcripts folder and leaves it alone', async () => {
    const dir = makeTempDir('guest-console-journal-');
    try {
      fs.mkdirSync(path.join(dir.path, 'transcripts'));
      const foreign = path.join(dir.path, 'transcripts', 'copy of chat (1).ndjson');
      fs.writeFileSync(foreign, 'not mine\n');
      await withEngine(dir.path, async (engine) => {
        expect((await call<AppInfo>(engine, 'app.info', {})).notices.join(' ')).toMatch(/copy of chat \(1\)\.ndjson and left it alone/);
      });
      expect(fs.readFileSync(foreign, 'utf8')).toBe('not mine\n');
    } finally {
      dir.remove();
    }
  });

  it('starts with a folder or a link named like a transcript, says so, and keeps the real threads', async () => {
    const dir = makeTempDir('guest-console-journal-');
    try {
      const { id } = await writtenJournal(dir.path);
      const transcripts = path.join(dir.path, 'transcripts');
      const folder = path.join(transcripts, '0f8e2b1c-7d3a-4c5e-9b6f-1a2d3c4e5f60.ndjson');
      fs.mkdirSync(path.join(folder, 'inside'), { recursive: true });
      fs.mkdirSync(path.join(transcripts, 'archive.ndjson'));
      const link = path.join(transcripts, 'linked.ndjson');
      fs.symlinkSync(path.join(transcripts, `${id}.ndjson`), link);
      await withEngine(dir.path, async (engine) => {
        const notices = (await call<AppInfo>(engine, 'app.info', {})).notices.join(' ');
        expect(notices).toContain(`Skipped ${folder} and left it alone: it is a folder, not a file`);
        expect(notices).toMatch(/archive\.ndjson and left it alone: it is a folder/);
        expect(notices).toMatch(/linked\.ndjson and left it alone: it is a symbolic link/);
        const items = (await call<{ items: ThreadItem[] }>(engine, 'conversations.thread', { conversationId: id })).items;
        expect(items.filter((item) => item.from === 'guest').map((item) => item.text)).toEqual(['one', 'two', 'three']);
        expect(await call<ConversationSummary[]>(engine, 'conversations.list', {})).toHaveLength(1);
      });
      expect(fs.statSync(path.join(folder, 'inside')).isDirectory()).toBe(true);
    } finally {
      dir.remove();
    }
  });

  it('starts when a conversation\'s profile was removed, keeping its thread readable', async () => {
    const dir = makeTempDir('guest-console-journal-');
    try {
      const { id, lines } = await writtenJournal(dir.path);
      const header = JSON.parse(lines[0]!) as { conversation: { profileId: string } };
      header.conversation.profileId = 'removed-profile';
      fs.writeFileSync(path.join(dir.path, 'transcripts', `${id}.ndjson`), `${[JSON.stringify(header), ...lines.slice(1)].join('\n')}\n`);
      await withEngine(dir.path, async (engine) => {
        const [summary] = await call<ConversationSummary[]>(engine, 'conversations.list', {});
        expect(summary).toMatchObject({ id, state: 'failed' });
        expect(summary!.cannotSendReason).toMatch(/cannot reconnect/);
        const items = (await call<{ items: ThreadItem[] }>(engine, 'conversations.thread', { conversationId: id })).items;
        expect(items.filter((item) => item.from === 'guest').map((item) => item.text)).toEqual(['one', 'two', 'three']);
        expect((await call<AppInfo>(engine, 'app.info', {})).notices.join(' ')).toMatch(/cannot reconnect/);
      });
    } finally {
      dir.remove();
    }
  });
});
