import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer only: a plain web page that talks to the Node side through the contract.
// The Electron main and preload bundles have their own configs (vite.electron.config.ts, vite.preload.config.ts).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
});
