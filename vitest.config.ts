import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // e2e tests drive the built console in tmux; they build it once in globalSetup.
    globalSetup: ['test/helpers/globalSetup.ts'],
    pool: 'forks',
    env: { PRX_LOG: '/dev/null' },
  },
});
