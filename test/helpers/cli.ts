import path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli.js';
import type { TestDb } from './db.js';

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * The tests' cheaper password hashes (vitest.config.ts): a command takes its password cost
 * from the environment it is given, as the console does.
 */
export const TEST_COST: NodeJS.ProcessEnv = { NODE_ENV: process.env.NODE_ENV, PRX_TEST_SCRYPT_LOG2N: process.env.PRX_TEST_SCRYPT_LOG2N };

/** Runs `prextra-console ARGS` in-process on the test database, as `user` (password demo by default). */
export async function runCli(
  t: TestDb,
  user: string | null,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  stdinText?: string,
): Promise<CliResult> {
  let out = '';
  let err = '';
  const stdin = new PassThrough();
  if (stdinText !== undefined) stdin.end(stdinText);
  const code = await main(args, {
    env: {
      ...TEST_COST,
      PRX_DB: t.file,
      PRX_CONFIG_DIR: path.join(t.dir, 'config'),
      ...(user ? { PRX_USER: user, PRX_PASSWORD: 'demo' } : {}),
      ...env,
    },
    stdin,
    out: (s) => (out += s),
    err: (s) => (err += s),
  });
  return { code, out, err };
}
