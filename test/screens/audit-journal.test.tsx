// Audit and Journal des courriels (issue 9): every value in the reader's language, Enter
// opens an entry in full (every field, the whole error), / filters, and both keep their
// place (filter and cursor) when coming back from an entry.
import { describe, expect, it } from 'vitest';
import { KEYS, consoleTestDb, renderConsole } from '../helpers/renderApp.js';
import { setConfig } from '../../src/services/config.js';
import { setUserRights } from '../../src/services/rights.js';
import { getUser, updateUser } from '../../src/services/users/index.js';
import { nowIso } from '../../src/services/time.js';

const tdb = consoleTestDb();

/** A few audited changes made by admin: a user's expiry, a right, a setting, a signature. */
async function changes(signature = 'Julie') {
  const { db } = tdb();
  const admin = await tdb().actor('admin');
  const u = await getUser(db, admin, 'jtremblay');
  await updateUser(db, admin, 'jtremblay', { never_expires: false, expiry_date: '2027-12-31', signature }, u.row_version);
  await setUserRights(db, admin, 'jtremblay', { 'systeme.maintenance.utilisateurs': 'lecture' });
  await setConfig(db, admin, 'MaxAttachmentMB', '10');
}

describe('Audit: in words', () => {
  it('actions, objects, fields and values in French: no update, systeme.maint…, expiry_date, true → false, aucun → lecture', async () => {
    await changes();
    const ui = await renderConsole(tdb().db, { as: 'admin', stack: [{ screen: 'menu' }, { screen: 'audit' }] });
    const f = await ui.waitFor('Aucun → Lecture');
    for (const raw of ['update', 'systeme.maint', 'expiry_date', 'never_expires', 'true', 'false', 'aucun → lecture', 'MaxAttachmentMB'])
      expect(f, raw).not.toContain(raw);
    expect(f).toContain('Modification');
    expect(f).toContain('Utilisateur jtremblay');
    expect(f).toContain('N’expire jamais : Oui → Non');
    expect(f).toContain('Utilisateurs : Aucun → Lecture');
    expect(f).toContain('Pièce jointe max. (Mo) : 25 → 10');
    expect(f).toMatch(/Date d’expiration : \(vide\) → 31\/12/);
  });

  it('in English for nmorin', async () => {
    await changes();
    const { db } = tdb();
    await db('rights').insert({ user_id: (await tdb().actor('nmorin')).id, function_code: 'systeme.maintenance.audit', level: 'lecture' });
    const ui = await renderConsole(db, { as: 'nmorin', stack: [{ screen: 'menu' }, { screen: 'audit' }] });
    const f = await ui.waitFor('None → Read');
    expect(f).toContain('Changed');
    expect(f).toContain('Yes → No');
    expect(f).toContain('Users: None → Read');
    expect(f).toContain('Max. attachment (MB): 25 → 10');
    expect(f).not.toMatch(/Modification|Utilisateur|aucun|lecture/);
  });
});

describe('Audit at 80×24', () => {
  it('every column header whole, French and English', async () => {
    await changes();
    const { db } = tdb();
    const size = { columns: 80, rows: 24 };
    const fr = await renderConsole(db, { as: 'admin', stack: [{ screen: 'menu' }, { screen: 'audit' }], size });
    expect(await fr.waitFor(/Ligne 1\/5/)).toMatch(/Quand\s+Qui\s+Action\s+Objet\s+Changement\s*$/m);
    fr.unmount();
    await db('rights').insert({ user_id: (await tdb().actor('nmorin')).id, function_code: 'systeme.maintenance.audit', level: 'lecture' });
    const en = await renderConsole(db, { as: 'nmorin', stack: [{ screen: 'menu' }, { screen: 'audit' }], size });
    expect(await en.waitFor(/Row 1\/5/)).toMatch(/When\s+Who\s+Action\s+Object\s+Change\s*$/m);
  });
});

describe('Audit: an entry in full, filter and place', () => {
  it('Enter opens the entry with the whole value; Esc comes back to the same filter and row', async () => {
    const long = `Julie Tremblay, commis aux comptes fournisseurs, ${'poste 1234, '.repeat(12)}fin de la signature.`;
    await changes(long);
    const ui = await renderConsole(tdb().db, { as: 'admin', stack: [{ screen: 'menu' }, { screen: 'audit' }] });
    await ui.waitFor('Aucun → Lecture');
    await ui.press('/');
    await ui.type('signature');
    await ui.press(KEYS.enter);
    await ui.waitFor(/Ligne 1\/1/);
    await ui.press(KEYS.enter);
    const entry = await ui.waitFor('fin de la signature.');
    expect(entry).toContain('Après');
    expect(entry).toContain('Utilisateur jtremblay');
    await ui.press(KEYS.escape);
    const back = await ui.waitFor(/Ligne 1\/1/);
    expect(back).toMatch(/\/Filtre: signature/);
  });
});

describe('Journal des courriels: an entry in full', () => {
  it('/ filters; Enter shows the whole error and every field; Esc keeps the place', async () => {
    const { db } = tdb();
    const jt = await tdb().actor('jtremblay');
    const reason = `the remote server said: ${'quota exceeded for this project, '.repeat(6)}end of reason`;
    const at = nowIso();
    for (const [subject, status, error] of [
      ['Liste des compagnies — Usinage', 'sent', null],
      ['Liste des utilisateurs — Usinage', 'failed', JSON.stringify({ key: 'mail.gmailRefused', params: { status: 400, reason } })],
    ] as const)
      await db('outbox').insert({
        user_id: jt.id,
        to_addresses: '"Côté, Élise" <elise@example.com>',
        cc_addresses: '',
        subject,
        body: 'Bonjour,\n\nVoici le rapport.',
        report_code: 'USR01',
        status,
        attempts: 1,
        last_error: error,
        created_at: at,
        updated_at: at,
      });
    const ui = await renderConsole(db, { as: 'jtremblay', stack: [{ screen: 'menu' }, { screen: 'outbox' }] });
    await ui.waitFor('Liste des compagnie');
    await ui.press('/');
    await ui.type('utilisateurs');
    await ui.press(KEYS.enter);
    await ui.waitFor(/Ligne 1\/1/);
    await ui.press(KEYS.enter);
    const f = await ui.waitFor('end of reason');
    expect(f).toContain('Gmail a refusé le courriel');
    expect(f).toContain('"Côté, Élise" <elise@example.com>');
    // The text sent is at the end: End scrolls there.
    await ui.press('\u001b[F');
    const end = await ui.waitFor('Voici le rapport.');
    // The text sent as its lines, not as "Bonjour,\n\nVoici…".
    expect(end).toMatch(/^Message\s+Bonjour,\s*$/m);
    expect(end).toMatch(/^\s+Voici le rapport\.\s*$/m);
    expect(end).not.toContain('\\n');
    await ui.press(KEYS.escape);
    const back = await ui.waitFor(/\/Filtre: utilisateurs/);
    expect(back).not.toContain('Liste des compagnie');
  });
});
