import { defineConfig } from 'vitest/config';

// Two cores: two test files at a time. Each file gets its own databases, so files never share state.
// The per-test limit is generous because a browser flow of twenty pages, each checked with axe, ran past
// a minute on a loaded CI machine while never hanging; a hung test still fails, three minutes later.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'e2e/**/*.test.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 180_000,
    hookTimeout: 240_000,
    reporters: ['default'],
  },
});
