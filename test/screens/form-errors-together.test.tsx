// Found by trying the console (qa): a user form with a date that does not parse and a
// number out of range said "1 champ à corriger" and showed only the date's error; once the
// date was fixed, the next Ctrl-S found the number. Every field's error shows at once.
import { describe, expect, it } from 'vitest';
import { KEYS, consoleTestDb, focusOn, renderConsole } from '../helpers/renderApp.js';
import { loadUser } from '../../src/services/users/index.js';

const tdb = consoleTestDb();

describe('a user form with several wrong fields', () => {
  it('shows every field’s error and counts them all on the first Ctrl-S', async () => {
    const ui = await renderConsole(tdb().db, {
      as: 'admin',
      size: { columns: 80, rows: 24 },
      stack: [{ screen: 'menu' }, { screen: 'users' }, { screen: 'userForm', params: { code: 'pcote' } }],
    });
    await ui.waitFor('pcote@qc.example.com');
    await focusOn(ui, /› Date d’expiration/);
    await ui.press('\u0015');
    await ui.type('31/02/2027');
    await focusOn(ui, /› Expiration de la connexion/);
    await ui.press('\u0015');
    await ui.type('99999');
    await ui.press(KEYS.ctrlS);
    const f = await ui.waitFor(/champs? à corriger/);
    expect(f).toContain('Date invalide (JJ/MM/AAAA).');
    expect(f).toContain('Nombre entier de 1 à 1440.');
    expect(f).toContain('2 champs à corriger');
    expect((await loadUser(tdb().db, 'pcote'))!.session_timeout_min).not.toBe(99999);
  });
});
