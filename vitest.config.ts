import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // e2e tests drive the built console in tmux; they build it once in globalSetup.
    globalSetup: ['test/helpers/globalSetup.ts'],
    pool: 'forks',
    // PRX_TEST_SCRYPT_LOG2N: password hashes at N=2^12 in tests (production: 2^17, see crypto.ts).
    env: { PRX_LOG: '/dev/null', PRX_TEST_SCRYPT_LOG2N: '12' },
  },
});
