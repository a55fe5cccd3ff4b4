// `npm test`: every tier in order — type check, lint, unit + integration (Vitest, Node), e2e-web
// (Playwright + Debian Chromium), e2e-electron (skips with a reason where no Electron runtime exists) —
// then one line of totals over all tiers. Type check and lint count as one check each.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reports = path.join(root, '.tmp', 'reports');
fs.rmSync(reports, { recursive: true, force: true });
fs.mkdirSync(reports, { recursive: true });
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function check(name, command, args) {
  console.log(`\n=== ${name}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  const ok = result.status === 0;
  totals[ok ? 'passed' : 'failed'] += 1;
  lines.push(`${name}: ${ok ? 'passed' : 'FAILED'}`);
}

function vitestTier(name, config) {
  const report = path.join(reports, `${name}.json`);
  const args = ['vitest', 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
  console.log(`\n=== ${name}: ${[npx, ...args].join(' ')}`);
  const result = spawnSync(npx, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  let counts = { passed: 0, failed: 0, skipped: 0 };
  if (fs.existsSync(report)) {
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    // A file that failed without a failing test (it did not load, or a hook threw) counts as one failure.
    const brokenFiles = (json.testResults ?? []).filter(
      (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
    ).length;
    counts = {
      passed: json.numPassedTests,
      failed: json.numFailedTests + brokenFiles,
      skipped: json.numPendingTests + json.numTodoTests,
    };
  }
  if (result.status !== 0 && counts.failed === 0) counts.failed = 1; // the runner itself failed
  for (const key of Object.keys(totals)) totals[key] += counts[key];
  lines.push(`${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
}

check('typecheck', npx, ['tsc', '--noEmit', '-p', 'tsconfig.json']);
check('lint', npx, ['eslint', '.', '--max-warnings=0']);
vitestTier('unit+integration', 'vitest.config.ts');
vitestTier('e2e-web', 'vitest.e2e-web.config.ts');
vitestTier('e2e-electron', 'vitest.e2e-electron.config.ts');

console.log('\n=== summary');
for (const line of lines) console.log(`  ${line}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 ? 0 : 1);
