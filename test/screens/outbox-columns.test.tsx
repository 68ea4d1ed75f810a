// The Journal des courriels at 80×24 (issue 9, text cut where it matters): every column
// header whole, every status whole ("En cours", not "En cours d’…"), and one's own mails
// without a Utilisateur column that would only repeat one's own code.
import { describe, expect, it } from 'vitest';
import { KEYS, consoleTestDb, renderConsole } from '../helpers/renderApp.js';
import { nowIso } from '../../src/services/time.js';

const tdb = consoleTestDb();
const AT80 = { columns: 80, rows: 24 };

async function mails(): Promise<void> {
  const { db } = tdb();
  const jt = await tdb().actor('jtremblay');
  const at = nowIso();
  for (const [to, status] of [
    ['elise.cote@example.com', 'sending'],
    ['jean.roy@example.com', 'uncertain'],
    ['boss@example.com', 'queued'],
  ] as const)
    await db('outbox').insert({
      user_id: jt.id,
      to_addresses: to,
      cc_addresses: '',
      subject: 'Liste des utilisateurs',
      body: 'Bonjour',
      report_code: 'USR01',
      status,
      attempts: 1,
      created_at: at,
      updated_at: at,
    });
}

describe('Journal des courriels at 80×24', () => {
  it('everyone’s mails: Utilisateur and every status whole', async () => {
    await mails();
    const ui = await renderConsole(tdb().db, { as: 'admin', stack: [{ screen: 'menu' }, { screen: 'outbox' }], size: AT80 });
    const f = await ui.waitFor(/Ligne 1\/3/);
    expect(f).toContain('Tous les courriels');
    expect(f).toMatch(/Date\s+Utilisateur\s+À\s+Objet\s+Rapport\s+Statut\s+Essais/);
    for (const status of ['En cours', 'Incertain', 'En attente']) expect(f).toMatch(new RegExp(`USR01\\s+${status}\\s+1`));
  });

  it('one’s own mails: no Utilisateur column, its room to the addresses', async () => {
    await mails();
    const ui = await renderConsole(tdb().db, { as: 'jtremblay', stack: [{ screen: 'menu' }, { screen: 'outbox' }], size: AT80 });
    const f = await ui.waitFor(/Ligne 1\/3/);
    expect(f).toContain('Mes courriels');
    expect(f).toMatch(/Date\s+À\s+Objet\s+Rapport\s+Statut\s+Essais/);
    expect(f).not.toContain('Utilisat');
    // The room of the column gone: an address of 16 characters whole (was cut at 11).
    expect(f).toMatch(/ boss@example\.com /);
  });

  it('r on a mail being sent says so (wait for the end), not "only a failed mail"', async () => {
    await mails();
    const ui = await renderConsole(tdb().db, { as: 'jtremblay', stack: [{ screen: 'menu' }, { screen: 'outbox' }], size: AT80 });
    await ui.waitFor(/Ligne 1\/3/);
    // Newest first: boss@ (queued), then jean.roy@ (uncertain), then elise.cote@ (sending).
    await ui.press(KEYS.end);
    await ui.waitFor(/Ligne 3\/3/);
    await ui.press('r');
    await ui.waitFor(/Le courriel n° \d+ est en cours d’envoi : attendez la fin\./);
    expect(ui.frame()).not.toContain('Seul un courriel en échec');
  });
});
