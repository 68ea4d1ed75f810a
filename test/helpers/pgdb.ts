import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { migrateLatest, openDb } from '../../src/services/db.js';
import { seedDemo } from '../../db/seeds/demo.js';
import { actorOf } from '../../src/services/auth.js';
import { loadUser } from '../../src/services/users/index.js';
import { resetSecretKeyCache } from '../../src/services/crypto.js';
import type { TestDb } from './db.js';

/** The server scripts/test-postgres.sh prints; the PostgreSQL tests are skipped without it. */
export const PG_URL = process.env.PRX_TEST_PG_URL ?? '';

/**
 * makeTestDb on PostgreSQL: a fresh database (unique name) on the PRX_TEST_PG_URL server,
 * migrated and (by default) seeded; close() drops it. `file` is the database URL, so
 * runCli(t, …) drives the CLI against it through PRX_DB.
 */
export async function makePgTestDb(opts: { seed?: boolean; migrate?: boolean } = {}): Promise<TestDb> {
  if (!PG_URL) throw new Error('PRX_TEST_PG_URL is not set (see scripts/test-postgres.sh)');
  const name = `prx_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: PG_URL, pool: { min: 0, max: 1 } });
  try {
    await admin.raw('create database ??', [name]);
  } finally {
    await admin.destroy();
  }
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'prx-pgtest-'));
  process.env.PRX_CONFIG_DIR = path.join(dir, 'config');
  delete process.env.PRX_SECRET_KEY;
  resetSecretKeyCache();
  const db = await openDb(url.toString());
  if (opts.migrate !== false) await migrateLatest(db);
  if (opts.migrate !== false && opts.seed !== false) await seedDemo(db);
  return {
    db,
    dir,
    file: url.toString(),
    async actor(code: string) {
      const u = await loadUser(db, code);
      if (!u) throw new Error(`no user ${code}`);
      return actorOf(u);
    },
    async close() {
      await db.destroy();
      const drop = knexFactory({ client: 'pg', connection: PG_URL, pool: { min: 0, max: 1 } });
      try {
        // WITH (FORCE): a CLI run that left a connection open must not keep the database.
        await drop.raw('drop database if exists ?? with (force)', [name]);
      } finally {
        await drop.destroy();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
