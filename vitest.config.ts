import { defineConfig } from 'vitest/config';

// Test files that measure time: they run after the others, alone, so that the suite's own
// parallel files do not weigh on one side of a comparison.
const TIMED = ['test/unit/login-attacks.test.ts'];

// PRX_TEST_SCRYPT_LOG2N: password hashes at N=2^12 in tests (production: 2^17, see crypto.ts).
const env = { PRX_LOG: '/dev/null', PRX_TEST_SCRYPT_LOG2N: '12' };

// What every project's tests get (a project does not inherit the root's test options).
const shared = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  // Forks, not threads: some tests chdir (not allowed in a worker thread).
  pool: 'forks',
  env,
} as const;

export default defineConfig({
  test: {
    // Once per run: builds dist/cli.js (the e2e tests run it in tmux) and the template
    // databases the tests copy.
    globalSetup: ['test/helpers/globalSetup.ts'],
    // globalSetup seeds the templates with the tests' environment (it reads the root's).
    env,
    // Three files at a time on two cores: most of the suite waits (tmux, HTTP to the Google
    // simulator, frames, scrypt in libuv's pool), so a third file fills the idle time;
    // measured on this machine: about half the wall time of one at a time, same CPU time.
    maxWorkers: 3,
    projects: [
      { test: { ...shared, name: 'parallel', include: ['test/**/*.test.{ts,tsx}'], exclude: TIMED } },
      { test: { ...shared, name: 'timed', include: TIMED, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
