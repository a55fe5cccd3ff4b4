// The prebuilt Node side (vite.node.config.ts → dist/node/): the web host and the `guest-console` command
// line, rebuilt when a source, the build configs or the installed dependencies (package-lock.json) changed.
// `npm run build:node` builds it; `npm run web`, the bin and `npm ci` (prepare) call it and build only
// when stale. Build messages go to stderr, so a command's stdout stays its own.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const NODE_BUILD = {
  web: path.join(root, 'dist', 'node', 'web.mjs'),
  cli: path.join(root, 'dist', 'node', 'cli', 'guest-console.mjs'),
};

export function buildNodeIfStale() {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  buildIfStale(root, {
    // Every build writes both entries; the CLI's stands for the whole build.
    output: path.relative(root, NODE_BUILD.cli),
    sources: ['electron', 'shared', 'vite.node.config.ts', 'vite.electron.config.ts', 'package-lock.json'],
    command: process.execPath,
    args: [vite, 'build', '--config', 'vite.node.config.ts', '--logLevel', 'warn'],
    stdio: ['ignore', 2, 2],
    before() {
      if (!fs.existsSync(vite)) throw new Error('The Node side is built with Vite, a development dependency: run `npm ci` (without --omit=dev) first.');
    },
  });
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) buildNodeIfStale();
