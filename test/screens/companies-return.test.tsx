// Issue 9, "expected of every list", on Compagnies: sorted and filtered, Enter opens the
// row under the cursor; after saving the company, the list comes back with its sort, its
// filter and the cursor on the same company, showing the new name.
import { describe, expect, it } from 'vitest';
import { KEYS, consoleTestDb, focusOn, renderConsole } from '../helpers/renderApp.js';

const tdb = consoleTestDb();

describe('Compagnies: place kept', () => {
  it('sort ▼, filter, Enter on the 2nd row, rename, Ctrl-S: back on that row, sort and filter kept', async () => {
    const ui = await renderConsole(tdb().db, {
      as: 'admin',
      size: { columns: 80, rows: 24 },
      stack: [{ screen: 'menu' }, { screen: 'companies' }],
    });
    await ui.waitFor('Ligne 1/5');
    await ui.press('>', '>');
    await ui.waitFor('▼');
    await ui.press('/');
    await ui.type('b'); // Béton Sherbrooke, Transport Québec
    await ui.press(KEYS.enter);
    const filtered = await ui.waitFor('Ligne 1/2 ·');
    const codes = filtered
      .split('\n')
      .slice(4)
      .map((l) => l.trim().split(/\s+/)[0]!)
      .filter((c) => ['DOC', 'MTL', 'QC', 'SHER', 'TRV'].includes(c));
    expect(codes).toEqual(['SHER', 'QC']);
    await ui.press(KEYS.down);
    await ui.waitFor(/Ligne 2\//);
    await ui.press(KEYS.enter);
    await ui.waitFor(new RegExp(`Code[^\\n]*${codes[1]}`));
    await focusOn(ui, /› Nom/);
    await ui.type(' renommée');
    await ui.press(KEYS.ctrlS);
    const back = await ui.waitFor((f) => f.includes('renommée') && f.includes('Ligne 2/2 ·'));
    expect(back).toContain('Filtre: b');
    expect(back).toContain('▼');
    expect(back.split('\n').find((l) => l.includes('renommée'))).toContain(codes[1]);
  });
});
