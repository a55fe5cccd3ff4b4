// `npm run bench`: every benchmark in bench/, one after another, each printing its own table and writing
// bench/results/<name>.json; then all of them gathered into bench/results.json. Pass --quick for the smoke
// versions. Never part of `npm test`'s timing (small smoke runs there check counts only).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const BENCHMARKS = ['guests', 'poller', 'thread-render', 'cold-start'];
const passThrough = process.argv.slice(2);
let failed = 0;
const gathered: Record<string, unknown> = {};
for (const name of BENCHMARKS) {
  const file = path.join(here, `${name}.ts`);
  if (!fs.existsSync(file)) {
    console.log(`\n=== bench/${name}.ts is not there; skipped`);
    continue;
  }
  console.log(`\n=== bench/${name}.ts ${passThrough.join(' ')}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', file, ...passThrough], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
  const written = path.join(here, 'results', passThrough.includes('--quick') ? `${name}.quick.json` : `${name}.json`);
  if (fs.existsSync(written)) gathered[name] = JSON.parse(fs.readFileSync(written, 'utf8'));
}
fs.writeFileSync(path.join(here, 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), machine: `${process.platform} ${process.arch}, Node ${process.version}`, results: gathered }, null, 2)}\n`);
process.exit(failed === 0 ? 0 : 1);
