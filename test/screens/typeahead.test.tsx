// Keys typed ahead arrive in one read (a slow SSH link, a paste of keystrokes): each must
// reach what the key before it focused, as if typed one by one.
import { describe, expect, it } from 'vitest';
import { KEYS, consoleTestDb, renderConsole } from '../helpers/renderApp.js';

const tdb = consoleTestDb();

describe('keys typed ahead in one read', () => {
  it('code, Enter, wrong password, Enter: the code field holds only the code and the password is refused', async () => {
    const ui = await renderConsole(tdb().db);
    await ui.waitFor('Code d’utilisateur');
    await ui.type(`admin${KEYS.enter}mauvais${KEYS.enter}`);
    const f = await ui.waitFor('Code d’utilisateur ou mot de passe invalide.');
    expect(f).toMatch(/Code d’utilisateur +admin +│/);
    expect(f).not.toContain('adminm');
    await ui.type(`demo${KEYS.enter}`);
    await ui.waitFor('Gestion de système');
  });

  it('Enter on a user, Tab, a letter, before the form has read the record: the letter ends the name', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin', stack: [{ screen: 'menu' }, { screen: 'users' }] });
    await ui.waitFor('Ligne 1/');
    const name = (await tdb().db('users').where({ code: 'admin' }).first()).name as string;
    await ui.type(`${KEYS.enter}${KEYS.tab}Z`);
    await ui.waitFor(`${name}Z`);
  });

  it('Ctrl-T then a before Horaire has read the schedule: the range is added once it has', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin', stack: [{ screen: 'menu' }, { screen: 'users' }] });
    await ui.waitFor('Ligne 1/');
    await ui.press(KEYS.enter);
    await ui.waitFor('› Code d’utilisateur');
    await ui.type('\u0014a'); // Ctrl-T, a
    await ui.waitFor('Horaire pour connexion');
    await ui.waitFor(/‹ Lundi\s+›\s+08:00/);
  });
});
