import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import { copySandboxScripts } from './vite.electron.config.js';

// The Node side without Electron, prebuilt so that neither `npm run web` nor the `guest-console` bin
// transpiles TypeScript at start: the web host (web.mjs) and the command line (cli/guest-console.mjs), ESM
// with their dependencies inlined, split where code is imported on first use (the Platform SDK, the load and
// scenario engines), so that `--help` or the console's first screen never evaluates them. Each entry sits as
// deep below the repository as its source (web.ts finds the repository at ../.., the CLI at ../../..).
// Built by scripts/build-node.mjs when a source is newer than dist/node/ (ignored by git).
export default defineConfig({
  plugins: [copySandboxScripts('dist/node/scripts')],
  build: {
    ssr: true,
    outDir: 'dist/node',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: { web: 'electron/host/web.ts', 'cli/guest-console': 'electron/host/cli/guest-console-cli.ts' },
      external: [...builtinModules, ...builtinModules.map((name) => `node:${name}`), 'bufferutil', 'utf-8-validate'],
      output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
      // The server frames' schemas are loaded on first use where a load runner is bundled alone; the console
      // also imports them statically, so here they stay in the main chunk, as expected. A bin's first run
      // builds this, and its stderr is for the user's command.
      onwarn(warning, warn) {
        if (warning.code !== 'INEFFECTIVE_DYNAMIC_IMPORT') warn(warning);
      },
    },
  },
  ssr: { noExternal: true },
});
