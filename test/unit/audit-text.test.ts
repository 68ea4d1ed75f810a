// The audit trail in words (issue 9): the service text the Audit screen and `audit list`
// share, in French and English, from real audited changes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestDb, type TestDb } from '../helpers/db.js';
import { runCli } from '../helpers/cli.js';
import { listAudit } from '../../src/services/auditQuery.js';
import { auditText } from '../../src/services/auditText.js';
import { setConfig } from '../../src/services/config.js';
import { setUserRights } from '../../src/services/rights.js';
import { getUser, setSchedule, updateUser } from '../../src/services/users/index.js';

let t: TestDb;
beforeEach(async () => {
  t = await makeTestDb();
  const admin = await t.actor('admin');
  const u = await getUser(t.db, admin, 'jtremblay');
  await updateUser(t.db, admin, 'jtremblay', { never_expires: false, expiry_date: '2027-12-31', language: 'en' }, u.row_version);
  await setSchedule(t.db, admin, 'jtremblay', [{ weekday: 1, start: '08:00', end: '17:00' }]);
  await setUserRights(t.db, admin, 'jtremblay', { 'rapports.USR02': 'modification' });
  await setConfig(t.db, admin, 'GmailClientSecret', 'très-secret');
});
afterEach(async () => {
  await t.close();
});

async function texts(lang: 'fr' | 'en') {
  const rows = await listAudit(t.db, await t.actor('admin'));
  return rows.map((r) => auditText(r, lang));
}

describe('auditText', () => {
  it('French: labels and values in words, secrets masked', async () => {
    const all = await texts('fr');
    const by = (field: string) => all.find((a) => a.field === field)!;
    expect(by('N’expire jamais')).toMatchObject({ action: 'Modification', object: 'Utilisateur jtremblay', old: 'Oui', new: 'Non' });
    expect(by('Date d’expiration')).toMatchObject({ old: '(vide)', new: '31/12/2027' });
    expect(by('Langue')).toMatchObject({ old: 'Français', new: 'Anglais' });
    expect(by('Horaire pour connexion')).toMatchObject({ new: 'Lundi 08:00–17:00' });
    const right = all.find((a) => a.object === 'Droits de jtremblay')!;
    expect(right).toMatchObject({ old: 'Aucun', new: 'Modification' });
    expect(right.field).toContain('Droits des utilisateurs');
    expect(by('Secret du client Google (OAuth)')).toMatchObject({ object: 'Configuration', new: '••••••' });
    expect(JSON.stringify(all)).not.toMatch(/très-secret|expiry_date|never_expires|rapports\.USR02|"update"|"true"|"aucun"/);
  });

  it('English: the same entries in English', async () => {
    const all = await texts('en');
    const by = (field: string) => all.find((a) => a.field === field)!;
    expect(by('Never expires')).toMatchObject({ action: 'Changed', object: 'User jtremblay', old: 'Yes', new: 'No' });
    expect(by('Expiry date')).toMatchObject({ old: '(empty)', new: '2027-12-31' });
    expect(by('Login schedule').new).toMatch(/^Monday 08:00–17:00$/i);
    expect(all.find((a) => a.object === 'Rights of jtremblay')).toMatchObject({ old: 'None', new: 'Modify' });
  });

  it('audit list (the table) prints the same words; --json keeps the stored values', async () => {
    const table = await runCli(t, 'admin', ['audit', 'list']);
    expect(table.code).toBe(0);
    expect(table.out).toContain('Utilisateur jtremblay');
    expect(table.out).toContain('N’expire jamais');
    expect(table.out).not.toMatch(/\bupdate\b|never_expires|expiry_date/);
    const json = await runCli(t, 'admin', ['audit', 'list', '--json']);
    expect(json.out).toContain('"never_expires"');
  });
});
