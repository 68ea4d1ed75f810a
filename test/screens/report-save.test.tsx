// Issue 8, hole 10 in Rapports: `s` onto an existing file asks first; the saved file is 0600.
import { describe, expect, it } from 'vitest';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KEYS, consoleTestDb, renderConsole } from '../helpers/renderApp.js';

const tdb = consoleTestDb();

async function saveAs(ui: Awaited<ReturnType<typeof renderConsole>>, target: string) {
  await ui.press('s');
  await ui.waitFor('Enregistrer le PDF sous');
  await ui.press('\u0015'); // Ctrl-U empties the input
  await ui.type(target);
  await ui.press(KEYS.enter);
}

describe('Rapports › s onto an existing file', () => {
  it('asks before replacing; no keeps the file, yes replaces it with a private PDF', async () => {
    const target = path.join(tdb().dir, 'existant.pdf');
    writeFileSync(target, 'mon travail', { mode: 0o644 });
    const ui = await renderConsole(tdb().db, { as: 'admin', stack: [{ screen: 'menu' }, { screen: 'reports' }] });
    await ui.waitFor('CIE01');
    await saveAs(ui, target);
    await ui.waitFor('existe déjà. Le remplacer ?');
    await ui.press('n');
    expect(readFileSync(target, 'utf8')).toBe('mon travail');
    await saveAs(ui, target);
    await ui.waitFor('existe déjà. Le remplacer ?');
    await ui.press('o');
    await ui.waitFor('PDF enregistré', 15000);
    expect(readFileSync(target).subarray(0, 5).toString()).toBe('%PDF-');
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });
});
