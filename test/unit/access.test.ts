import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eachTestDb } from '../helpers/db.js';
import { rejection } from '../helpers/rejection.js';
import { runCli, TEST_COST } from '../helpers/cli.js';
import { login } from '../../src/services/auth.js';
import { AppError } from '../../src/services/errors.js';
import { errorMessage } from '../../src/services/i18n/index.js';
import { shiftedClock } from '../../src/services/time.js';
import {
  changeOwnPassword,
  createUser,
  loadUser,
  setPassword,
  setSchedule,
  unlockUser,
  updateUser,
} from '../../src/services/users/index.js';
import { setConfig } from '../../src/services/config.js';
import { listAudit } from '../../src/services/auditQuery.js';
import { main } from '../../src/cli.js';
import { PassThrough } from 'node:stream';

const t = eachTestDb();

const refusal = (p: Promise<unknown>) => rejection<AppError>(p, AppError);

describe('login rules, through the service and through the CLI', () => {
  it('locks the account for 15 minutes after 5 wrong passwords in a row, says until when; an admin unlocks', async () => {
    // Wrong passwords all answer alike (locked or not: nothing to learn from them).
    for (let i = 0; i < 6; i++) expect((await refusal(login(t.db, 'ibouchard', 'faux'))).key).toBe('auth.invalid');
    // The right password is refused while locked, and only it learns until when; in the CLI too.
    const locked = await refusal(login(t.db, 'ibouchard', 'demo'));
    expect(locked.key).toBe('auth.locked');
    expect(errorMessage(locked, 'fr')).toMatch(/réessayez après \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    const cli = await runCli(t, 'ibouchard', ['users', 'show', 'ibouchard']);
    expect(cli.code).not.toBe(0);
    expect(cli.err).toContain('Compte verrouillé');
    // 15 minutes later it opens again.
    await login(t.db, 'ibouchard', 'demo', shiftedClock(16 * 60_000));
    for (let i = 0; i < 5; i++) await login(t.db, 'ibouchard', 'faux').catch(() => undefined);
    const unlock = await runCli(t, 'admin', ['users', 'unlock', 'ibouchard']);
    expect(unlock).toMatchObject({ code: 0 });
    await login(t.db, 'ibouchard', 'demo');
  });

  it('refuses a user who is not Actif, in the service and the CLI', async () => {
    expect((await refusal(login(t.db, 'vouellet', 'demo'))).key).toBe('auth.inactive');
    const cli = await runCli(t, 'vouellet', ['users', 'show', 'vouellet']);
    expect(cli.code).toBe(3);
    expect(cli.err.trim()).toBe('prextra-console: Cet utilisateur n’est pas actif.');
  });

  it('refuses a user past Date d’expiration unless N’expire jamais', async () => {
    const e = await refusal(login(t.db, 'dlevesque', 'demo'));
    expect(errorMessage(e, 'fr')).toBe('Ce compte a expiré le 31/12/2025.');
    expect((await runCli(t, 'dlevesque', ['report', 'list'])).err).toContain('a expiré le 31/12/2025');
    const admin = await t.actor('admin');
    const u = (await loadUser(t.db, 'dlevesque'))!;
    await updateUser(t.db, admin, 'dlevesque', { never_expires: true }, u.row_version);
    await login(t.db, 'dlevesque', 'demo');
  });

  it('refuses a login outside Horaire pour connexion', async () => {
    const admin = await t.actor('admin');
    const now = new Date();
    const weekday = ((now.getDay() + 6) % 7) + 1;
    const other = (weekday % 7) + 1;
    await setSchedule(t.db, admin, 'pcote', [{ weekday: other, start: '00:00', end: '24:00' }]);
    expect((await refusal(login(t.db, 'pcote', 'demo'))).key).toBe('auth.outsideSchedule');
    expect((await runCli(t, 'pcote', ['report', 'list'])).err).toContain('en dehors de votre horaire');
    await setSchedule(t.db, admin, 'pcote', [{ weekday, start: '00:00', end: '24:00' }]);
    await login(t.db, 'pcote', 'demo');
  });

  it('a new user cannot log in until a password is set, and has no rights on shared functions', async () => {
    const add = await runCli(t, 'admin', ['users', 'add', 'nouveau', 'name=Nouvel Employé', 'companies=MTL', 'default_company=MTL']);
    expect(add.code).toBe(0);
    // Without a password: the same sentence as a wrong one (no code is revealed).
    expect((await refusal(login(t.db, 'nouveau', ''))).key).toBe('auth.invalid');
    const pw = await runCli(t, 'admin', ['users', 'passwd', 'nouveau'], { PRX_NEW_PASSWORD: 'bienvenue1' });
    expect(pw.code).toBe(0);
    const list = await runCli(t, 'nouveau', ['users', 'list'], { PRX_PASSWORD: 'bienvenue1' });
    expect(list.code).toBe(3);
    expect(list.err).toContain('Droit insuffisant');
    const own = await runCli(t, 'nouveau', ['users', 'show', 'nouveau', '--json'], { PRX_PASSWORD: 'bienvenue1' });
    expect(JSON.parse(own.out).name).toBe('Nouvel Employé');
  });

  it('changes one’s own password only with the current one', async () => {
    const me = await t.actor('jtremblay');
    await expect(changeOwnPassword(t.db, me, 'faux', 'nouveau-mdp')).rejects.toMatchObject({
      fields: { current_password: { key: 'auth.wrongCurrent' } },
    });
    await changeOwnPassword(t.db, me, 'demo', 'nouveau-mdp');
    await login(t.db, 'jtremblay', 'nouveau-mdp');
    await expect(unlockUser(t.db, me, 'sroy')).rejects.toMatchObject({ key: 'errors.forbidden' });
  });
});

describe('first run without demo data', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'prx-first-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (args: string[], env: Record<string, string>) => {
    let out = '';
    let err = '';
    const code = await main(args, {
      env: { ...TEST_COST, PRX_DB: path.join(dir, 'new.sqlite'), PRX_CONFIG_DIR: path.join(dir, 'cfg'), ...env },
      stdin: new PassThrough(),
      out: (s) => (out += s),
      err: (s) => (err += s),
    });
    return { code, out, err };
  };

  it('creates one administrator with the password given, and no default password', async () => {
    const none = await run(['db', 'migrate'], {});
    expect(none.err).toContain('Aucun utilisateur');
    const short = await run(['db', 'migrate'], { PRX_ADMIN_PASSWORD: 'court' });
    expect(short.code).toBe(2);
    expect(short.err).toContain('Au moins 8 caractères.');
    const ok = await run(['db', 'migrate'], { PRX_ADMIN_PASSWORD: 'Admin-2026!' });
    expect(ok.out).toContain('Administrateur « admin » créé.');
    expect((await run(['users', 'list', '--json'], { PRX_USER: 'admin', PRX_PASSWORD: 'demo' })).code).toBe(3);
    const list = await run(['users', 'list', '--json'], { PRX_USER: 'admin', PRX_PASSWORD: 'Admin-2026!' });
    expect(JSON.parse(list.out).map((u: { code: string }) => u.code)).toEqual(['admin']);
  });
});

