// :logout — back to the login screen for another user: the session ends, an audit row says
// so, and unsaved changes are asked about first.
import { describe, expect, it } from 'vitest';
import { KEYS, consoleTestDb, paletteCommand, renderConsole } from '../helpers/renderApp.js';
import { jtremblayNameChanged } from '../helpers/userForm.js';

const tdb = consoleTestDb();

async function waitForRow(query: () => Promise<unknown>, timeoutMs = 5000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await query();
    if (row || Date.now() > deadline) return row;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe(':logout', () => {
  it('ends the session: the login screen, no session left, an audit row for the user', async () => {
    const ui = await renderConsole(tdb().db, { as: 'jtremblay' });
    await ui.waitFor('Rapports');
    await paletteCommand(ui, 'logout');
    const f = await ui.waitFor('Session de jtremblay fermée. Connectez-vous.');
    expect(f).toContain('Mot de passe');
    expect(ui.store.getState().session).toBeNull();
    const row = await waitForRow(() => tdb().db('audit_log').where({ action: 'logout', actor_code: 'jtremblay' }).first());
    expect(row).toMatchObject({ entity: 'session', entity_key: 'jtremblay' });
  });

  it('the next user logs in without the previous session’s notice on the status line', async () => {
    const ui = await renderConsole(tdb().db, { as: 'jtremblay' });
    await ui.waitFor('Rapports');
    await paletteCommand(ui, 'logout');
    await ui.waitFor('Session de jtremblay fermée. Connectez-vous.');
    await ui.type('nmorin');
    await ui.press(KEYS.tab);
    await ui.type('demo');
    await ui.press(KEYS.enter);
    const menu = await ui.waitFor('Preferences');
    expect(menu).not.toContain('jtremblay');
    expect(menu).not.toContain('Session de');
  });

  it('asks first when a form has unsaved changes; n keeps the session and the form', async () => {
    const ui = await jtremblayNameChanged(tdb().db);
    // Out of the text fields (there ':' types): on Actif.
    await ui.press(KEYS.tab, KEYS.tab);
    await ui.waitFor(/› Actif/);
    await paletteCommand(ui, 'logout');
    await ui.waitFor('Fermer la session ?');
    await ui.press('n');
    await ui.waitFor('Julie Tremblay-Roy');
    expect(ui.store.getState().session).not.toBeNull();
    expect(await tdb().db('audit_log').where({ action: 'logout' }).first()).toBeUndefined();
  });

  it('is offered by the palette with its label', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin' });
    await ui.waitFor('Utilisateurs');
    await ui.press(':');
    await ui.type('log');
    await ui.waitFor('Changer d’utilisateur (fermer la session)');
  });

  it('the login screen is back in the language before login (French here), not the English user’s', async () => {
    const ui = await renderConsole(tdb().db, { as: 'nmorin' });
    await ui.waitFor('Preferences');
    await paletteCommand(ui, 'logout');
    await ui.waitFor('Session of nmorin ended. Log in.');
    await ui.waitFor('Code d’utilisateur');
  });
});
