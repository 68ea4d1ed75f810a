import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, inject } from 'vitest';
import { openDb, type Db } from '../../src/services/db.js';
import { actorOf } from '../../src/services/auth.js';
import { loadUser } from '../../src/services/users/index.js';
import type { Actor } from '../../src/services/rights.js';
import { buildSqliteTemplates, type SqliteTemplates } from './template.js';

export interface TestDb {
  readonly db: Db;
  readonly dir: string;
  readonly file: string;
  actor(code: string): Promise<Actor>;
  close(): Promise<void>;
}

let localTemplates: Promise<SqliteTemplates> | null = null;

/** The run's templates (globalSetup), or, outside such a run, ones built once in this process. */
function templates(): Promise<SqliteTemplates> {
  const provided = inject('sqliteTemplates');
  if (provided) return Promise.resolve(provided);
  localTemplates ??= buildSqliteTemplates();
  return localTemplates;
}

/**
 * A real SQLite database in a temp folder, migrated and (by default) seeded with demo data:
 * a copy of the run's template, so every test starts from the same fresh state.
 */
export async function makeTestDb(opts: { seed?: boolean } = {}): Promise<TestDb> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'prx-test-'));
  process.env.PRX_CONFIG_DIR = path.join(dir, 'config');
  delete process.env.PRX_SECRET_KEY;
  const file = path.join(dir, 'test.sqlite');
  const template = await templates();
  // The copy keeps the template's mode (0600, as openDb created it).
  copyFileSync(opts.seed === false ? template.migrated : template.seeded, file);
  const db = await openDb(file);
  return testDbOf(db, dir, file, () => rmSync(dir, { recursive: true, force: true }));
}

/** The TestDb around an open database; `cleanup` runs after the database is closed. */
export function testDbOf(db: Db, dir: string, file: string, cleanup: () => Promise<void> | void): TestDb {
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
      await cleanup();
    },
  };
}

/**
 * A new database from `make` (by default makeTestDb()) for each test (none when `skip`), closed after it. The fields
 * of the TestDb returned are the current test's.
 */
export function eachTestDb(make: () => Promise<TestDb> = () => makeTestDb(), skip = false): TestDb {
  let current: TestDb | undefined;
  beforeEach(async () => {
    if (!skip) current = await make();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const now = () => {
    if (!current) throw new Error('eachTestDb: used outside a test');
    return current;
  };
  return {
    get db() {
      return now().db;
    },
    get dir() {
      return now().dir;
    },
    get file() {
      return now().file;
    },
    actor: (code) => now().actor(code),
    close: () => now().close(),
  };
}
