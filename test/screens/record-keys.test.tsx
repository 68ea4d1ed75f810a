// Keys that act on a record wait until it is loaded (issue 14): keys pressed while the
// user form is still reading its record. The read is held back deterministically by a
// transaction holding SQLite's one connection.
import { describe, expect, it } from 'vitest';
import { KEYS, consoleTestDb, renderConsole, sessionFor } from '../helpers/renderApp.js';

const tdb = consoleTestDb();

/** The console on jtremblay's form, its record held back until `release()`. */
async function formOnHeldRecord() {
  const { db } = tdb();
  const session = await sessionFor(db, 'admin');
  // Every query waits behind this transaction: the form cannot load its record yet.
  const hold = await db.transaction();
  const ui = await renderConsole(db, {
    session,
    stack: [{ screen: 'menu' }, { screen: 'users' }, { screen: 'userForm', params: { code: 'jtremblay' } }],
  });
  return { ui, release: () => hold.commit() };
}

describe('keys on a record that is still loading', () => {
  it('Ctrl-S before the form has loaded: no crash, no “Cannot read properties”, nothing written over the record', async () => {
    const { db } = tdb();
    const before = await db('users').where({ code: 'jtremblay' }).first('name', 'row_version');
    const { ui, release } = await formOnHeldRecord();
    await ui.press(KEYS.ctrlS);
    await release();
    await ui.waitFor('Julie Tremblay');
    await ui.waitFor(/Aucune modification à enregistrer|Enregistré/);
    expect(ui.frame()).not.toMatch(/Cannot read properties|Erreur inattendue/);
    expect(await db('users').where({ code: 'jtremblay' }).first('name', 'row_version')).toEqual(before);
  });

  it('what is typed before the record arrives waits for it: Tab, text and Ctrl-S land on the loaded form', async () => {
    const { db } = tdb();
    const { ui, release } = await formOnHeldRecord();
    await ui.press(KEYS.tab);
    await ui.type('-Roy');
    await ui.press(KEYS.ctrlS);
    await release();
    await ui.waitFor('Enregistré', 10_000);
    expect(await db('users').where({ code: 'jtremblay' }).first('name')).toEqual({ name: 'Julie Tremblay-Roy' });
  });
});
