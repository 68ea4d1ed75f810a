// What Rapports previews: the report's own columns and first rows (the PDF's order and
// words), in the reader's Langue, with the report's right.
import { describe, expect, it } from 'vitest';
import { eachTestDb } from '../helpers/db.js';
import { ForbiddenError } from '../../src/services/errors.js';
import { previewReport } from '../../src/services/reports/preview.js';
import { reportFunction, setUserRights } from '../../src/services/rights.js';

const t = eachTestDb();

describe('previewReport', () => {
  it('USR03: its columns and the first rows, the total of the whole report', async () => {
    const admin = await t.actor('admin');
    const p = await previewReport(t.db, admin, 'usr03', { limit: 5 });
    expect(p.title).toBe('Horaires de connexion');
    expect(p.columns.map((c) => c.label)).toEqual(['Code', 'Nom', 'Jour', 'Plages permises']);
    expect(p.rows).toHaveLength(5);
    const users = Number((await t.db('users').count({ n: '*' }).first())!.n);
    expect(p.total).toBeGreaterThanOrEqual(users);
    // The users in the report's order (code), one line each for those without a schedule.
    expect(p.rows[0]![0]).toBe('admin');
    expect(p.rows.some((r) => r[3] === 'sans restriction')).toBe(true);
  });

  it('speaks the reader’s Langue: nmorin reads USR01 in English', async () => {
    await setUserRights(t.db, await t.actor('admin'), 'nmorin', { [reportFunction('USR01')]: 'lecture' });
    const nmorin = await t.actor('nmorin');
    const p = await previewReport(t.db, nmorin, 'USR01', { limit: 3 });
    expect(p.title).toBe('User list');
    expect(p.columns.map((c) => c.label)).toEqual(['Code', 'Name', 'E-mail', 'Active', 'Default company', 'Language']);
    expect(p.rows.every((r) => ['Yes', 'No'].includes(r[3]!))).toBe(true);
  });

  it('needs the report’s right (jtremblay may not print USR02)', async () => {
    const jt = await t.actor('jtremblay');
    await expect(previewReport(t.db, jt, 'USR02')).rejects.toBeInstanceOf(ForbiddenError);
  });
});
