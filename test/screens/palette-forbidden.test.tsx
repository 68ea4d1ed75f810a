// Found by trying the palette as jtremblay (qa): typing ":users" said "Aucune commande ne
// commence ainsi." — false, the command exists and only Enter told why it is refused.
// While the typed name is a command the user may not run, the palette says why at once.
import { describe, expect, it } from 'vitest';
import { consoleTestDb, renderConsole } from '../helpers/renderApp.js';

const tdb = consoleTestDb();

describe('the palette, a forbidden command typed', () => {
  it('says why it is refused while it is typed, never that no command starts so', async () => {
    const ui = await renderConsole(tdb().db, { as: 'jtremblay', size: { columns: 80, rows: 24 } });
    await ui.waitFor('Préférences');
    await ui.press(':');
    await ui.waitFor(':prefs');
    await ui.type('use');
    const f = await ui.waitFor(/:use/);
    expect(f).toContain('Utilisateurs : il vous faut le droit « Lecture ».');
    expect(f).not.toContain('Aucune commande ne commence ainsi.');
    await ui.type('zz');
    await ui.waitFor('Aucune commande ne commence ainsi.');
  });
});
