// The helpers every other test stands on: a broken one makes tests pass or fail for the wrong reason.
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestDb, type TestDb } from '../helpers/db.js';
import { passwordCost } from '../../src/services/crypto.js';

let t: TestDb | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('makeTestDb', () => {
  it('gives each test its own copy: a change in one is not in the next', async () => {
    t = await makeTestDb();
    await t.db('users').where({ code: 'sroy' }).update({ name: 'Changé' });
    const first = t.file;
    await t.close();
    t = await makeTestDb();
    expect(t.file).not.toBe(first);
    expect((await t.db('users').where({ code: 'sroy' }).first('name')).name).toBe('Sophie Roy');
  });

  it('seeds the demo password at the tests’ scrypt cost, not the production one', async () => {
    t = await makeTestDb();
    const { password_hash } = await t.db('users').where({ code: 'admin' }).first('password_hash');
    expect(password_hash).toMatch(new RegExp(`^scrypt\\$${passwordCost(process.env).N}\\$`));
    expect(passwordCost(process.env).N).toBeLessThan(2 ** 17);
  });

  it('without seed: migrated, no rows', async () => {
    t = await makeTestDb({ seed: false });
    expect(await t.db('users').count({ n: '*' })).toEqual([{ n: 0 }]);
    expect(await t.db.schema.hasTable('outbox')).toBe(true);
  });
});
