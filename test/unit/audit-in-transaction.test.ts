// Issue 14, "audit in the same transaction": a change and the audit row that records it are
// written together or not at all. The audit insert is made to fail (a trigger); every
// service must then leave its change unsaved. SQLite, and PostgreSQL when available.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestDb, type TestDb } from '../helpers/db.js';
import { PG_URL, makePgTestDb } from '../helpers/pgdb.js';
import { approveConsent, openRedirect } from '../helpers/google.js';
import { googleTestDb } from '../helpers/googleTestDb.js';
import { login } from '../../src/services/auth.js';
import { createCompany, getCompany, updateCompany } from '../../src/services/companies.js';
import { readConfig, setConfig } from '../../src/services/config.js';
import { FUNCTIONS, rightsOf, setUserRights } from '../../src/services/rights.js';
import { createFirstAdministrator } from '../../src/services/setup.js';
import {
  changeOwnPassword,
  getSchedule,
  loadUser,
  setPassword,
  setSchedule,
  unlockUser,
  updateUser,
} from '../../src/services/users/index.js';
import { getPreferences, setMailType } from '../../src/services/gmail/preferences.js';
import { revokeLink, startLink } from '../../src/services/gmail/index.js';
import { readLink } from '../../src/services/gmail/tokenStore.js';

type Engine = 'sqlite' | 'pg';

async function refuseAudit(t: TestDb, engine: Engine): Promise<void> {
  if (engine === 'sqlite') {
    await t.db.raw("create trigger audit_refused before insert on audit_log begin select raise(abort, 'audit refused'); end");
  } else {
    await t.db.raw(
      "create or replace function audit_refused() returns trigger as $$ begin raise exception 'audit refused'; end $$ language plpgsql",
    );
    await t.db.raw('create trigger audit_refused before insert on audit_log for each row execute function audit_refused()');
  }
}

async function allowAudit(t: TestDb, engine: Engine): Promise<void> {
  await t.db.raw(engine === 'sqlite' ? 'drop trigger audit_refused' : 'drop trigger audit_refused on audit_log');
}

const engines: Array<[Engine, () => Promise<TestDb>]> = [['sqlite', () => makeTestDb()]];
if (PG_URL) engines.push(['pg', () => makePgTestDb()]);

