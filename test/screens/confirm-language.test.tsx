// The confirm line in the reader's language (issue 9): an English user reads "Yes (y)",
// not "Oui (o/y)"; both o and y answer yes in French.
import { describe, expect, it } from 'vitest';
import { consoleTestDb, renderConsole } from '../helpers/renderApp.js';

const tdb = consoleTestDb();

describe('the confirm line', () => {
  it('English: Yes (y) / No (n)', async () => {
    const ui = await renderConsole(tdb().db, { as: 'nmorin' });
    await ui.waitFor('Preferences');
    await ui.press('q');
    const f = await ui.waitFor('Quit the console?');
    expect(f).toContain(' Yes (y) ');
    expect(f).toMatch(/ No \(n\)/);
    expect(f).toMatch(/^y Yes/m);
    expect(f).not.toMatch(/Oui|o\/y/);
  });

  it('French: Oui (o/y) / Non (n)', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin' });
    await ui.waitFor('Utilisateurs');
    await ui.press('q');
    const f = await ui.waitFor('Quitter la console ?');
    expect(f).toContain(' Oui (o/y) ');
  });
});
