import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { makeTestDb, type TestDb } from '../helpers/db.js';
import { ForbiddenError } from '../../src/services/errors.js';
import type { Actor, RightLevel } from '../../src/services/rights.js';
import { FUNCTIONS, SHARED_FUNCTIONS, getUserRights, reportFunction, setUserRights } from '../../src/services/rights.js';
import {
  createUser,
  getSchedule,
  getUser,
  listUsers,
  setPassword,
  setSchedule,
  unlockUser,
  updateUser,
} from '../../src/services/users/index.js';
import { login } from '../../src/services/auth.js';
import { runCli } from '../helpers/cli.js';
import { errorMessage } from '../../src/services/i18n/index.js';
import { createCompany, listCompanies, updateCompany } from '../../src/services/companies.js';
import { getConfigDisplay, listConfig, setConfig } from '../../src/services/config.js';
import { listAudit } from '../../src/services/auditQuery.js';
import { REPORTS, renderReport } from '../../src/services/reports/index.js';
import { getPreferences, linkInfo, revokeLink, setMailType } from '../../src/services/gmail/index.js';
import type { Google } from '../../src/services/gmail/googleClient.js';

// Refused before any call to Google: no Google is reached.
const google: Google = { sandbox: false, env: {}, dataDir: '/tmp', simulator: null };

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
  ['revokeLink(other)', (a) => revokeLink(t.db, a, google, 'sroy')],
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

