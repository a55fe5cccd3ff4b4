import { defineConfig } from 'vite';

// The preload: a single CommonJS file, because sandboxed preloads cannot load modules.
export default defineConfig({
  build: {
    ssr: 'electron/shell/preload.ts',
    outDir: 'dist/electron',
    emptyOutDir: false,
    target: 'node22',
    sourcemap: false,
    rollupOptions: {
      external: ['electron'],
      output: { format: 'cjs', entryFileNames: 'preload.cjs', inlineDynamicImports: true },
    },
  },
  ssr: { noExternal: true },
});
