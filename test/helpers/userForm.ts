// A form with a change not saved yet, the starting point of the drafts and :logout tests.
import type { Db } from '../../src/services/db.js';
import { KEYS, renderConsole, type RenderedConsole } from './renderApp.js';

/** admin on Utilisateurs › jtremblay, Nom changed to « Julie Tremblay-Roy » and not saved. */
export async function jtremblayNameChanged(db: Db): Promise<RenderedConsole> {
  const ui = await renderConsole(db, {
    as: 'admin',
    stack: [{ screen: 'menu' }, { screen: 'users' }, { screen: 'userForm', params: { code: 'jtremblay' } }],
  });
  await ui.waitFor('Julie Tremblay');
  await ui.press(KEYS.tab);
  await ui.type('-Roy');
  await ui.waitFor('Julie Tremblay-Roy');
  return ui;
}
