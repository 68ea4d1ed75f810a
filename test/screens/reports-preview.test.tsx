// Rapports (issue 9): the preview follows the cursor, scrolls and shows the report's
// columns; the cursor stays where it was after Envoi; s proposes the mail's file name.
import { describe, expect, it } from 'vitest';
import { KEYS, consoleTestDb, renderConsole } from '../helpers/renderApp.js';
import { todayIso } from '../../src/services/time.js';

const tdb = consoleTestDb();

async function reports(as = 'admin') {
  const ui = await renderConsole(tdb().db, { as, stack: [{ screen: 'menu' }, { screen: 'reports' }] });
  await ui.waitFor('USR03');
  return ui;
}

describe('Rapports: the preview', () => {
  it('follows the cursor: on USR03 it shows USR03, its columns and rows, not USR01', async () => {
    const ui = await reports();
    await ui.waitFor(/Code\s+Nom\s+Courriel/);
    await ui.press(KEYS.down, KEYS.down);
    const f = await ui.waitFor('USR03 — Horaires de connexion');
    await ui.waitFor(/Jour\s+Plages permises/);
    expect(ui.frame()).toContain('sans restriction');
    expect(f).not.toMatch(/Code\s+Nom\s+Courriel/);
  });

  it('scrolls: Tab gives it the keys, PgDn shows the next rows, Esc gives them back to the list', async () => {
    const ui = await reports();
    await ui.waitFor(/lignes 1–\d+ sur \d+/);
    const first = /lignes 1–(\d+) sur (\d+)/.exec(ui.frame())!;
    const page = Number(first[1]);
    await ui.press(KEYS.tab);
    await ui.press('\u001b[6~');
    await ui.waitFor(`lignes ${page + 1}–`);
    await ui.press(KEYS.escape);
    // The list has the keys again: ↓ moves to the next report.
    await ui.press(KEYS.down);
    await ui.waitFor('USR02 — Droits des utilisateurs');
  });
});

describe('Rapports: place and file name', () => {
  it('the cursor stays on the report after Envoi', async () => {
    const ui = await reports();
    await ui.press(KEYS.down, KEYS.down);
    await ui.waitFor('USR03 — Horaires de connexion');
    await ui.press('e');
    await ui.waitFor('Envoi — USR03');
    await ui.press(KEYS.escape);
    await ui.waitFor('USR03 — Horaires de connexion');
    // Enter acts on USR03, the row the cursor kept.
    await ui.press(KEYS.enter);
    await ui.waitFor(/USR03-Horaires de connexion-\d{4}-\d{2}-\d{2}\.pdf/, 15000);
  });

  it('s proposes the name the mail gives the attachment: CODE-Name-date.pdf', async () => {
    const ui = await reports();
    await ui.press('s');
    await ui.waitFor('Enregistrer le PDF sous');
    await ui.waitFor(`USR01-Liste des utilisateurs-${todayIso()}.pdf`);
  });
});

describe('Rapports: the preview’s column headers at 80×24', () => {
  const AT80 = { columns: 80, rows: 24 };

  it('French: every header whole (Compagnie par défaut, Destinataires) and short values whole (Français)', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin', stack: [{ screen: 'menu' }, { screen: 'reports' }], size: AT80 });
    const f = await ui.waitFor(/Code\s+Nom\s+Courriel\s+Actif\s+Compagnie par défaut\s+Langue/);
    // A short column is whole too: the room goes first where a little makes a value whole.
    expect(f).toMatch(/DOC\s+Français │/);
    expect(f).not.toContain('França…');
    await ui.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down);
    await ui.waitFor('MAIL01 — Journal des courriels');
    await ui.waitFor(/Date\s+Utilisateur\s+Destinataires\s+Objet\s+Rapport\s+Statut\s+Essais/);
  });

  it('after Enter the PDF line is whole, wrapped (its file name too), the pane still closed', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin', stack: [{ screen: 'menu' }, { screen: 'reports' }], size: AT80 });
    await ui.waitFor('USR01 — Liste des utilisateurs');
    await ui.press(KEYS.enter);
    const f = await ui.waitFor((frame) => frame.replace(/[\s│]+/g, ' ').includes(`USR01-Liste des utilisateurs-${todayIso()}.pdf`), 15000);
    expect(f).toMatch(/^└─+┘$/m);
    expect(f.split('\n').length).toBeLessThanOrEqual(24);
  });

  it('English: Default company and Language whole', async () => {
    const { db } = tdb();
    const nmorin = await tdb().actor('nmorin');
    await db('rights')
      .insert({ user_id: nmorin.id, function_code: 'rapports.USR01', level: 'lecture' })
      .onConflict(['user_id', 'function_code'])
      .merge();
    const ui = await renderConsole(db, { as: 'nmorin', stack: [{ screen: 'menu' }, { screen: 'reports' }], size: AT80 });
    await ui.waitFor(/Code\s+Name\s+E-mail\s+Active\s+Default company\s+Language/);
  });
});
