import { describe, expect, it } from 'vitest';
import { KEYS, consoleTestDb, renderConsole, type RenderedConsole } from '../helpers/renderApp.js';
import { loadUser, getSchedule } from '../../src/services/users/index.js';
import { rightsOf, setUserRights } from '../../src/services/rights.js';

const tdb = consoleTestDb();

/** Waits until the form's focus marker stands on the field labelled `label`. */
const focusOn = (ui: RenderedConsole, label: string) => ui.waitFor(new RegExp(`^› ${label}`, 'm'));

/** The user form, loaded: its Courriel field holds the address (the list shows it too). */
const formOf = (email: string) => new RegExp(`^[ ›] Courriel\\s+${email.replace(/\./g, '\\.')}`, 'm');

async function openUsers(as = 'admin') {
  const ui = await renderConsole(tdb().db, { as, stack: [{ screen: 'menu' }, { screen: 'users' }] });
  await ui.waitFor('admin@doc.example.com');
  return ui;
}

describe('Utilisateurs list', () => {
  it('pages by what fits on screen and filters on name', async () => {
    const ui = await openUsers();
    expect(ui.frame()).toContain('Ligne 1/34 · Page 1/2');
    await ui.press(KEYS.pageDown);
    await ui.waitFor(/Ligne \d+\/34 · Page 2\/2/);
    await ui.press('/');
    await ui.type('tremb');
    const f = await ui.waitFor('Ligne 1/1 ·');
    expect(f).toContain('Julie Tremblay');
    expect(f).not.toContain('Sophie Roy');
    await ui.press(KEYS.enter, KEYS.enter);
    await ui.waitFor(formOf('jtremblay@mtl.example.com'));
    expect(ui.frame()).toContain('Julie Tremblay');
  });
});

