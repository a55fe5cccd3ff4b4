import { defineConfig } from 'vitest/config';

// The real renderer in the web host, driven by Playwright (playwright-core + Debian Chromium).
export default defineConfig({
  test: {
    include: ['test/e2e-web/**/*.test.ts'],
    globalSetup: ['test/e2e-web/global-setup.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
