// Issue 8, hole 2 in the form: the same rule as the CLI and the services, with its sentence.
import { describe, expect, it } from 'vitest';
import { KEYS, consoleTestDb, renderConsole } from '../helpers/renderApp.js';
import { loadUser } from '../../src/services/users/index.js';
import { FUNCTIONS, setUserRights } from '../../src/services/rights.js';

const tdb = consoleTestDb();

describe('user form: escalation refused', () => {
  it('a users-only manager cannot untick Actif on admin: the flash says why, nothing is saved', async () => {
    await setUserRights(tdb().db, await tdb().actor('admin'), 'mgagnon', { [FUNCTIONS.users]: 'modification' });
    const ui = await renderConsole(tdb().db, { as: 'mgagnon', stack: [{ screen: 'menu' }, { screen: 'users' }] });
    await ui.waitFor('admin@doc.example.com');
    await ui.press(KEYS.enter);
    await ui.waitFor('Code d’utilisateur             admin');
    await ui.press(KEYS.tab, KEYS.tab, KEYS.tab, KEYS.space); // Actif
    await ui.waitFor(/Actif\s+\[ \]/);
    await ui.press(KEYS.ctrlS);
    await ui.waitFor('Refusé : admin détient un droit que vous n’avez pas');
    expect((await loadUser(tdb().db, 'admin'))!.active).toBe(true);
  });
});
