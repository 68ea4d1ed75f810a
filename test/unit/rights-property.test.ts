import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { makeTestDb, type TestDb } from '../helpers/db.js';
import { ForbiddenError } from '../../src/services/errors.js';
import type { Actor, RightLevel } from '../../src/services/rights.js';
import { FUNCTIONS, SHARED_FUNCTIONS, getUserRights, reportFunction, setUserRights } from '../../src/services/rights.js';
import { createUser, getUser, listUsers, setPassword, setSchedule, unlockUser, updateUser } from '../../src/services/users/index.js';
import { createCompany, listCompanies, updateCompany } from '../../src/services/companies.js';
import { getConfigDisplay, listConfig, setConfig } from '../../src/services/config.js';
import { listAudit } from '../../src/services/auditQuery.js';
import { REPORTS, renderReport } from '../../src/services/reports/index.js';
import { getPreferences, linkInfo, revokeLink, setMailType } from '../../src/services/gmail/index.js';

// Hiding a menu is not security: every service that reads or changes shared data must
// refuse a user without the right, whatever screen or command calls it.

let t: TestDb;
let nobody: Actor;
let reader: Actor;
beforeAll(async () => {
  t = await makeTestDb();
  const admin = await t.actor('admin');
  await createUser(t.db, admin, { code: 'personne', name: 'Sans Droits', default_company: 'MTL', companies: ['MTL'] }, 'demo-demo');
  await createUser(t.db, admin, { code: 'lecteur', name: 'Lecture Seule', default_company: 'MTL', companies: ['MTL'] }, 'demo-demo');
  const all = [...SHARED_FUNCTIONS, ...REPORTS.map((r) => reportFunction(r.code))];
  await setUserRights(t.db, admin, 'lecteur', Object.fromEntries(all.map((fn) => [fn, 'lecture' as RightLevel])));
  nobody = await t.actor('personne');
  reader = await t.actor('lecteur');
});
afterAll(async () => {
  await t.close();
});

type Op = readonly [name: string, run: (a: Actor) => Promise<unknown>];

const reads: Op[] = [
  ['listUsers', (a) => listUsers(t.db, a)],
  ['getUser(other)', (a) => getUser(t.db, a, 'sroy')],
  ['listCompanies', (a) => listCompanies(t.db, a)],
  ['listConfig', (a) => listConfig(t.db, a)],
  ['getConfig', (a) => getConfigDisplay(t.db, a, 'MaxAttachmentMB')],
  ['getUserRights', (a) => getUserRights(t.db, a, 'sroy')],
  ['listAudit', (a) => listAudit(t.db, a)],
  ['linkInfo(other)', (a) => linkInfo(t.db, a, 'sroy')],
  ['getPreferences(other)', (a) => getPreferences(t.db, a, 'sroy')],
  ...REPORTS.map((r): Op => [`renderReport ${r.code}`, (a) => renderReport(t.db, a, r.code, { out: new PassThrough() })]),
];

const writes: Op[] = [
  ['createUser', (a) => createUser(t.db, a, { code: 'intrus', name: 'Intrus', default_company: 'MTL', companies: ['MTL'] })],
  ['updateUser(other)', async (a) => updateUser(t.db, a, 'sroy', { contact: 'x' }, 1)],
  ['setPassword(other)', (a) => setPassword(t.db, a, 'sroy', 'piratage')],
  ['unlockUser', (a) => unlockUser(t.db, a, 'sroy')],
  ['setSchedule', (a) => setSchedule(t.db, a, 'sroy', [])],
  ['createCompany', (a) => createCompany(t.db, a, { code: 'PIR', name: 'Pirate' })],
  ['updateCompany', (a) => updateCompany(t.db, a, 'MTL', { name: 'Pirate' }, 1)],
  ['setConfig', (a) => setConfig(t.db, a, 'UserMaintenanceShowFields', 'gmail')],
  ['setUserRights', (a) => setUserRights(t.db, a, 'sroy', { [FUNCTIONS.users]: 'modification' })],
  ['revokeLink(other)', (a) => revokeLink(t.db, a, 'sroy')],
  ['setMailType(other)', (a) => setMailType(t.db, a, 'sroy', 'aucun', 1)],
];

describe('every service operation refuses a user without the right', () => {
  it.each([...reads, ...writes])('%s, without any right', async (_name, run) => {
    await expect(run(nobody)).rejects.toBeInstanceOf(ForbiddenError);
  });
  it.each(writes)('%s, with lecture only', async (_name, run) => {
    await expect(run(reader)).rejects.toBeInstanceOf(ForbiddenError);
  });
  it('and nothing changed', async () => {
    const admin = await t.actor('admin');
    expect((await getUser(t.db, admin, 'sroy')).contact).toBe('');
    expect((await listCompanies(t.db, admin)).map((c) => c.code)).not.toContain('PIR');
    expect((await getUserRights(t.db, admin, 'sroy'))[FUNCTIONS.users]).toBeUndefined();
  });
  it('while everyone may read their own record and preferences', async () => {
    expect((await getUser(t.db, nobody, 'personne')).name).toBe('Sans Droits');
    expect((await getPreferences(t.db, nobody)).mailType).toBe('aucun');
  });
});
