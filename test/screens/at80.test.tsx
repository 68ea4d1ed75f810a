// Issue 9 at 80×24: nothing lost, nothing hidden, nothing cut, keys that do what the
// footer says. One test per defect seen, each asserting what the user would notice.
import { describe, expect, it } from 'vitest';
import { KEYS, codesShown, consoleTestDb, focusOn, renderConsole, type RenderedConsole } from '../helpers/renderApp.js';
import { checkSession } from '../../src/screens/SessionGuard.js';
import { loadUser } from '../../src/services/users/index.js';
import { setConfig } from '../../src/services/config.js';

const tdb = consoleTestDb();

const AT_80 = { columns: 80, rows: 24 };
const footer = (ui: RenderedConsole) => ui.frame().split('\n').at(-1)!;

/** The demo's 34 user codes, in list order. */
const allCodes = async () => (await tdb().db('users').select('code').orderBy('code_key')).map((r) => r.code as string);

describe('Resize loses edits', () => {
  it('a dirty form survives 80→79→80: the edit is there, Esc still asks', async () => {
    const ui = await renderConsole(tdb().db, {
      as: 'admin',
      size: AT_80,
      stack: [{ screen: 'menu' }, { screen: 'users' }, { screen: 'userForm', params: { code: 'pcote' } }],
    });
    await ui.waitFor('pcote@qc.example.com');
    await ui.press(KEYS.tab);
    await ui.type(' Jr');
    await ui.waitFor('Pierre Côté Jr');
    await ui.resize(79, 24);
    await ui.waitFor('Terminal trop petit');
    // What was typed before the terminal got too small is still there once it is wide enough.
    await ui.resize(80, 24);
    const back = await ui.waitFor('Pierre Côté Jr');
    expect(back).not.toContain('Terminal trop petit');
    await ui.press(KEYS.escape);
    await ui.waitFor('Abandonner les modifications non enregistrées ?');
    await ui.press('n');
    await ui.press(KEYS.ctrlS);
    await ui.waitFor('Enregistré.');
    expect((await loadUser(tdb().db, 'pcote'))!.name).toBe('Pierre Côté Jr');
  });
});

describe('Keys die after an idle unlock', () => {
  async function lockAndUnlock(ui: RenderedConsole) {
    await checkSession(tdb().db, ui.store, Date.now() - 61 * 60_000);
    await ui.waitFor('Session verrouillée');
    await ui.type('demo');
    await ui.press(KEYS.enter);
    await ui.waitForGone('Session verrouillée');
  }

  it('after the password, on the menu, : ? F1 and q work and the footer offers them', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin', size: AT_80 });
    await ui.waitFor('Gestion de système');
    await lockAndUnlock(ui);
    expect(footer(ui)).toMatch(/\? Aide .*: Commande .*q Quitter/);
    await ui.press(':');
    await ui.waitFor('╭');
    await ui.press(KEYS.escape);
    await ui.waitForGone('╭');
    await ui.press('?');
    await ui.waitFor('Aide — touches');
    await ui.press(KEYS.escape);
    await ui.waitForGone('Aide — touches');
    await ui.press(KEYS.f1);
    await ui.waitFor('Aide — touches');
    await ui.press(KEYS.escape);
    await ui.waitForGone('Aide — touches');
    await ui.press('q');
    await ui.waitFor('Quitter la console ?');
  });

  it('an alert about a mail already resent does not come back after the unlock', async () => {
    const admin = (await loadUser(tdb().db, 'admin'))!;
    const ts = new Date().toISOString();
    const [row] = await tdb()
      .db('outbox')
      .insert({ user_id: admin.id, to_addresses: 'x@y.ca', subject: 's', status: 'failed', created_at: ts, updated_at: ts })
      .returning('id');
    const ui = await renderConsole(tdb().db);
    await ui.type('admin');
    await ui.press(KEYS.enter);
    await ui.type('demo');
    await ui.press(KEYS.enter);
    await ui.waitFor('Alertes');
    // Sent again meanwhile (from another console or the CLI).
    await tdb()
      .db('outbox')
      .where({ id: (row as { id: number }).id ?? row })
      .update({ status: 'sent' });
    await lockAndUnlock(ui);
    await ui.waitForGone('Alertes');
    expect(ui.frame()).not.toContain('en échec');
  });

  it('Esc on the lock screen does what its footer says (leave the console, asking first)', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin', size: AT_80 });
    await ui.waitFor('Gestion de système');
    await checkSession(tdb().db, ui.store, Date.now() - 61 * 60_000);
    await ui.waitFor('Session verrouillée');
    expect(footer(ui)).toContain('Esc Quitter');
    expect(footer(ui)).not.toContain('Retour');
    await ui.press(KEYS.escape);
    await ui.waitFor('Quitter la console ?');
    await ui.press('o');
    expect(ui.store.getState().quitting).toBe(true);
  });

  it('Esc on the login screen does what its footer says', async () => {
    const ui = await renderConsole(tdb().db, { size: AT_80 });
    await ui.waitFor('Code d’utilisateur');
    expect(footer(ui)).toContain('Esc Quitter');
    await ui.press(KEYS.escape);
    await ui.waitFor('Quitter la console ?');
  });
});

