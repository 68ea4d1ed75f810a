import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateLatest, openDb, type Db } from '../../src/services/db.js';
import { seedDemo } from '../../db/seeds/demo.js';
import { actorOf } from '../../src/services/auth.js';
import { loadUser } from '../../src/services/users/index.js';
import type { Actor } from '../../src/services/rights.js';
import { resetSecretKeyCache } from '../../src/services/crypto.js';

export interface TestDb {
  readonly db: Db;
  readonly dir: string;
  readonly file: string;
  actor(code: string): Promise<Actor>;
  close(): Promise<void>;
}

/** A real SQLite database in a temp folder, migrated and (by default) seeded with demo data. */
export async function makeTestDb(opts: { seed?: boolean } = {}): Promise<TestDb> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'prx-test-'));
  process.env.PRX_CONFIG_DIR = path.join(dir, 'config');
  delete process.env.PRX_SECRET_KEY;
  resetSecretKeyCache();
  const file = path.join(dir, 'test.sqlite');
  const db = await openDb(file, { create: true });
  await migrateLatest(db);
  if (opts.seed !== false) await seedDemo(db);
  return {
    db,
    dir,
    file,
    async actor(code: string) {
      const u = await loadUser(db, code);
      if (!u) throw new Error(`no user ${code}`);
      return actorOf(u);
    },
    async close() {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
