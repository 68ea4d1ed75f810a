// Two programs writing users at the same moment on one SQLite database. A fresh connection
// meets the first write of its transaction while another program holds the write lock:
// SQLite refuses it at once (SQLITE_BUSY, no wait: its statement had to read first, and a
// reader may not wait for the lock). The user must learn what really happened — the code
// was taken meanwhile, or the change was saved — not "base occupée".
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestDb, type TestDb } from '../helpers/db.js';
import { openDb, type Db } from '../../src/services/db.js';
import { createUser, getUser, loadUser, updateUser } from '../../src/services/users/index.js';
import { errorMessage } from '../../src/services/i18n/index.js';

let t: TestDb | null = null;
let other: Db | null = null;
afterEach(async () => {
  await other?.destroy();
  await t?.close();
  t = other = null;
});

/** Resolves when `db` starts a statement matching `sql`. */
function statementStarts(db: Db, sql: RegExp): Promise<void> {
  return new Promise((resolve) => {
    const onQuery = (q: { sql: string }) => {
      if (!sql.test(q.sql)) return;
      db.off('query', onQuery);
      resolve();
    };
    db.on('query', onQuery);
  });
}

/**
 * Runs `work` in a transaction of `db` that keeps the write lock until `release` has
 * resolved (and a little more, so the other side meets the lock at least once).
 */
async function holdingTheLock(db: Db, work: (trx: Db) => Promise<unknown>, release: Promise<void>): Promise<void> {
  await db.transaction(async (trx) => {
    await work(trx);
    await release;
    await new Promise((r) => setTimeout(r, 100));
  });
}

describe('users written by two programs at once (SQLite)', () => {
  it('the same new code from two connections: one is added, the other says the code already exists', async () => {
    t = await makeTestDb();
    other = await openDb(t.file); // a second program: a connection of its own, fresh
    const admin = await t.actor('admin');
    const input = { code: 'course', name: 'Course Parallèle', default_company: 'MTL', companies: ['MTL'] };
    const secondInserts = statementStarts(other, /^insert into `users`/);
    let first!: Promise<void>;
    const firstHolds = new Promise<void>((resolve) => {
      first = holdingTheLock(
        t!.db,
        async (trx) => {
          await createUser(trx, admin, { ...input, name: 'Premier' });
          resolve();
        },
        secondInserts,
      );
    });
    await firstHolds;
    // The second program checked the code before the first committed: it goes on to insert.
    const second = await createUser(other, admin, { ...input, name: 'Second' }).then(
      () => 'added',
      (e: unknown) => errorMessage(e, 'fr'),
    );
    await first;
    expect(second).toMatch(/existe déjà/);
    expect(second).not.toMatch(/occupée/);
    const saved = await t.db('users').where({ code_key: 'course' });
    expect(saved.map((u) => u.name)).toEqual(['Premier']);
  });

  it('a change saved from a fresh connection while another program writes: saved once the other is done', async () => {
    t = await makeTestDb();
    other = await openDb(t.file);
    const admin = await t.actor('admin');
    const before = await getUser(t.db, admin, 'sroy');
    const secondUpdates = statementStarts(other, /^update `users`/);
    let first!: Promise<void>;
    const firstHolds = new Promise<void>((resolve) => {
      first = holdingTheLock(
        t!.db,
        async (trx) => {
          await trx('audit_log').insert({ at: new Date().toISOString(), actor_code: 'autre', action: 'test', entity: 'user' });
          resolve();
        },
        secondUpdates,
      );
    });
    await firstHolds;
    const second = await updateUser(other, admin, 'sroy', { name: 'Sophie Roy-Nouveau' }, before.row_version).then(
      () => 'saved',
      (e: unknown) => errorMessage(e, 'fr'),
    );
    await first;
    expect(second).toBe('saved');
    expect((await loadUser(t.db, 'sroy'))!.name).toBe('Sophie Roy-Nouveau');
  });
});
