import { defineConfig } from 'vitest/config';

// Unit and integration tiers run under plain Node: nothing here may import `electron`.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