describe('Paging hides users', () => {
  it('at 80×24 with Nbre lignes 30, PgDn shows every one of the 34 users, each once', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin', size: AT_80, stack: [{ screen: 'menu' }, { screen: 'users' }] });
    await ui.waitFor('admin@doc.example.com');
    const all = await allCodes();
    expect(all).toHaveLength(34);
    // A page is what fits (17 rows here), whatever Nbre lignes says: 34 users, two pages.
    const pages = [codesShown(ui.frame(), all)];
    for (let i = 0; i < 10; i++) {
      const before = codesShown(ui.frame(), all).join();
      await ui.press(KEYS.pageDown);
      // No new page within 2 s: PgDn changed nothing, the last page was reached.
      const moved = await ui.waitFor((f) => codesShown(f, all).join() !== before, 2000).catch(() => null);
      if (!moved) break;
      pages.push(codesShown(ui.frame(), all));
    }
    expect(pages.flat()).toEqual(all);
    // The cursor walks the rest: End reaches the last user, and the position says so.
    await ui.press(KEYS.end);
    await ui.waitFor('Ligne 34/34');
  });

  it('↓ from the top scrolls within the page, row after row, to the last user', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin', size: AT_80, stack: [{ screen: 'menu' }, { screen: 'users' }] });
    await ui.waitFor('admin@doc.example.com');
    const all = await allCodes();
    const seen = new Set(codesShown(ui.frame(), all));
    for (let i = 2; i <= 34; i++) {
      await ui.press(KEYS.down);
      await ui.waitFor(`Ligne ${i}/34 `);
      for (const c of codesShown(ui.frame(), all)) seen.add(c);
    }
    expect([...seen].sort()).toEqual([...all].sort());
  });
});

describe('Text cut where it matters', () => {
  it('a field’s message is whole at 80 columns, under the field', async () => {
    const ui = await renderConsole(tdb().db, {
      as: 'admin',
      size: AT_80,
      stack: [{ screen: 'menu' }, { screen: 'users' }, { screen: 'userForm', params: { code: 'pcote' } }],
    });
    await ui.waitFor('pcote@qc.example.com');
    await focusOn(ui, /› Date d’expiration/);
    await ui.type('31/02/2027');
    await ui.press(KEYS.ctrlS);
    const f = await ui.waitFor(/champs? à corriger/);
    expect(f).toContain('Date invalide (JJ/MM/AAAA).');
  });

  it('a long message wraps in the status area instead of being cut', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin', size: AT_80 });
    await ui.waitFor('Gestion de système');
    const text =
      'Le courriel USR01-Liste des utilisateurs-2026-11-30.pdf n’a pas pu partir : Google a refusé la connexion, réessayez plus tard (r dans le Journal).';
    ui.store.getState().setFlash({ kind: 'error', text });
    await ui.waitFor('(r dans le Journal).');
    for (const line of ui.frame().split('\n')) expect(Array.from(line).length).toBeLessThanOrEqual(80);
  });

  it('the confirm line keeps its answers whole, even after a long question', async () => {
    const ui = await renderConsole(tdb().db, {
      as: 'admin',
      size: AT_80,
      stack: [{ screen: 'menu' }, { screen: 'users' }, { screen: 'userForm', params: { code: 'pcote' } }],
    });
    await ui.waitFor('pcote@qc.example.com');
    // Trace automatique: a checkbox (no text field takes q); ticked, the form is dirty.
    await focusOn(ui, /› Trace automatique/);
    await ui.press(KEYS.space, 'q');
    const f = await ui.waitFor('Quitter la console ?');
    expect(f).toContain('Abandonner les modifications non enregistrées ?');
    expect(f).toContain('Oui (o/y)');
    expect(f).toContain('Non (n)');
  });

  it('column headers are whole at 120 columns, and at 80 in the users list', async () => {
    for (const size of [{ columns: 120, rows: 30 }, AT_80]) {
      const ui = await renderConsole(tdb().db, { as: 'admin', size, stack: [{ screen: 'menu' }, { screen: 'users' }] });
      await ui.waitFor('admin@doc.example.com');
      const header = ui.frame().split('\n')[3]!;
      expect(header).not.toContain('…');
      for (const h of ['Code', 'Nom', 'Courriel', 'Actif', 'Compagnie', 'Langue']) expect(header).toContain(h);
      ui.unmount();
    }
  });

  it('the user form says which of its fields are shown, when some do not fit', async () => {
    const ui = await renderConsole(tdb().db, {
      as: 'admin',
      size: AT_80,
      stack: [{ screen: 'menu' }, { screen: 'users' }, { screen: 'userForm', params: { code: 'asimard' } }],
    });
    await ui.waitFor('asimard@sher.example.com');
    // Développeur is below the window: the form says there is more than what shows.
    expect(ui.frame()).not.toContain('Développeur');
    const [, first, last, total] = /Champs (\d+)–(\d+) sur (\d+)/.exec(ui.frame()) ?? [];
    expect(Number(first)).toBe(1);
    expect(Number(last)).toBeLessThan(Number(total));
    await focusOn(ui, /› Développeur/);
    expect(ui.frame()).toMatch(new RegExp(`Champs \\d+–\\d+ sur ${total}`));
    expect(ui.frame()).not.toMatch(/Champs 1–/);
  });

  it('the Courriel box of the user form uses the width the label leaves', async () => {
    const ui = await renderConsole(tdb().db, {
      as: 'admin',
      size: AT_80,
      stack: [{ screen: 'menu' }, { screen: 'users' }, { screen: 'userForm', params: { code: 'jleblanc' } }],
    });
    await ui.waitFor('Jean-François Leblanc');
    // 25 characters: cut to 20 before.
    expect(ui.frame()).toContain('jleblanc@trv.example.com');
  });
});

