// The Utilisateurs filter as the index answers it (issue 11: cost follows the matches),
// on SQLite and, with PRX_TEST_PG_URL, on PostgreSQL: the same rows as a plain substring
// test over every user, dense or rare, short or long, with a capped count.
import { describe, expect, it } from 'vitest';
import { eachTestDb } from '../helpers/db.js';
import { ENGINES, PG_URL } from '../helpers/pgdb.js';
import { insertManyUsers } from '../helpers/manyUsers.js';
import { COUNT_CAP, exactUserCount, normalizeSearch, userFilter } from '../../src/services/search.js';
import { getUser, updateUser } from '../../src/services/users/index.js';
import { openDb } from '../../src/services/db.js';

describe.each(ENGINES)('user filter on %s', (_name, make, skip) => {
  const t = eachTestDb(make, skip);

  /** Every code the filter keeps, in list order, read through the filter's query. */
  const codes = async (raw: string) =>
    (
      await (
        await userFilter(t.db, raw)
      )
        .from(t.db)
        .select('u.code', 'u.code_key')
        .orderBy([{ column: 'u.code_key' }, { column: 'u.id' }])
    ).map((r: { code: string }) => r.code);

  /** The same answer computed in memory: a substring of code, name and e-mail, normalised. */
  const expected = async (raw: string) => {
    const f = normalizeSearch(raw.trim());
    const all = await t
      .db('users')
      .select('code', 'code_key', 'name', 'email')
      .orderBy([{ column: 'code_key' }, { column: 'id' }]);
    return all.filter((u) => normalizeSearch(`${u.code} ${u.name} ${u.email}`).includes(f)).map((u) => u.code as string);
  };

  it.skipIf(skip)('keeps exactly the users whose code, name or e-mail contains the text, accents and case aside', async () => {
    await insertManyUsers(t.db, 1300);
    // Dense (over COUNT_CAP matches) and rare, 1, 2 and 3+ characters, accents, case,
    // LIKE's own characters taken literally, text at the very end of a search text.
    const filters = [
      'e',
      'z',
      'É',
      'qc',
      'zo',
      'om',
      'xq',
      'EXAMPLE',
      'tremblay',
      'Zoé Gag',
      'm0012',
      'm01299',
      '.com',
      'st-p',
      '%',
      '_',
      '\\',
    ];
    for (const f of filters) expect({ f, codes: await codes(f) }).toEqual({ f, codes: await expected(f) });
    expect((await codes('émilie')).length).toBeGreaterThan(0);
    expect(await codes('xq')).toEqual([]);
  });

  it.skipIf(skip)('counts up to COUNT_CAP, then says "at least"; the exact figure on demand', async () => {
    await insertManyUsers(t.db, COUNT_CAP + 150);
    const all = await userFilter(t.db, 'example');
    expect(all.count).toEqual({ n: COUNT_CAP, atLeast: true });
    expect(await exactUserCount(t.db, all)).toBe((await expected('example')).length);
    const few = await userFilter(t.db, 'm0012');
    expect(few.count).toEqual({ n: 10, atLeast: false });
    expect(await exactUserCount(t.db, few)).toBe(10);
  });

  it.skipIf(skip)('follows renamed users at once, and counts once per filter while nothing changes', async () => {
    const admin = await t.actor('admin');
    const queries: string[] = [];
    t.db.on('query', (q: { sql: string }) => queries.push(q.sql));
    const counted = () => queries.filter((sql) => /count\(/i.test(sql)).length;
    expect((await userFilter(t.db, 'julie t')).count.n).toBe(1);
    expect((await userFilter(t.db, 'dufour')).count.n).toBe(0);
    const before = counted();
    expect((await userFilter(t.db, 'julie t')).count.n).toBe(1);
    expect(counted()).toBe(before);
    const u = await getUser(t.db, admin, 'jtremblay');
    await updateUser(t.db, admin, 'jtremblay', { name: 'Julie Dufour' }, u.row_version);
    expect((await userFilter(t.db, 'julie t')).count.n).toBe(0);
    expect((await userFilter(t.db, 'dufour')).count.n).toBe(1);
    expect(await codes('dufour')).toEqual(['jtremblay']);
    await t.db('users').where({ code_key: 'jtremblay' }).delete();
    expect(await codes('dufour')).toEqual([]);
  });

  it.skipIf(skip)('counts again when another server (another connection) changed the users', async () => {
    expect((await userFilter(t.db, 'm0000')).count.n).toBe(0);
    const other = await openDb(t.file);
    try {
      await insertManyUsers(other, 3);
    } finally {
      await other.destroy();
    }
    expect((await userFilter(t.db, 'm0000')).count.n).toBe(3);
  });

  it.skipIf(skip || _name !== 'PostgreSQL')(
    'does not count again for writes elsewhere on the server (another database), only for the users here',
    async () => {
      const queries: string[] = [];
      t.db.on('query', (q: { sql: string }) => queries.push(q.sql));
      const counted = () => queries.filter((sql) => /count\(/i.test(sql)).length;
      expect((await userFilter(t.db, 'julie t')).count.n).toBe(1);
      const before = counted();
      // A write transaction in the server's other database moves the server-wide snapshot.
      const elsewhere = await openDb(PG_URL);
      try {
        await elsewhere.transaction(async (trx) => {
          await trx.raw('select txid_current()');
        });
      } finally {
        await elsewhere.destroy();
      }
      expect((await userFilter(t.db, 'julie t')).count.n).toBe(1);
      expect(counted()).toBe(before);
    },
  );
});
