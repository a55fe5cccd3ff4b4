// Replay protection for one profile's webhook: the ids of deliveries already handed to a guest, kept on disk
// (one JSON line per id, owner-only) so a replay is refused after a restart too, and an age window beyond
// which a delivery is refused outright. `X-Hub-Signature-256` signs the body but carries no timestamp, so the
// delivery's own `channel.time` (inside the signed bytes, so a replayer cannot change it) is what is judged:
// more than REPLAY_WINDOW_MS away from this machine's clock, either way, and it is refused. Genesys retries
// for about 85 s, so a genuine delivery is never that far off unless a clock is badly wrong. An id need only
// be remembered until its delivery would be refused by age anyway, which keeps the file small; a hard cap
// bounds a flood inside one window (the oldest ids go first).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../../../protocol/clock';

/** Ten minutes: seven times Genesys' retry span, room for a clock a few minutes off; small enough to keep few ids. */
export const REPLAY_WINDOW_MS = 10 * 60_000;
export const MAX_REMEMBERED_DELIVERIES = 20_000;

export type ReplayVerdict = { kind: 'fresh' } | { kind: 'seen' } | { kind: 'outOfWindow'; offMs: number };

export interface WebhookReplayGuardOptions {
  clock: Clock;
  /** Where the ids are kept; without it they live in memory only (the engine always gives one). */
  file?: string;
  windowMs?: number;
  maxRemembered?: number;
}

/** The file of a profile's seen ids inside the deliveries folder: the profile id when it is a plain name, else its hash. */
export function replayFileName(profileId: string): string {
  const name = /^[A-Za-z0-9_-]{1,64}$/.test(profileId) ? profileId : createHash('sha256').update(profileId).digest('hex').slice(0, 32);
  return `${name}.ndjson`;
}

export class WebhookReplayGuard {
  /** Message id → the clock time after which its delivery is out of the window anyway, oldest first. */
  private readonly kept = new Map<string, number>();
  private linesOnDisk = 0;
  private readonly windowMs: number;
  private readonly maxRemembered: number;

  constructor(private readonly options: WebhookReplayGuardOptions) {
    this.windowMs = options.windowMs ?? REPLAY_WINDOW_MS;
    this.maxRemembered = options.maxRemembered ?? MAX_REMEMBERED_DELIVERIES;
    this.load();
  }

  judge(id: string, time: string): ReplayVerdict {
    const offMs = this.options.clock.now() - Date.parse(time);
    if (!(Math.abs(offMs) <= this.windowMs)) return { kind: 'outOfWindow', offMs };
    return this.kept.has(id) ? { kind: 'seen' } : { kind: 'fresh' };
  }

  /** Remember a delivery handed to a guest; answers what went wrong when it could not be kept on disk. */
  remember(id: string, time: string): string | undefined {
    const until = Date.parse(time) + this.windowMs;
    this.kept.set(id, until);
    while (this.kept.size > this.maxRemembered) this.kept.delete(this.kept.keys().next().value as string);
    const file = this.options.file;
    if (!file) return undefined;
    try {
      if (this.linesOnDisk >= 2 * Math.max(this.kept.size, 1000)) this.compact(file);
      else {
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        fs.appendFileSync(file, `${JSON.stringify({ id, until })}\n`, { mode: 0o600 });
        this.linesOnDisk += 1;
      }
      return undefined;
    } catch (error) {
      return `the id is kept in memory only (${(error as NodeJS.ErrnoException).code ?? (error as Error).message} writing ${file})`;
    }
  }

  private load(): void {
    const file = this.options.file;
    if (!file) return;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return;
    }
    const now = this.options.clock.now();
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      this.linesOnDisk += 1;
      const entry = readLine(line);
      if (entry && entry.until >= now) this.kept.set(entry.id, entry.until);
    }
    while (this.kept.size > this.maxRemembered) this.kept.delete(this.kept.keys().next().value as string);
  }

  /** Rewrite the file with the ids still inside the window (a damaged line is dropped here too). */
  private compact(file: string): void {
    const now = this.options.clock.now();
    for (const [id, until] of this.kept) if (until < now) this.kept.delete(id);
    const temporary = `${file}.tmp`;
    const text = [...this.kept].map(([id, until]) => `${JSON.stringify({ id, until })}\n`).join('');
    fs.writeFileSync(temporary, text, { mode: 0o600 });
    fs.renameSync(temporary, file);
    this.linesOnDisk = this.kept.size;
  }
}

function readLine(line: string): { id: string; until: number } | undefined {
  try {
    const value = JSON.parse(line) as { id?: unknown; until?: unknown };
    return typeof value.id === 'string' && typeof value.until === 'number' ? { id: value.id, until: value.until } : undefined;
  } catch {
    return undefined;
  }
}
