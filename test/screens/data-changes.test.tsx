// Issue 14, the console: a list shows what another process changed (a CLI command, another
// console) within about a second, the cursor staying on its row. SQLite: PRAGMA
// data_version polled; PostgreSQL: LISTEN/NOTIFY. The change comes through a second
// connection, as it would from another process.
import { afterEach, describe, expect, it } from 'vitest';
import { renderConsole, type RenderedConsole, KEYS } from '../helpers/renderApp.js';
import { makeTestDb, type TestDb } from '../helpers/db.js';
import { PG_URL, makePgTestDb } from '../helpers/pgdb.js';
import { openDb } from '../../src/services/db.js';
import { actorOf } from '../../src/services/auth.js';
import { createUser, loadUser, updateUser } from '../../src/services/users/index.js';
import { createCompany } from '../../src/services/companies.js';

let t: TestDb | null = null;
let ui: RenderedConsole | null = null;
afterEach(async () => {
  ui?.unmount();
  ui = null;
  await t?.close();
  t = null;
});

const engines: Array<[string, () => Promise<TestDb>, boolean]> = [
  ['SQLite', () => makeTestDb(), false],
  ['PostgreSQL', () => makePgTestDb(), !PG_URL],
];

describe.each(engines)('lists follow changes made elsewhere (%s)', (_name, make, skip) => {
  it.skipIf(skip)('the users list shows a user renamed and one added by another connection within 2 s, the cursor on its row', async () => {
    t = await make();
    ui = await renderConsole(t.db, { as: 'admin', stack: [{ screen: 'menu' }, { screen: 'users' }] });
    await ui.waitFor('Ligne 1/34 ·');
    await ui.press(KEYS.down, KEYS.down, KEYS.down);
    await ui.waitFor('Ligne 4/34 ·');
    const codeUnder = (await t.db('users').select('code').orderBy('code_key').offset(3).first()).code as string;

    // Another process: its own connection to the same database.
    const other = await openDb(t.file);
    try {
      const admin = actorOf((await loadUser(other, 'admin'))!);
      const u = (await loadUser(other, codeUnder))!;
      await updateUser(other, admin, codeUnder, { name: 'Renommé Ailleurs' }, u.row_version);
      await createUser(other, admin, {
        code: 'zzlast',
        name: 'Zoé Dernière',
        email: 'zz@mtl.example.com',
        companies: ['MTL'],
        default_company: 'MTL',
      });
    } finally {
      await other.destroy();
    }
    const changedAt = Date.now();
    const f = await ui.waitFor((frame) => frame.includes('Renommé Ailleurs') && frame.includes('Ligne 4/35 ·'), 2000);
    expect(Date.now() - changedAt).toBeLessThan(2000);
    // The cursor is still on the row it was on (the 4th), now one of 35.
    expect(f.split('\n').find((l) => l.includes('Renommé Ailleurs'))).toContain(codeUnder);
  });

  it.skipIf(skip)('Compagnies: a company added elsewhere before the cursor’s row shows, the cursor still on its company', async () => {
    t = await make();
    ui = await renderConsole(t.db, { as: 'admin', stack: [{ screen: 'menu' }, { screen: 'companies' }] });
    await ui.waitFor('Ligne 1/5 ·');
    await ui.press(KEYS.down, KEYS.down);
    await ui.waitFor('Ligne 3/5 ·'); // QC
    const other = await openDb(t.file);
    try {
      const admin = actorOf((await loadUser(other, 'admin'))!);
      await createCompany(other, admin, {
        code: 'BAIE',
        name: 'Baie-Comeau Métal',
        address: '1, rue du Port',
        city: 'Baie-Comeau',
        phone: '418 555-0101',
      });
    } finally {
      await other.destroy();
    }
    // BAIE sorts first: QC is now the 4th of 6, and the cursor went with it.
    await ui.waitFor((f) => f.includes('Baie-Comeau Métal') && f.includes('Ligne 4/6 ·'), 3000);
  });
});