describe.each(engines)('on %s, when the audit row cannot be written, nothing is saved', (engine, make) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await make();
  });
  afterEach(async () => {
    await t.close();
  });

  /** Runs `change` with the audit refused: it must fail; then `check` reads the state back. */
  async function attempt(change: () => Promise<unknown>, check: () => Promise<void>): Promise<void> {
    await refuseAudit(t, engine);
    await expect(change()).rejects.toBeTruthy();
    await allowAudit(t, engine);
    await check();
  }

  it('users: update, password (admin reset and one’s own), unlock, schedule', async () => {
    const admin = await t.actor('admin');
    const u = (await loadUser(t.db, 'jtremblay'))!;
    await attempt(
      () => updateUser(t.db, admin, 'jtremblay', { contact: 'Réception', active: false }, u.row_version),
      async () => expect(await loadUser(t.db, 'jtremblay')).toMatchObject({ contact: '', active: true, row_version: u.row_version }),
    );
    await attempt(
      () => setPassword(t.db, admin, 'jtremblay', 'Nouveau-2026'),
      async () => expect((await login(t.db, 'jtremblay', 'demo')).user.code).toBe('jtremblay'),
    );
    await attempt(
      async () => changeOwnPassword(t.db, await t.actor('sroy'), 'demo', 'Nouveau-2026'),
      async () => {
        await expect(login(t.db, 'sroy', 'Nouveau-2026')).rejects.toMatchObject({ key: 'auth.invalid' });
      },
    );
    const until = new Date(Date.now() + 10 * 60_000).toISOString();
    await t.db('users').where({ code: 'kbergeron' }).update({ locked_until: until });
    await attempt(
      () => unlockUser(t.db, admin, 'kbergeron'),
      async () => expect((await t.db('users').where({ code: 'kbergeron' }).first('locked_until')).locked_until).toBe(until),
    );
    const pcote = (await loadUser(t.db, 'pcote'))!;
    await attempt(
      () => setSchedule(t.db, admin, 'pcote', [{ weekday: 1, start: '08:00', end: '12:00' }]),
      async () => expect(await getSchedule(t.db, pcote.id)).toEqual([]),
    );
  });

  it('companies, configuration, rights, preferences', async () => {
    const admin = await t.actor('admin');
    await attempt(
      () => createCompany(t.db, admin, { code: 'NEUF', name: 'Nouvelle compagnie' }),
      async () => expect(await t.db('companies').where({ code: 'NEUF' }).first()).toBeUndefined(),
    );
    const mtl = await getCompany(t.db, 'MTL');
    await attempt(
      () => updateCompany(t.db, admin, 'MTL', { name: 'Renommée' }, mtl.row_version),
      async () => expect(await getCompany(t.db, 'MTL')).toMatchObject({ name: mtl.name, row_version: mtl.row_version }),
    );
    await attempt(
      () => setConfig(t.db, admin, 'UserMaintenanceShowFields', 'gmail'),
      async () => expect(await readConfig(t.db, 'UserMaintenanceShowFields')).toBe(''),
    );
    const sroy = (await loadUser(t.db, 'sroy'))!;
    await attempt(
      () => setUserRights(t.db, admin, 'sroy', { [FUNCTIONS.users]: 'lecture' }),
      async () => expect((await rightsOf(t.db, sroy.id))[FUNCTIONS.users]).toBeUndefined(),
    );
    await setConfig(t.db, admin, 'UserMaintenanceShowFields', 'gmail');
    const support = await t.actor('support');
    await attempt(
      () => setMailType(t.db, support, 'support', 'gmail', 1),
      async () => expect((await getPreferences(t.db, support)).mailType).toBe('aucun'),
    );
  });

  it('a login with Trace automatique (its trace is the audit row)', async () => {
    const mgagnon = (await t.db('users').where({ code: 'mgagnon' }).first('last_login_at'))?.last_login_at ?? null;
    await attempt(
      () => login(t.db, 'mgagnon', 'demo'),
      async () => expect((await t.db('users').where({ code: 'mgagnon' }).first('last_login_at')).last_login_at).toBe(mgagnon),
    );
  });
});

describe('the first administrator of a new database', () => {
  it('is not created when its audit row cannot be written', async () => {
    const t = await makeTestDb({ seed: false });
    try {
      await t.db.raw("create trigger audit_refused before insert on audit_log begin select raise(abort, 'audit refused'); end");
      await expect(createFirstAdministrator(t.db, 'Premier-Admin-2026')).rejects.toBeTruthy();
      expect(await t.db('users').count({ n: '*' })).toEqual([{ n: 0 }]);
      expect(await t.db('companies').count({ n: '*' })).toEqual([{ n: 0 }]);
      expect(await t.db('rights').count({ n: '*' })).toEqual([{ n: 0 }]);
    } finally {
      await t.close();
    }
  });
});

describe('the Gmail link and its revocation', () => {
  const t = googleTestDb();

  it('a link whose audit row fails is not kept; a revocation whose audit row fails keeps the link', async () => {
    const me = await t.actor('jtremblay');
    await t.db.raw("create trigger audit_refused before insert on audit_log begin select raise(abort, 'audit refused'); end");
    const a = await startLink(t.db, me, { google: t.google });
    await openRedirect(await approveConsent(a.url));
    await expect(a.result).rejects.toBeTruthy();
    expect(await readLink(t.db, me.id)).toBeNull();
    await t.db.raw('drop trigger audit_refused');
    const b = await startLink(t.db, me, { google: t.google });
    await openRedirect(await approveConsent(b.url));
    await b.result;
    await t.db.raw("create trigger audit_refused before insert on audit_log begin select raise(abort, 'audit refused'); end");
    await expect(revokeLink(t.db, me, t.google)).rejects.toBeTruthy();
    expect((await readLink(t.db, me.id))!.status).toBe('linked');
  });
});
