import { defineConfig } from 'vitest/config';

// `npm run test:soak`: the long versions of the reliability suites (test/reliability/), one file at a
// time. The same files run short inside `npm test` (vitest.config.ts); RELIABILITY=soak picks the sizes.
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    environment: 'node',
    env: { RELIABILITY: 'soak' },
    testTimeout: 600_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