describe('Help at 80×24', () => {
  it('scrolls, is drawn for the screen on top, and lists the palette commands', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin', size: AT_80, stack: [{ screen: 'menu' }, { screen: 'prefs' }] });
    await ui.waitFor('Types de courriels');
    await ui.press('?');
    const top = await ui.waitFor('Aide — touches');
    // Préférences' keys, not the user form's.
    expect(top).not.toContain('Horaire');
    expect(top).not.toContain('Droits');
    for (const line of top.split('\n')) expect(Array.from(line).length).toBeLessThanOrEqual(80);
    expect(top).not.toMatch(/fermer\S/);
    let f = top;
    for (let i = 0; i < 40 && !f.includes(':audit'); i++) {
      await ui.press(KEYS.down);
      f = ui.frame();
    }
    expect(f).toContain(':users');
    expect(f).toContain(':audit');
  });
});

describe('Footer lies', () => {
  it('Horaire at 80 columns offers Ctrl-S and Esc; d typed in a time field is typed', async () => {
    const ui = await renderConsole(tdb().db, {
      as: 'admin',
      size: AT_80,
      stack: [{ screen: 'menu' }, { screen: 'users' }, { screen: 'userForm', params: { code: 'ibouchard' } }],
    });
    await ui.waitFor('ibouchard@sher.example.com');
    await ui.press('\u0014'); // Ctrl-T
    await ui.waitFor('Aucune plage');
    await ui.press('a');
    await ui.waitFor('Lundi');
    expect(footer(ui)).toContain('Ctrl-S Enregistrer');
    expect(footer(ui)).toContain('Esc');
    await ui.press(KEYS.tab, KEYS.backspace);
    await ui.type('d');
    // The range is still there; the footer no longer offers d to delete it.
    expect(ui.frame()).toContain('Lundi');
    expect(footer(ui)).not.toMatch(/\bd\b.*Supprimer/);
  });

  it('Envoi does not offer Space to tick, nor Enregistrer for sending', async () => {
    const ui = await renderConsole(tdb().db, {
      as: 'admin',
      size: AT_80,
      stack: [{ screen: 'menu' }, { screen: 'reports' }, { screen: 'compose', params: { code: 'USR01' } }],
    });
    await ui.waitFor('USR01');
    await ui.waitFor(/À\s/);
    expect(footer(ui)).not.toContain('Cocher');
    expect(footer(ui)).toContain('Ctrl-S Envoyer');
  });

  it('Envoi uses the width it has: the subject whole, the signature and attachment under the labels', async () => {
    const ui = await renderConsole(tdb().db, {
      as: 'admin',
      size: AT_80,
      stack: [{ screen: 'menu' }, { screen: 'reports' }, { screen: 'compose', params: { code: 'USR01' } }],
    });
    const f = await ui.waitFor(/Pièce jointe.*\(\d/);
    const lines = f.split('\n');
    const subject = lines.find((l) => l.includes('Objet'))!;
    expect(subject).toContain('Liste des utilisateurs — Documentation Prextra');
    expect(subject).not.toContain('…');
    const column = (label: string) => lines.find((l) => l.includes(label))!.indexOf(label);
    expect(column('Signature')).toBe(column('Objet'));
    expect(column('Pièce jointe')).toBe(column('Objet'));
  });

  it('Audit and Droits offer no Enter that does nothing', async () => {
    // An empty Audit has nothing to open: no Enter in its footer.
    const empty = await renderConsole(tdb().db, { as: 'admin', size: AT_80, stack: [{ screen: 'menu' }, { screen: 'audit' }] });
    await empty.waitFor(/^Aucune ligne\.$/m);
    expect(footer(empty)).not.toContain('Enter');
    empty.unmount();
    // With an entry, the Enter it offers opens that entry.
    await setConfig(tdb().db, await tdb().actor('admin'), 'MaxAttachmentMB', '10');
    const audit = await renderConsole(tdb().db, { as: 'admin', size: AT_80, stack: [{ screen: 'menu' }, { screen: 'audit' }] });
    await audit.waitFor(/Ligne 1\/1/);
    expect(footer(audit)).toContain('Enter');
    await audit.press(KEYS.enter);
    expect(await audit.waitFor('Après')).toContain('10');
    audit.unmount();
    const rights = await renderConsole(tdb().db, {
      as: 'admin',
      size: AT_80,
      stack: [
        { screen: 'menu' },
        { screen: 'users' },
        { screen: 'userForm', params: { code: 'sroy' } },
        { screen: 'rights', params: { code: 'sroy' } },
      ],
    });
    await rights.waitFor('Changer droits utilisateurs —');
    expect(footer(rights)).not.toContain('Enter Ouvrir');
  });
});

describe('Palette', () => {
  it('Tab completes, the list shows the commands the user may run, a forbidden one says why', async () => {
    const ui = await renderConsole(tdb().db, { as: 'jtremblay', size: AT_80 });
    await ui.waitFor('Préférences');
    await ui.press(':');
    const list = await ui.waitFor(':prefs');
    expect(list).toContain(':reports');
    expect(list).not.toContain(':config');
    expect(list).not.toContain(':users');
    await ui.type('pa');
    await ui.press(KEYS.tab);
    await ui.waitFor(/:password\s/);
    await ui.press(KEYS.enter);
    await ui.waitFor('Mot de passe actuel');
    await ui.press(KEYS.escape, ':');
    await ui.waitFor(':prefs');
    await ui.type('config');
    await ui.press(KEYS.enter);
    // One line: the sentence and the palette's border on the same row.
    const refused = await ui.waitFor(/│ Configuration : il vous faut le droit « Lecture »\.\s+│/);
    expect(refused).not.toContain('Chargement');
  });
});

describe('Expected of every list', () => {
  it('the users filter survives a visit to a user’s form, with the cursor on the same row', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin', size: AT_80, stack: [{ screen: 'menu' }, { screen: 'users' }] });
    await ui.waitFor('admin@doc.example.com');
    await ui.press('/');
    await ui.type('gauthier');
    await ui.waitFor('Ligne 1/1 ·');
    await ui.press(KEYS.enter, KEYS.enter);
    await ui.waitFor('fgauthier@mtl.example.com');
    await ui.waitFor('› Code d’utilisateur');
    await ui.press(KEYS.escape);
    const back = await ui.waitFor('Filtre: gauthier');
    expect(back).toContain('Ligne 1/1 ·');
    expect(codesShown(back, await allCodes())).toEqual(['fgauthier']);
  });

  it('Compagnies: sort with > (marked in the header), Home/End, position shown', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin', size: AT_80, stack: [{ screen: 'menu' }, { screen: 'companies' }] });
    await ui.waitFor('Ligne 1/5');
    await ui.press('>', '>');
    const f = await ui.waitFor('▼');
    const codes = f
      .split('\n')
      .slice(4, 9)
      .map((l) => l.trim().split(/\s+/)[0]);
    expect(codes).toEqual(['TRV', 'SHER', 'QC', 'MTL', 'DOC']);
    expect(footer(ui)).toContain('> Trier');
    await ui.press(KEYS.end);
    await ui.waitFor('Ligne 5/5');
    await ui.press(KEYS.home);
    await ui.waitFor('Ligne 1/5');
  });
});
