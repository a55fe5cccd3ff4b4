import fs from 'node:fs';
import { builtinModules } from 'node:module';
import { defineConfig, type Plugin } from 'vite';

/** The sandbox finds its agent scripts next to its module (`./scripts`); in a bundle, next to its chunks. */
export function copySandboxScripts(target: string): Plugin {
  return {
    name: 'copy-sandbox-scripts',
    writeBundle() {
      fs.cpSync('electron/sandbox/scripts', target, { recursive: true });
    },
  };
}

/** The Scenarios screen lists the shipped examples from ./scenario-examples next to the bundle. */
function copyScenarioExamples(target: string): Plugin {
  return {
    name: 'copy-scenario-examples',
    writeBundle() {
      fs.cpSync('scenarios/examples', target, { recursive: true });
    },
  };
}

// The Electron main process: one ESM bundle with its dependencies inlined (electron-store and conf are
// ESM-only), `electron` and Node's built-ins left external. Output next to the renderer in dist/.
export default defineConfig({
  plugins: [copySandboxScripts('dist/electron/scripts'), copyScenarioExamples('dist/electron/scenario-examples')],
  build: {
    ssr: 'electron/shell/main.ts',
    outDir: 'dist/electron',
    emptyOutDir: false,
    target: 'node22',
    sourcemap: false,
    rollupOptions: {
      external: ['electron', ...builtinModules, ...builtinModules.map((name) => `node:${name}`)],
      output: { format: 'es', entryFileNames: 'main.mjs' },
    },
  },
  ssr: { noExternal: true },
});
