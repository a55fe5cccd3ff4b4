// Whether an Electron runtime can be used here, decided without touching the network: the `electron`
// package downloads its binary lazily on first use, which cannot work offline and must never hang `npm start`.
import fs from 'node:fs';
import path from 'node:path';

export function findElectronRuntime(root, env = process.env) {
  if (env.ELECTRON_EXEC_PATH && fs.existsSync(env.ELECTRON_EXEC_PATH)) return { path: env.ELECTRON_EXEC_PATH };
  const packageDir = path.join(root, 'node_modules', 'electron');
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    if (fs.existsSync(binary)) return { path: binary };
  }
  const pathFile = path.join(packageDir, 'path.txt');
  if (fs.existsSync(pathFile)) {
    const binary = path.join(packageDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
    if (fs.existsSync(binary)) return { path: binary };
  }
  return {
    path: null,
    reason:
      'No Electron runtime is installed (the electron package fetches it on first use, and this machine cannot download it). ' +
      'Set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron to use the desktop app.',
  };
}
