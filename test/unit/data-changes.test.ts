// services/dataChanges: what tells a console that another process changed the data.
// PostgreSQL: LISTEN on a connection of its own — the pool can still close while it
// listens, and a lost connection listens again. SQLite: data_version polled.
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestDb, type TestDb } from '../helpers/db.js';
import { PG_URL, makePgTestDb } from '../helpers/pgdb.js';
import { openDb } from '../../src/services/db.js';
import { watchDataChanges, type ChangeWatcher } from '../../src/services/dataChanges.js';

let t: TestDb | null = null;
let w: ChangeWatcher | null = null;
afterEach(async () => {
  await w?.stop();
  w = null;
  await t?.close();
  t = null;
});

/** Resolves when `listener` has been called (or rejects after `ms`). */
function nextChange(watcher: ChangeWatcher, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no change seen within ${ms} ms`)), ms);
    const off = watcher.subscribe(() => {
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

async function renameElsewhere(file: string, name: string): Promise<void> {
  const other = await openDb(file);
  try {
    await other('companies').where({ code: 'MTL' }).update({ name });
  } finally {
    await other.destroy();
  }
}

/**
 * Renames a company through another connection, again every 100 ms, until the watcher has
 * heard one (LISTEN is set up in the background: a change before it is not heard).
 */
async function changeUntilHeard(file: string, watcher: ChangeWatcher): Promise<void> {
  const heard = nextChange(watcher, 5000);
  const tick = () => new Promise<boolean>((r) => setTimeout(() => r(false), 100));
  for (let i = 0; i < 50 && !(await Promise.race([heard.then(() => true), tick()])); i++) await renameElsewhere(file, `Ailleurs ${i}`);
  await heard;
}

describe('SQLite', () => {
  it('a commit through another connection is seen', async () => {
    t = await makeTestDb();
    w = watchDataChanges(t.db, { intervalMs: 50 });
    // The first poll sets the baseline (a change before it is not heard): no fixed wait for
    // it, a rename again every 100 ms until one is heard.
    await changeUntilHeard(t.file, w);
  });
});

describe.skipIf(!PG_URL)('PostgreSQL', () => {
  it('the pool closes at once while the console listens (the LISTEN connection is not the pool’s)', async () => {
    t = await makePgTestDb();
    const db = await openDb(t.file);
    const watcher = watchDataChanges(db);
    // Listening: a change is heard.
    await changeUntilHeard(t.file, watcher);
    const started = Date.now();
    await db.destroy();
    expect(Date.now() - started).toBeLessThan(2000);
    await watcher.stop();
  });

  it('a lost LISTEN connection listens again and tells the lists to read again', async () => {
    t = await makePgTestDb();
    w = watchDataChanges(t.db, { relistenMs: 100 });
    await changeUntilHeard(t.file, w);
    // The server drops the listening connection (a restart, an administrator).
    const again = nextChange(w, 5000);
    await t.db.raw(
      `select pg_terminate_backend(pid) from pg_stat_activity where query = 'LISTEN prextra_changes' and datname = current_database()`,
    );
    await again;
    // Listening again: a later change is heard.
    const later = nextChange(w, 5000);
    await renameElsewhere(t.file, 'Plus tard');
    await later;
  });
});
