// The webhook's replay guard: seen ids survive a restart through the data folder, a delivery dated outside
// the window is refused either way, ids out of the window are forgotten on load, damaged lines are skipped,
// and the file stays bounded (compacted) however many deliveries arrive.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { REPLAY_WINDOW_MS, WebhookReplayGuard, replayFileName } from '../../electron/engine/genesys/openmessaging/webhook-replay-guard';
import { makeTempDir } from '../support/temp-dir';

const dir = makeTempDir('guest-console-replay-');
afterEach(() => fs.rmSync(path.join(dir.path, 'x.ndjson'), { recursive: true, force: true }));
afterAll(() => dir.remove());

let now = Date.parse('2026-12-01T10:00:00.000Z');
const clock = { now: () => now, setTimeout: () => 0 as never, clearTimeout: () => undefined };
const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();
const file = () => path.join(dir.path, 'x.ndjson');

describe('WebhookReplayGuard', () => {
  it('remembers handed-on ids across a restart and judges the window both ways', () => {
    const guard = new WebhookReplayGuard({ clock, file: file() });
    expect(guard.judge('m-1', at(0))).toEqual({ kind: 'fresh' });
    expect(guard.remember('m-1', at(0))).toBeUndefined();
    expect(new WebhookReplayGuard({ clock, file: file() }).judge('m-1', at(1000))).toEqual({ kind: 'seen' });
    expect(guard.judge('m-2', at(-REPLAY_WINDOW_MS - 1))).toMatchObject({ kind: 'outOfWindow', offMs: REPLAY_WINDOW_MS + 1 });
    expect(guard.judge('m-3', at(REPLAY_WINDOW_MS + 1))).toMatchObject({ kind: 'outOfWindow' });
    expect(guard.judge('m-4', 'not a date')).toMatchObject({ kind: 'outOfWindow' });
    if (process.platform !== 'win32') expect(fs.statSync(file()).mode & 0o777).toBe(0o600);
  });

  it('forgets ids whose delivery is out of the window anyway, and skips damaged lines', () => {
    const guard = new WebhookReplayGuard({ clock, file: file() });
    guard.remember('old', at(0));
    fs.appendFileSync(file(), 'not json\n{"id": 5}\n');
    guard.remember('new', at(5 * 60_000));
    now += REPLAY_WINDOW_MS + 60_000;
    const reloaded = new WebhookReplayGuard({ clock, file: file() });
    expect(reloaded.judge('new', at(0))).toEqual({ kind: 'seen' });
    expect(reloaded.judge('old', at(0))).toEqual({ kind: 'fresh' });
  });

  it('keeps the file bounded: at most the cap in memory, compacted on disk', () => {
    const guard = new WebhookReplayGuard({ clock, file: file(), maxRemembered: 50 });
    for (let index = 0; index < 5_000; index += 1) guard.remember(`id-${index}`, at(0));
    const lines = fs.readFileSync(file(), 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(2_000);
    const reloaded = new WebhookReplayGuard({ clock, file: file(), maxRemembered: 50 });
    expect(reloaded.judge('id-4999', at(0))).toEqual({ kind: 'seen' });
    expect(reloaded.judge('id-0', at(0))).toEqual({ kind: 'fresh' });
  });

  it('says when an id could not be kept on disk, and still refuses the replay while running', () => {
    const guard = new WebhookReplayGuard({ clock, file: path.join(dir.path, 'x.ndjson', 'nested', 'y.ndjson') });
    fs.writeFileSync(file(), '');
    expect(guard.remember('m-1', at(0))).toMatch(/kept in memory only \(E\w+ writing /);
    expect(guard.judge('m-1', at(0))).toEqual({ kind: 'seen' });
  });

  it('names a profile file by the profile id when it is a plain name, else by its hash', () => {
    expect(replayFileName('sandbox')).toBe('sandbox.ndjson');
    expect(replayFileName('../../etc/passwd')).toMatch(/^[0-9a-f]{32}\.ndjson$/);
  });
});