describe('audit trail', () => {
  it('records who changed what, old → new, and never a secret or a password hash', async () => {
    const admin = await t.actor('admin');
    await setConfig(t.db, admin, 'GmailClientSecret', 'tres-secret-123');
    await setPassword(t.db, admin, 'sroy', 'mot-de-passe-9');
    const u = (await loadUser(t.db, 'sroy'))!;
    await updateUser(t.db, admin, 'sroy', { contact: 'Réception' }, u.row_version);
    await createUser(t.db, admin, { code: 'auditee', name: 'Audité', default_company: 'QC', companies: ['QC'] });
    const rows = await listAudit(t.db, admin);
    expect(rows.find((r) => r.entity === 'user' && r.entityKey === 'sroy' && r.field === 'contact')).toMatchObject({
      actor: 'admin',
      old: '',
      new: 'Réception',
    });
    expect(rows.find((r) => r.action === 'create' && r.entityKey === 'auditee')).toBeTruthy();
    const raw = JSON.stringify(await t.db('audit_log').select());
    expect(raw).not.toContain('tres-secret-123');
    expect(raw).not.toContain('mot-de-passe-9');
    expect(raw).not.toContain('scrypt$');
    const file = readFileSync(t.file).toString('latin1');
    expect(file).not.toContain('tres-secret-123');
    const cli = await runCli(t, 'admin', ['audit', 'list', '--json']);
    expect(JSON.parse(cli.out).length).toBeGreaterThan(3);
    expect((await runCli(t, 'jtremblay', ['audit', 'list'])).err).toContain('Droit insuffisant');
  });

  it('Trace automatique adds the user’s own logins', async () => {
    await login(t.db, 'mgagnon', 'demo'); // auto_trace in the demo data
    await login(t.db, 'ibouchard', 'demo');
    const rows = await t.db('audit_log').where({ action: 'login' }).select('actor_code');
    expect(rows.map((r) => r.actor_code)).toEqual(['mgagnon']);
  });
});
