// The one list-cursor hook (useListCursor) drives the widgets' lists too: the Compagnies
// permises checklist scrolls to every company at 80×24 and hands ↑/↓ at its ends on to
// the form; a select's list and the palette move with the same hook.
import { describe, expect, it } from 'vitest';
import { KEYS, consoleTestDb, focusOn, renderConsole } from '../helpers/renderApp.js';

const tdb = consoleTestDb();
const AT80 = { columns: 80, rows: 24 };

const line = (frame: string, text: string) => frame.split('\n').find((l) => l.includes(text)) ?? '';

describe('the list cursor in widgets', () => {
  it('the companies checklist at 80×24 reaches the last company, ticks it, and ↓ past it moves to the next field', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin', stack: [{ screen: 'menu' }, { screen: 'users' }], size: AT80 });
    await ui.waitFor('Ligne 1/');
    await ui.press('n');
    await ui.waitFor('Nouvel utilisateur');
    await focusOn(ui, /› Compagnies permises/);
    for (let i = 0; i < 4; i++) await ui.press(KEYS.down);
    const atLast = await ui.waitFor('TRV — Électrique');
    expect(line(atLast, 'TRV —')).toContain('[ ]');
    await ui.press(KEYS.space);
    await ui.waitFor((f) => line(f, 'TRV —').includes('[x]'));
    // Still on the list: ↓ on its last item leaves it for the next element of the form.
    expect(ui.frame()).toMatch(/› Compagnies permises/);
    await ui.press(KEYS.down);
    await ui.waitForGone(/› Compagnies permises/);
    // ↑ comes back to the list, on the item it left.
    await ui.press(KEYS.up);
    await ui.waitFor(/› Compagnies permises/);
    await ui.press(KEYS.space);
    await ui.waitFor((f) => line(f, 'TRV —').includes('[ ]'));
  });

  it('the palette: ↓ ↓ ↓ ↑ then Enter runs the command the cursor is on (the third: Compagnies)', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin', size: AT80 });
    await ui.waitFor('Gestion de système');
    await ui.press(':');
    await ui.waitFor(':companies');
    await ui.press(KEYS.down, KEYS.down, KEYS.down, KEYS.up, KEYS.enter);
    await ui.waitFor('Usinage Montréal');
    expect(ui.frame()).toContain('Compagnies');
  });
});
