// Builds the renderer once before the e2e-web tier, so the tests drive exactly what `npm run web` serves.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export default function setup() {
  const root = path.resolve(__dirname, '..', '..');
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('The renderer did not build; see the output above.');
}
