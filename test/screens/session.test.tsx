import { describe, expect, it } from 'vitest';
import { KEYS, consoleTestDb, renderConsole } from '../helpers/renderApp.js';
import { checkSession } from '../../src/screens/SessionGuard.js';
import { loadUser, updateUser } from '../../src/services/users/index.js';

const tdb = consoleTestDb();

describe('session', () => {
  it('locks after Expiration de la connexion minutes idle and keeps the unsaved form underneath', async () => {
    const ui = await renderConsole(tdb().db, {
      as: 'admin',
      stack: [{ screen: 'menu' }, { screen: 'userForm', params: { code: 'pcote' } }],
    });
    await ui.waitFor('pcote@qc.example.com');
    await ui.press(KEYS.tab);
    await ui.type(' Jr');
    await ui.waitFor('Pierre Côté Jr');
    // 59 idle minutes: nothing; 61 (the admin's timeout is 60): locked.
    await checkSession(tdb().db, ui.store, Date.now() - 59 * 60_000);
    expect(ui.store.getState().locked).toBe(false);
    await checkSession(tdb().db, ui.store, Date.now() - 61 * 60_000);
    const locked = await ui.waitFor('Session verrouillée');
    expect(locked).not.toContain('Pierre Côté Jr');
    await ui.type('mauvais');
    await ui.press(KEYS.enter);
    await ui.waitFor('Code d’utilisateur ou mot de passe invalide.');
    await ui.type('demo');
    await ui.press(KEYS.enter);
    const back = await ui.waitFor('Pierre Côté Jr');
    expect(back).not.toContain('Session verrouillée');
    await ui.press(KEYS.ctrlS);
    await ui.waitFor('Enregistré.');
    expect((await loadUser(tdb().db, 'pcote'))!.name).toBe('Pierre Côté Jr');
  });

  it('ends an open session when the user is deactivated meanwhile', async () => {
    const ui = await renderConsole(tdb().db, { as: 'jtremblay' });
    await ui.waitFor('Préférences');
    const admin = await tdb().actor('admin');
    const u = (await loadUser(tdb().db, 'jtremblay'))!;
    await updateUser(tdb().db, admin, 'jtremblay', { active: false }, u.row_version);
    await checkSession(tdb().db, ui.store, Date.now());
    await ui.waitFor('Session terminée : Cet utilisateur n’est pas actif.');
    expect(ui.frame()).toContain('Mot de passe');
    expect(ui.store.getState().session).toBeNull();
  });

  it('shows the pending alerts after login when Alerte lors ouverture session is ticked', async () => {
    const admin = (await loadUser(tdb().db, 'admin'))!;
    const ts = new Date().toISOString();
    await tdb()
      .db('outbox')
      .insert({ user_id: admin.id, to_addresses: 'x@y.ca', subject: 's', status: 'failed', created_at: ts, updated_at: ts });
    const ui = await renderConsole(tdb().db);
    await ui.type('admin');
    await ui.press(KEYS.enter);
    await ui.type('demo');
    await ui.press(KEYS.enter);
    const f = await ui.waitFor('Alertes');
    expect(f).toContain('1 courriel en échec');
  });
});

describe('Mot de passe', () => {
  it('changes one’s own password only with the current one', async () => {
    const { login } = await import('../../src/services/auth.js');
    const ui = await renderConsole(tdb().db, { as: 'jtremblay', stack: [{ screen: 'menu' }, { screen: 'password' }] });
    await ui.waitFor('Mot de passe actuel');
    await ui.type('faux');
    await ui.press(KEYS.tab);
    await ui.type('nouveau-secret');
    await ui.press(KEYS.tab);
    await ui.type('nouveau-secret');
    await ui.press(KEYS.ctrlS);
    await ui.waitFor('Mot de passe actuel incorrect.');
    await ui.press(KEYS.shiftTab, KEYS.shiftTab);
    await ui.press(...Array(4).fill(KEYS.backspace));
    await ui.type('demo');
    await ui.press(KEYS.ctrlS);
    await ui.waitFor('Mot de passe changé.');
    await expect(login(tdb().db, 'jtremblay', 'nouveau-secret')).resolves.toBeTruthy();
  });
});
