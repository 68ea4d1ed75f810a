// Found by trying the console as a clerk who may only read Utilisateurs (qa): the footer
// offered "n Nouveau" and n opened a "Nouvel utilisateur" form that could not be saved.
// As on Compagnies, the key is offered only with the right to create.
import { describe, expect, it } from 'vitest';
import { consoleTestDb, renderConsole } from '../helpers/renderApp.js';
import { FUNCTIONS, setUserRights } from '../../src/services/rights.js';

const tdb = consoleTestDb();

describe('Utilisateurs for a reader', () => {
  it('offers no n Nouveau, and n opens no new user form', async () => {
    await setUserRights(tdb().db, await tdb().actor('admin'), 'jtremblay', { [FUNCTIONS.users]: 'lecture' });
    const ui = await renderConsole(tdb().db, {
      as: 'jtremblay',
      size: { columns: 80, rows: 24 },
      stack: [{ screen: 'menu' }, { screen: 'users' }],
    });
    const f = await ui.waitFor('admin@doc.example.com');
    expect(f.split('\n').at(-1)).toContain('Enter Ouvrir');
    expect(f.split('\n').at(-1)).not.toContain('Nouveau');
    await ui.press('n');
    expect(ui.frame()).not.toContain('Nouvel utilisateur');
    expect(ui.store.getState().stack.at(-1)!.screen).toBe('users');
  });

  it('still offers n Nouveau to who may change users', async () => {
    const ui = await renderConsole(tdb().db, {
      as: 'admin',
      size: { columns: 80, rows: 24 },
      stack: [{ screen: 'menu' }, { screen: 'users' }],
    });
    await ui.waitFor(/n Nouveau/);
    await ui.press('n');
    await ui.waitFor('Nouvel utilisateur');
  });
});
