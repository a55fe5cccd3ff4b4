// `npm start`: the desktop app when an Electron runtime exists; otherwise it says so in plain words and
// serves the same console through the web host. `npm run web` (--web) goes straight to the web host.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';
import { buildNodeIfStale, NODE_BUILD } from './build-node.mjs';
import { findElectronRuntime } from './electron-runtime.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const webOnly = args.includes('--web');
const passThrough = args.filter((arg) => arg !== '--web');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

const rendererSources = ['renderer', 'shared', 'vite.config.ts'];
buildIfStale(root, { output: 'dist/renderer/index.html', sources: rendererSources, command: npx, args: ['vite', 'build', '--logLevel', 'warn'] });

const runtime = webOnly ? { path: null } : findElectronRuntime(root);
if (runtime.path) {
  const electronSources = ['electron', 'shared', 'vite.electron.config.ts', 'vite.preload.config.ts'];
  buildIfStale(root, { output: 'dist/electron/main.mjs', sources: electronSources, command: 'npm', args: ['run', '--silent', 'build:electron'] });
  run(runtime.path, [path.join(root, 'dist', 'electron', 'main.mjs'), ...passThrough]);
} else {
  if (!webOnly) {
    console.log('The desktop window cannot open on this machine:');
    console.log(`  ${runtime.reason}`);
    console.log('Serving the same console in your browser instead (the web host):');
  }
  // The prebuilt web host, in this process: no TypeScript to transpile and no second Node to start.
  buildNodeIfStale();
  const { main } = await import(pathToFileURL(NODE_BUILD.web).href);
  await main(passThrough).catch((error) => {
    console.error(`The web host could not start: ${error.message}`);
    process.exit(1);
  });
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
