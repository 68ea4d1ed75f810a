// Drafts (issue 14): a dirty form is kept when the terminal goes away, and offered back at
// the user's next login on that database ("Reprendre le brouillon ?"). The keeping step is
// the console's own (keepDrafts); the terminal part is the e2e test in tmux.
import { describe, expect, it } from 'vitest';
import { KEYS, consoleTestDb, renderConsole } from '../helpers/renderApp.js';
import { jtremblayNameChanged } from '../helpers/userForm.js';
import { keepDrafts } from '../../src/screens/drafts.js';
import { listDrafts } from '../../src/services/drafts.js';

const tdb = consoleTestDb();

/** admin changes jtremblay's Nom, and the terminal goes away: the draft is kept. */
async function leaveADraft(): Promise<void> {
  const ui = await jtremblayNameChanged(tdb().db);
  expect(await keepDrafts(ui.store.getState(), tdb().db)).toBe(1);
  ui.unmount();
}

async function loginAsAdmin() {
  const ui = await renderConsole(tdb().db);
  await ui.waitFor('Mot de passe');
  await ui.type('admin');
  await ui.press(KEYS.enter);
  await ui.type('demo');
  await ui.press(KEYS.enter);
  return ui;
}

describe('drafts', () => {
  it('offered back at the next login: o reopens the form with the change on it, unsaved, and Ctrl-S saves it', async () => {
    await leaveADraft();
    const ui = await loginAsAdmin();
    await ui.waitFor('Reprendre le brouillon ? Utilisateurs › jtremblay');
    await ui.press('o');
    await ui.waitFor('Julie Tremblay-Roy');
    await ui.waitFor('Brouillon repris');
    expect(ui.store.getState().anyDirty()).toBe(true);
    // Taken back: the draft is gone from the database.
    expect(await listDrafts(tdb().db, await tdb().actor('admin'))).toEqual([]);
    await ui.press(KEYS.ctrlS);
    await ui.waitFor('Enregistré');
    expect(await tdb().db('users').where({ code: 'jtremblay' }).first('name')).toEqual({ name: 'Julie Tremblay-Roy' });
  });

  it('n drops it: the menu, the record unchanged, no draft left; another user is not offered it', async () => {
    await leaveADraft();
    const other = await renderConsole(tdb().db);
    await other.waitFor('Mot de passe');
    await other.type('support');
    await other.press(KEYS.enter);
    await other.type('demo');
    await other.press(KEYS.enter);
    await other.waitFor('Journal des courriels');
    expect(other.frame()).not.toContain('brouillon');
    other.unmount();

    const ui = await loginAsAdmin();
    await ui.waitFor('Reprendre le brouillon ?');
    await ui.press('n');
    await ui.waitFor('Utilisateurs');
    expect(ui.frame()).not.toContain('Reprendre');
    expect(await listDrafts(tdb().db, await tdb().actor('admin'))).toEqual([]);
    expect(await tdb().db('users').where({ code: 'jtremblay' }).first('name')).toEqual({ name: 'Julie Tremblay' });
  });

  it('keeps only the fields changed: a change made meanwhile by someone else to another field stays', async () => {
    await leaveADraft();
    await tdb().db('users').where({ code: 'jtremblay' }).update({ contact: 'Poste 42', row_version: 99 });
    const ui = await loginAsAdmin();
    await ui.waitFor('Reprendre le brouillon ?');
    await ui.press('o');
    await ui.waitFor('Brouillon repris');
    await ui.press(KEYS.ctrlS);
    await ui.waitFor('Enregistré');
    expect(await tdb().db('users').where({ code: 'jtremblay' }).first('name', 'contact')).toEqual({
      name: 'Julie Tremblay-Roy',
      contact: 'Poste 42',
    });
  });
});
