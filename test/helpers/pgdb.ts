import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { openDb } from '../../src/services/db.js';
import { makeTestDb, testDbOf, type TestDb } from './db.js';
import { buildPgTemplates, pgDatabaseUrl, withPgAdmin, type PgTemplates } from './template.js';

/** The server scripts/test-postgres.sh prints; the PostgreSQL tests are skipped without it. */
export const PG_URL = process.env.PRX_TEST_PG_URL ?? '';

/**
 * The engines the services run on, for describe.each: [name, a new test database, skip].
 * PostgreSQL is skipped without PRX_TEST_PG_URL.
 */
export const ENGINES = [
  ['SQLite', () => makeTestDb(), false],
  ['PostgreSQL', () => makePgTestDb(), !PG_URL],
] as const;

let localTemplates: Promise<PgTemplates> | null = null;

/** The run's templates (globalSetup), or, outside such a run, ones built once in this process. */
function templates(): Promise<PgTemplates> {
  const provided = inject('pgTemplates');
  if (provided) return Promise.resolve(provided);
  localTemplates ??= buildPgTemplates(PG_URL);
  return localTemplates;
}

/**
 * makeTestDb on PostgreSQL: a fresh database (unique name) on the PRX_TEST_PG_URL server,
 * migrated and (by default) seeded — a copy of the run's template (CREATE DATABASE …
 * TEMPLATE) — or empty with `migrate: false`; close() drops it. `file` is the database URL,
 * so runCli(t, …) drives the CLI against it through PRX_DB.
 */
export async function makePgTestDb(opts: { seed?: boolean; migrate?: boolean } = {}): Promise<TestDb> {
  if (!PG_URL) throw new Error('PRX_TEST_PG_URL is not set (see scripts/test-postgres.sh)');
  const name = `prx_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const template = opts.migrate === false ? null : opts.seed === false ? (await templates()).migrated : (await templates()).seeded;
  await withPgAdmin(PG_URL, (admin) =>
    template ? admin.raw('create database ?? template ??', [name, template]) : admin.raw('create database ??', [name]),
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'prx-pgtest-'));
  process.env.PRX_CONFIG_DIR = path.join(dir, 'config');
  delete process.env.PRX_SECRET_KEY;
  const url = pgDatabaseUrl(PG_URL, name);
  const db = await openDb(url);
  return testDbOf(db, dir, url, async () => {
    // WITH (FORCE): a CLI run that left a connection open must not keep the database.
    await withPgAdmin(PG_URL, (admin) => admin.raw('drop database if exists ?? with (force)', [name]));
    rmSync(dir, { recursive: true, force: true });
  });
}
