// Builds a target only when one of its sources is newer than its output, so `npm start` stays quick.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function newestMtime(entry) {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of fs.readdirSync(entry)) {
    if (name === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(entry, name)));
  }
  return newest;
}

export function buildIfStale(root, { output, sources, command, args }) {
  const outputFile = path.join(root, output);
  const built = fs.existsSync(outputFile) ? fs.statSync(outputFile).mtimeMs : 0;
  const changed = Math.max(...sources.map((source) => newestMtime(path.join(root, source))));
  if (built >= changed) return;
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} failed`);
}
