import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

// The Electron main process: one ESM bundle with its dependencies inlined (electron-store and conf are
// ESM-only), `electron` and Node's built-ins left external. Output next to the renderer in dist/.
export default defineConfig({
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
