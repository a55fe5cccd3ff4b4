// `npm run bench`: every benchmark in bench/, one after another, each printing its own table and writing
// bench/results/<name>.json; then each headline figure against its baseline measured in the same run, with
// its target, and all of them gathered into bench/results.json. Pass --quick for the smoke versions. Never
// part of `npm test`'s timing (small smoke runs there check counts only).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { headlines } from './headlines';

const here = path.dirname(fileURLToPath(import.meta.url));
const BENCHMARKS = ['guests', 'poller', 'thread-render', 'cold-start', 'cli-start'];
const passThrough = process.argv.slice(2);
let failed = 0;
const gathered: Record<string, unknown> = {};
for (const name of BENCHMARKS) {
  console.log(`\n=== bench/${name}.ts ${passThrough.join(' ')}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, `${name}.ts`), ...passThrough], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed += 1;
    continue; // an older file of its figures is not this run's
  }
  const written = path.join(here, 'results', passThrough.includes('--quick') ? `${name}.quick.json` : `${name}.json`);
  if (fs.existsSync(written)) gathered[name] = JSON.parse(fs.readFileSync(written, 'utf8'));
}

const rows = headlines(gathered);
console.log('\n=== each figure against its baseline, measured in the same run');
console.table(rows);
const missed = rows.filter((row) => row.met === 'no');
if (missed.length > 0) console.log(`Not met: ${missed.map((row) => row.figure).join('; ')}`);
if (failed > 0) console.log(`${failed} benchmark(s) failed; their figures are missing above.`);
// Quick runs never overwrite the full figures (results/*.quick.json is ignored by git).
const file = passThrough.includes('--quick') ? path.join('results', 'all.quick.json') : 'results.json';
fs.writeFileSync(
  path.join(here, file),
  `${JSON.stringify({ date: new Date().toISOString(), machine: `${process.platform} ${process.arch}, Node ${process.version}`, headlines: rows, results: gathered }, null, 2)}\n`,
);
process.exit(failed === 0 ? 0 : 1);
