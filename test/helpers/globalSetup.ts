import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { buildPgTemplates, buildSqliteTemplates, dropPgTemplates } from './template.js';

/**
 * Once per run, before any test file: builds dist/cli.js from the current sources (the e2e
 * tests run it) and the template databases makeTestDb / makePgTestDb copy, side by side.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const pgUrl = process.env.PRX_TEST_PG_URL ?? '';
  const build = promisify(execFile)(process.execPath, ['scripts/build.mjs']).then(({ stdout, stderr }) => {
    process.stdout.write(stdout);
    process.stderr.write(stderr);
  });
  // The seed runs here, in vitest's own process: give it the environment the tests get
  // (test.env: the cheaper test password hash among others), or the demo password hash would
  // be the production one, and every login of every test would pay for it.
  const saved = { ...process.env };
  Object.assign(process.env, project.config.env);
  const [sqlite, pg] = await Promise.all([buildSqliteTemplates(), pgUrl ? buildPgTemplates(pgUrl) : null, build]).finally(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });
  project.provide('sqliteTemplates', { migrated: sqlite.migrated, seeded: sqlite.seeded });
  project.provide('pgTemplates', pg);
  return async () => {
    rmSync(sqlite.dir, { recursive: true, force: true });
    if (pg) await dropPgTemplates(pgUrl, pg);
  };
}
