import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { KEYS, consoleTestDb, renderConsole } from '../helpers/renderApp.js';

const tdb = consoleTestDb();

describe('Rapports screen', () => {
  it('lists only the reports the user may print', async () => {
    const ui = await renderConsole(tdb().db, { as: 'jtremblay', stack: [{ screen: 'menu' }, { screen: 'reports' }] });
    const f = await ui.waitFor('Liste des compagnies');
    expect(f).toContain('USR01');
    expect(f).not.toContain('USR02');
  });

  it('previews a report (pages, size, first lines) and saves the PDF to a path', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin', stack: [{ screen: 'menu' }, { screen: 'reports' }] });
    await ui.waitFor('USR01');
    await ui.press(KEYS.enter);
    const f = await ui.waitFor(/PDF : \d+ pages?, [\d,]+ Ko, Documentation Prextra/, 15000);
    expect(f).toContain('Documentation Prextra');
    await ui.press('s');
    await ui.waitFor('Enregistrer le PDF sous');
    const target = path.join(tdb().dir, 'usr01.pdf');
    await ui.press(...Array(200).fill(KEYS.backspace));
    await ui.type(target);
    await ui.press(KEYS.enter);
    await ui.waitFor('PDF enregistré', 15000);
    expect(existsSync(target)).toBe(true);
    expect(readFileSync(target).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
