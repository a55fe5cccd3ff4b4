// Saved load results: one JSON file (everything) and one CSV file (the per-second series) per run under
// <data>/load-results/ (folder 0700, files 0600), readable again later and by other tools. No secrets are
// in a result: the plan names the profile by id, never its credentials, and AI guests' figures are counts and
// tokens, never the model's key. A run with AI guests has two more CSV columns: AI guests playing, tokens spent.
import fs from 'node:fs';
import path from 'node:path';
import { LoadResultSchema, type LoadResultSummary, type LoadResultView, type LoadSnapshotView } from '../../../shared/load-contract';
import type { LoadSnapshot } from './load-metrics';
import { ConsoleError } from '../console-error';
import type { LoadResult } from './load-run';

const CSV_COLUMNS = ['t', 'sent', 'received', 'active', 'p50', 'p95', 'p99'] as const;
const AI_CSV_COLUMNS = [...CSV_COLUMNS, 'aiActive', 'tokens'] as const;

export class LoadResultStore {
  constructor(private readonly directory: string) {}

  save(result: LoadResult): string[] {
    fs.mkdirSync(this.directory, { recursive: true, mode: 0o700 });
    const json = this.fileOf(result.id, 'json');
    const csv = this.fileOf(result.id, 'csv');
    fs.writeFileSync(json, `${JSON.stringify(toView(result), null, 2)}\n`, { mode: 0o600 });
    const columns = result.snapshot.ai ? AI_CSV_COLUMNS : CSV_COLUMNS;
    const rows = result.snapshot.series.map((second) => columns.map((column) => second[column] ?? '').join(','));
    fs.writeFileSync(csv, `${[columns.join(','), ...rows].join('\n')}\n`, { mode: 0o600 });
    return [json, csv];
  }

  list(): LoadResultSummary[] {
    if (!fs.existsSync(this.directory)) return [];
    return fs
      .readdirSync(this.directory)
      .filter((name) => name.endsWith('.json'))
      .flatMap((name) => {
        try {
          const result = this.get(name.slice(0, -'.json'.length));
          return [
            {
              id: result.id,
              profileName: result.profileName,
              channel: result.plan.channel,
              guests: result.plan.guests,
              startedAt: result.startedAt,
              state: result.state,
              sent: result.snapshot.sent,
              answered: result.snapshot.answered,
              ...(result.snapshot.ai ? { aiGuests: result.snapshot.ai.guests, tokens: result.snapshot.ai.tokens.total } : {}),
              ...(result.snapshot.latency.p50 !== undefined ? { p50: result.snapshot.latency.p50 } : {}),
              ...(result.snapshot.latency.p95 !== undefined ? { p95: result.snapshot.latency.p95 } : {}),
              files: [this.fileOf(result.id, 'json'), this.fileOf(result.id, 'csv')],
            },
          ];
        } catch {
          return [];
        }
      })
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  get(id: string): LoadResultView {
    const file = this.fileOf(id, 'json');
    if (!fs.existsSync(file)) throw new ConsoleError('NotFound', `No saved load result "${id}".`);
    const parsed = LoadResultSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) throw new ConsoleError('InvalidRequest', `The saved result ${file} is damaged and cannot be shown.`);
    return parsed.data;
  }

  private fileOf(id: string, extension: 'json' | 'csv'): string {
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw new ConsoleError('InvalidRequest', `Not a load result id: ${id}`);
    return path.join(this.directory, `${id}.${extension}`);
  }
}

/** JSON has no Infinity: the open-ended last histogram bucket is written as null. */
export function snapshotView(snapshot: LoadSnapshot): LoadSnapshotView {
  return { ...snapshot, histogram: snapshot.histogram.map((bucket) => ({ ...bucket, upToMs: Number.isFinite(bucket.upToMs) ? bucket.upToMs : null })) };
}

export function toView(result: LoadResult): LoadResultView {
  return { ...result, snapshot: snapshotView(result.snapshot) };
}