// Issue 8, hole 2: escalation through the users right. Nobody may change the password,
// Actif, expiry, schedule, companies or rights of a user who holds a right the actor does
// not hold at that level; nobody may deactivate, expire or strip the last active holder of
// the rights right; nobody deactivates themselves.
describe('escalation: no operation on a user holding more rights than the actor', () => {
  let manager: Actor;
  const OUTRANKED = { key: 'access.outranked' };
  beforeAll(async () => {
    const admin = await t.actor('admin');
    await createUser(
      t.db,
      admin,
      { code: 'gerant', name: 'Gérant Utilisateurs', default_company: 'MTL', companies: ['MTL'] },
      'gerant-2026',
    );
    // Utilisateurs and Droits at modification, the reports at lecture, but not Configuration (which admin holds).
    await setUserRights(t.db, admin, 'gerant', {
      [FUNCTIONS.users]: 'modification',
      [FUNCTIONS.rights]: 'modification',
      ...Object.fromEntries(REPORTS.map((r) => [reportFunction(r.code), 'lecture' as RightLevel])),
    });
    manager = await t.actor('gerant');
  });

  const version = async (code: string) => (await getUser(t.db, await t.actor('admin'), code)).row_version;
  const onAdmin: Op[] = [
    ['setPassword(admin)', (a) => setPassword(t.db, a, 'admin', 'pirate-2026')],
    ['updateUser(admin, active=non)', async (a) => updateUser(t.db, a, 'admin', { active: false }, await version('admin'))],
    [
      'updateUser(admin, expiry)',
      async (a) => updateUser(t.db, a, 'admin', { never_expires: false, expiry_date: '2020-01-01' }, await version('admin')),
    ],
    [
      'updateUser(admin, companies)',
      async (a) => updateUser(t.db, a, 'admin', { companies: ['MTL'], default_company: 'MTL' }, await version('admin')),
    ],
    ['setSchedule(admin)', (a) => setSchedule(t.db, a, 'admin', [{ weekday: 1, start: '03:00', end: '04:00' }])],
    ['setUserRights(admin)', (a) => setUserRights(t.db, a, 'admin', { [reportFunction('USR01')]: 'aucun' })],
    ['unlockUser(admin)', (a) => unlockUser(t.db, a, 'admin')],
  ];

  it.each(onAdmin)('%s by a users-and-rights manager is refused, saying why', async (_name, run) => {
    const e = await run(manager).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toMatchObject(OUTRANKED);
    expect(errorMessage(e, 'fr')).toMatch(/admin.*droit que vous n’avez pas/);
  });

  it('and nothing changed: admin logs in with its password, keeps every right, company and no schedule', async () => {
    const admin = await t.actor('admin');
    await expect(login(t.db, 'admin', 'demo')).resolves.toBeTruthy();
    const u = await getUser(t.db, admin, 'admin');
    expect(u).toMatchObject({ active: true, never_expires: true });
    expect(u.companies.length).toBeGreaterThan(1);
    expect(await getSchedule(t.db, admin.id)).toEqual([]);
    expect((await getUserRights(t.db, admin, 'admin'))[reportFunction('USR01')]).toBe('modification');
  });

  it('while other fields of a higher user, and lower users, stay the manager’s to change', async () => {
    const v = await version('admin');
    await expect(updateUser(t.db, manager, 'admin', { contact: 'Poste 200' }, v)).resolves.toMatchObject({ contact: 'Poste 200' });
    await expect(setPassword(t.db, manager, 'sroy', 'Printemps-2026')).resolves.toBeUndefined();
    await expect(updateUser(t.db, manager, 'sroy', { active: false }, await version('sroy'))).resolves.toMatchObject({ active: false });
  });

  it('a right the actor does not hold cannot be given, to anyone, oneself included', async () => {
    for (const code of ['sroy', 'gerant'])
      await expect(setUserRights(t.db, manager, code, { [FUNCTIONS.config]: 'modification' })).rejects.toMatchObject({
        key: 'access.grantAbove',
      });
    expect((await getUserRights(t.db, await t.actor('admin'), 'gerant'))[FUNCTIONS.config]).toBeUndefined();
    // What the actor holds can be given.
    await setUserRights(t.db, manager, 'sroy', { [FUNCTIONS.users]: 'lecture' });
  });

  it('nobody deactivates themselves, nor expires or strips the last active holder of the rights right', async () => {
    const admin = await t.actor('admin');
    // The manager holds the rights right too: take it back so that admin is the last holder.
    await setUserRights(t.db, admin, 'gerant', { [FUNCTIONS.rights]: 'aucun' });
    await expect(updateUser(t.db, admin, 'admin', { active: false }, await version('admin'))).rejects.toMatchObject({
      key: 'access.selfDeactivation',
    });
    await expect(updateUser(t.db, manager, 'gerant', { active: false }, await version('gerant'))).rejects.toMatchObject({
      key: 'access.selfDeactivation',
    });
    await expect(
      updateUser(t.db, admin, 'admin', { never_expires: false, expiry_date: '2099-12-31' }, await version('admin')),
    ).rejects.toMatchObject({ key: 'access.lastRightsHolder' });
    await expect(setUserRights(t.db, admin, 'admin', { [FUNCTIONS.rights]: 'lecture' })).rejects.toMatchObject({
      key: 'access.lastRightsHolder',
    });
    expect((await getUserRights(t.db, admin, 'admin'))[FUNCTIONS.rights]).toBe('modification');
    // With a second holder, the first may give up the right.
    await setUserRights(t.db, admin, 'gerant', { [FUNCTIONS.rights]: 'modification', [FUNCTIONS.config]: 'modification' });
    await setUserRights(t.db, admin, 'admin', { [FUNCTIONS.audit]: 'lecture' });
  });
});

describe('escalation through the CLI (the attack as reported)', () => {
  it('a user holding only Utilisateurs › modification cannot reset admin’s password nor deactivate admin', async () => {
    const admin = await t.actor('admin');
    await createUser(t.db, admin, { code: 'commis', name: 'Commis RH', default_company: 'MTL', companies: ['MTL'] }, 'commis-2026');
    await setUserRights(t.db, admin, 'commis', { [FUNCTIONS.users]: 'modification' });
    const as = { PRX_PASSWORD: 'commis-2026' };
    const passwd = await runCli(t, 'commis', ['users', 'passwd', 'admin'], { ...as, PRX_NEW_PASSWORD: 'Pirate-2026' });
    expect(passwd.code).toBe(3);
    expect(passwd.err).toMatch(/admin détient un droit que vous n’avez pas/);
    await expect(login(t.db, 'admin', 'Pirate-2026')).rejects.toMatchObject({ key: 'auth.invalid' });
    const off = await runCli(t, 'commis', ['users', 'set', 'admin', 'active=non'], as);
    expect(off.code).toBe(3);
    expect(off.err).toMatch(/Seul un utilisateur qui a au moins tous ses droits/);
    await expect(login(t.db, 'admin', 'demo')).resolves.toBeTruthy();
  });
});
