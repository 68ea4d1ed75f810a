// listUsers in another order than Code: Nom, ascending or descending, paged by position
// forwards and backwards on SQLite and PostgreSQL — every user once, in the database's
// own order for that sort, whatever the page size.
import { describe, expect, it } from 'vitest';
import { eachTestDb } from '../helpers/db.js';
import { ENGINES } from '../helpers/pgdb.js';
import { actorOf } from '../../src/services/auth.js';
import { createUser, listUsers, loadUser, updateUser, type UserSort } from '../../src/services/users/index.js';

describe.each(ENGINES)('users list sorted (%s)', (_name, make, skip) => {
  const t = eachTestDb(make, skip);
  it.skipIf(skip)('Nom ▲ and ▼, Code ▼: forwards and backwards by pages of 5, each user once, in the database’s order', async () => {
    const actor = actorOf((await loadUser(t.db, 'admin'))!);
    const sorts: Array<[UserSort, string]> = [
      [{ by: 'name' }, 'name_key'],
      [{ by: 'name', desc: true }, 'name_key'],
      [{ by: 'code', desc: true }, 'code_key'],
    ];
    for (const [sort, column] of sorts) {
      const dir = sort.desc ? 'desc' : 'asc';
      const expected = (
        await t
          .db('users')
          .select('code')
          .orderBy([
            { column, order: dir },
            { column: 'id', order: dir },
          ])
      ).map((r) => r.code as string);
      const forwards: string[] = [];
      let page = await listUsers(t.db, actor, { sort, limit: 5 });
      forwards.push(...page.rows.map((r) => r.code));
      while (page.hasAfter) {
        page = await listUsers(t.db, actor, { sort, limit: 5, after: page.rows.at(-1)!.position });
        forwards.push(...page.rows.map((r) => r.code));
      }
      expect(forwards, JSON.stringify(sort)).toEqual(expected);
      const backwards: string[] = [];
      page = await listUsers(t.db, actor, { sort, limit: 5, last: true });
      backwards.unshift(...page.rows.map((r) => r.code));
      while (page.hasBefore) {
        page = await listUsers(t.db, actor, { sort, limit: 5, before: page.rows[0]!.position });
        backwards.unshift(...page.rows.map((r) => r.code));
      }
      expect(backwards, JSON.stringify(sort)).toEqual(expected);
    }
  });

  it.skipIf(skip)('Nom ignores case and accents, whatever the engine’s collation: Émilie between Daniel and François', async () => {
    const actor = actorOf((await loadUser(t.db, 'admin'))!);
    const names = (await listUsers(t.db, actor, { sort: { by: 'name' }, limit: 100 })).rows.map((r) => r.name);
    const at = (n: string) => names.findIndex((x) => x.startsWith(n));
    expect(at('Daniel Lévesque')).toBeLessThan(at('Émilie Paquette'));
    expect(at('Émilie Paquette')).toBeLessThan(at('François Gauthier'));
    // The key follows a rename, and a new user gets one.
    await updateUser(t.db, actor, 'epaquette', { name: 'Zélie Paquette' }, (await loadUser(t.db, 'epaquette'))!.row_version);
    await createUser(t.db, actor, {
      code: 'aabel',
      name: 'Ève Abel',
      email: 'aabel@mtl.example.com',
      companies: ['MTL'],
      default_company: 'MTL',
    });
    const after = (await listUsers(t.db, actor, { sort: { by: 'name' }, limit: 100 })).rows.map((r) => r.name);
    expect(after.at(-1)).toBe('Zélie Paquette');
    expect(after.indexOf('Ève Abel')).toBeGreaterThan(after.findIndex((x) => x.startsWith('Daniel')));
    expect(after.indexOf('Ève Abel')).toBeLessThan(after.findIndex((x) => x.startsWith('François')));
  });
});
