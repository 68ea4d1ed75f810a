// Issue 10 §1: Horaire and Droits are routes on the navigation stack, like any screen: the
// breadcrumb names them, Esc goes back one step, and leaving them with unsaved changes
// from the shell (Esc, the palette, q) asks first — n keeps the changes.
import { describe, expect, it } from 'vitest';
import { KEYS, consoleTestDb, renderConsole, type RenderedConsole } from '../helpers/renderApp.js';

const tdb = consoleTestDb();
const header = (ui: RenderedConsole) => ui.frame().split('\n')[0]!;
const QUESTION = 'Abandonner les modifications non enregistrées ?';

async function openForm(ui: RenderedConsole): Promise<void> {
  await ui.waitFor('Ligne 1/');
  await ui.press(KEYS.enter);
  await ui.waitFor(/› Code d’utilisateur\s+admin/);
}

describe('Horaire and Droits are routes', () => {
  it('Horaire: in the breadcrumb; dirty, Esc, the palette and q each ask, n keeps the range; Esc after saving goes back to the form', async () => {
    const ui = await renderConsole(tdb().db, {
      as: 'admin',
      stack: [{ screen: 'menu' }, { screen: 'users' }],
      size: { columns: 120, rows: 30 },
    });
    await openForm(ui);
    await ui.press('\u0014'); // Ctrl-T
    await ui.waitFor('Aucune plage');
    expect(header(ui)).toMatch(/Utilisateurs › admin — Administrateur système › Horaire pour connexion/);
    expect(ui.store.getState().stack.map((r) => r.screen)).toEqual(['menu', 'users', 'userForm', 'schedule']);
    await ui.press('a');
    await ui.waitFor(/‹ Lundi\s+›/);
    for (const leave of [[KEYS.escape], [':', 'm', 'e', 'n', 'u', KEYS.enter], ['q']]) {
      await ui.press(...leave);
      await ui.waitFor(QUESTION);
      await ui.press('n');
      await ui.waitForGone(QUESTION);
      expect(ui.frame()).toMatch(/‹ Lundi\s+›/);
    }
    await ui.press(KEYS.ctrlS);
    await ui.waitFor('Enregistré');
    await ui.press(KEYS.escape);
    await ui.waitFor(/› Code d’utilisateur\s+admin/);
    expect(header(ui)).not.toContain('Horaire');
  });

  it('Droits: in the breadcrumb; a changed level asks on Esc, o drops it and the form is back, the level unchanged in the database', async () => {
    const ui = await renderConsole(tdb().db, {
      as: 'admin',
      stack: [{ screen: 'menu' }, { screen: 'users' }],
      size: { columns: 120, rows: 30 },
    });
    await openForm(ui);
    const rights = () => tdb().db('rights').select().orderBy(['user_id', 'function_code']);
    const before = await rights();
    await ui.press('\u0012'); // Ctrl-R
    await ui.waitFor('Changer droits utilisateurs —');
    expect(header(ui)).toMatch(/admin — Administrateur système › Changer droits utilisateurs/);
    const first = ui.frame();
    await ui.press(KEYS.space);
    await ui.waitFor((f) => f !== first && f.includes(' *'));
    await ui.press(KEYS.escape);
    await ui.waitFor(QUESTION);
    await ui.press('o');
    await ui.waitFor(/› Code d’utilisateur\s+admin/);
    expect(ui.store.getState().stack.map((r) => r.screen)).toEqual(['menu', 'users', 'userForm']);
    expect(await rights()).toEqual(before);
  });
});