describe('user form', () => {
  it('creates a user with the original defaults, refusing bad fields beside them first', async () => {
    const ui = await openUsers();
    await ui.press('n');
    await ui.waitFor('Nouvel utilisateur');
    const f0 = await focusOn(ui, 'Code d’utilisateur');
    // The original's defaults: Actif and N'expire jamais ticked, 60 minutes, 30 lines, Français.
    expect(f0).toMatch(/Actif\s+\[x\]/);
    expect(f0).toMatch(/N’expire jamais\s+\[x\]/);
    // Each field typed into once the focus is on it, as a user watching the screen would.
    await ui.type('mauvais code!');
    await ui.press(KEYS.enter);
    await focusOn(ui, 'Nom');
    await ui.press(KEYS.enter); // Nom left empty
    await focusOn(ui, 'Courriel');
    await ui.type('pas-une-adresse');
    await ui.press(KEYS.ctrlS);
    const errs = await ui.waitFor(/\d+ champs à corriger/);
    expect(errs).toContain('Obligatoire.');
    expect(errs).toContain('Adresse courriel invalide.');
    expect(await loadUser(tdb().db, 'mauvais code!')).toBeNull();

    // Fix them: back to the top of the form.
    await ui.press(KEYS.shiftTab, KEYS.shiftTab);
    await focusOn(ui, 'Code d’utilisateur');
    await ui.press(...Array(13).fill(KEYS.backspace));
    await ui.type('zlevesque');
    await ui.press(KEYS.tab);
    await focusOn(ui, 'Nom');
    await ui.type('Zoé Lévesque-Côté');
    await ui.press(KEYS.tab);
    await focusOn(ui, 'Courriel');
    await ui.press(...Array(15).fill(KEYS.backspace));
    await ui.type('zoe@mtl.example.com');
    await ui.press(KEYS.tab, KEYS.tab, KEYS.tab);
    await focusOn(ui, 'Trace automatique');
    await ui.press(KEYS.space);
    await ui.press(KEYS.ctrlS);
    await ui.waitFor('Enregistré. zlevesque');
    const u = await loadUser(tdb().db, 'zlevesque');
    expect(u).toMatchObject({
      name: 'Zoé Lévesque-Côté',
      email: 'zoe@mtl.example.com',
      auto_trace: true,
      active: true,
      never_expires: true,
      session_timeout_min: 60,
      page_lines: 30,
      language: 'fr',
      default_company: 'DOC',
      companies: ['DOC'],
      has_password: false,
    });
  });

  it('asks before dropping unsaved changes on Esc', async () => {
    const ui = await openUsers();
    await ui.press(KEYS.enter);
    await ui.waitFor(formOf('admin@doc.example.com'));
    await ui.press(KEYS.tab);
    await ui.type(' (modifié)');
    await ui.press(KEYS.escape);
    await ui.waitFor('Abandonner les modifications non enregistrées ?');
    await ui.press('n');
    expect(ui.frame()).toContain('Administrateur système (modifié)');
    await ui.press(KEYS.escape);
    await ui.waitFor('Abandonner');
    await ui.press('o');
    await ui.waitFor('Ligne 1/34');
    expect((await loadUser(tdb().db, 'admin'))!.name).toBe('Administrateur système');
  });

  it('is read-only for a user who only has lecture', async () => {
    await setUserRights(tdb().db, await tdb().actor('admin'), 'jtremblay', { 'systeme.maintenance.utilisateurs': 'lecture' });
    const ui = await openUsers('jtremblay');
    await ui.press(KEYS.enter);
    await ui.waitFor('Lecture seule');
    await ui.press(KEYS.tab);
    // The record loaded (its name under the focus): typing now would go into it.
    await ui.waitFor(/^› Nom\s+Administrateur système$/m);
    await ui.type('xyz');
    await ui.press(KEYS.ctrlS, KEYS.tab);
    // Keys are read in order: once Tab has moved the focus on, xyz and Ctrl-S were handled.
    const f = await ui.waitFor(/^› Courriel/m);
    expect(f).toMatch(/^ {2}Nom\s+Administrateur système$/m);
    expect(f).not.toContain('xyz');
    expect(f).not.toContain('Enregistré');
    expect((await loadUser(tdb().db, 'admin'))!.name).toBe('Administrateur système');
  });

  it('edits the login schedule in its dialog and saves it', async () => {
    const ui = await openUsers();
    await ui.press('/');
    await ui.type('ibouchard');
    await ui.waitFor('Ligne 1/1 ·');
    await ui.press(KEYS.enter, KEYS.enter);
    await ui.waitFor(formOf('ibouchard@sher.example.com'));
    await ui.press('\u0014'); // Ctrl-T
    await ui.waitFor('Aucune plage');
    await ui.press('a');
    await ui.waitFor('Lundi');
    await ui.press(KEYS.ctrlS);
    await ui.waitFor('Enregistré.');
    const u = await loadUser(tdb().db, 'ibouchard');
    expect(await getSchedule(tdb().db, u!.id)).toEqual([{ weekday: 1, start: '08:00', end: '17:00' }]);
    await ui.press(KEYS.escape);
    await ui.waitFor(formOf('ibouchard@sher.example.com'));
  });

  it('changes a right in the rights matrix', async () => {
    const ui = await openUsers();
    await ui.press('/');
    await ui.type('sroy');
    await ui.waitFor('Ligne 1/1 ·');
    await ui.press(KEYS.enter, KEYS.enter);
    await ui.waitFor(formOf('sroy@qc.example.com'));
    await ui.press('\u0012'); // Ctrl-R
    await ui.waitFor('Changer droits utilisateurs —');
    // The matrix loaded (the title comes first).
    await ui.waitFor(/Maintenance › Utilisateurs\s+‹ Aucun ›/);
    await ui.press(KEYS.space, KEYS.space); // Utilisateurs: aucun → lecture → modification
    await ui.waitFor('Modification');
    await ui.press(KEYS.ctrlS);
    await ui.waitFor('Enregistré.');
    const u = await loadUser(tdb().db, 'sroy');
    expect((await rightsOf(tdb().db, u!.id))['systeme.maintenance.utilisateurs']).toBe('modification');
  });
});
