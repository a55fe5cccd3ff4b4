// Each suite's figures (kills survived, faults injected, inputs tried, messages checked, lost) go to
// .tmp/reliability/<suite>.json and to the log, so docs/reliability.md can quote the last long run.
import fs from 'node:fs';
import path from 'node:path';
import { SOAK } from './reliability-level';

const folder = path.resolve(__dirname, '..', '..', '..', '.tmp', 'reliability');

export function recordFigures(suite: string, figures: Record<string, number | string>): void {
  const entry = { suite, level: SOAK ? 'soak' : 'short', at: new Date().toISOString(), ...figures };
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, `${suite}.${entry.level}.json`), `${JSON.stringify(entry, null, 2)}\n`);
  console.log(`[reliability] ${suite} (${entry.level}): ${JSON.stringify(figures)}`);
}
