// `npm run bench`: every benchmark in bench/, one after another, each printing its own table and writing
// bench/results/<name>.json. Pass --quick for the smoke versions. Never part of `npm test`'s timing.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const BENCHMARKS = ['guests.ts', 'poller.ts'];
const passThrough = process.argv.slice(2);
let failed = 0;
for (const file of BENCHMARKS) {
  console.log(`\n=== bench/${file} ${passThrough.join(' ')}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, file), ...passThrough], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
