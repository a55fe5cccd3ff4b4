import { defineConfig } from 'vitest/config';

// Unit and integration tiers run under plain Node: nothing here may import `electron`. The reliability
// suites (test/reliability/) run here in their short sizes; `npm run test:soak` runs them long.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/reliability/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
