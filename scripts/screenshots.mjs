// `npm run screenshots`: refresh the pictures under docs/screenshots/ by running the browser tests with their
// screenshot folder pointed there. `npm test` writes the same pictures to the ignored .tmp/screenshots/ instead,
// so a test run never changes a tracked file.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const result = spawnSync(npx, ['vitest', 'run', '--config', 'vitest.e2e-web.config.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, GUEST_CONSOLE_SCREENSHOT_DIR: path.join(root, 'docs', 'screenshots') },
});
process.exit(result.status ?? 1);
