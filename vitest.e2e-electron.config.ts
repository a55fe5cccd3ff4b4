import { defineConfig } from 'vitest/config';

// The desktop app through Playwright's Electron driver; skipped (with the reason printed) where no
// Electron runtime exists.
export default defineConfig({
  test: {
    include: ['test/e2e-electron/**/*.test.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 90_000,
    fileParallelism: false,
  },
});
