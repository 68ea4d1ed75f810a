// The schema and the services on a real PostgreSQL server (SPEC, Data: "PostgreSQL
// supported"). Skipped unless PRX_TEST_PG_URL is set: eval "$(scripts/test-postgres.sh)".
// Each test gets its own freshly migrated and seeded database (see test/helpers/pgdb.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PassThrough } from 'node:stream';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PG_URL, makePgTestDb } from '../helpers/pgdb.js';
import { rejection } from '../helpers/rejection.js';
import type { TestDb } from '../helpers/db.js';
import { runCli } from '../helpers/cli.js';
import { migrateLatest, migrationStatus, openDb, rollbackAll } from '../../src/services/db.js';
import { login } from '../../src/services/auth.js';
import { AppError, ConflictError, ForbiddenError, ValidationError } from '../../src/services/errors.js';
import { errorMessage } from '../../src/services/i18n/index.js';
import { shiftedClock } from '../../src/services/time.js';
import {
  createUser,
  getUser,
  listUsers,
  loadUser,
  setPassword,
  setSchedule,
  unlockUser,
  updateUser,
} from '../../src/services/users/index.js';
import { getUserRights, reportFunction, setUserRights, type Actor } from '../../src/services/rights.js';
import { listConfig, readConfig, setConfig } from '../../src/services/config.js';
import { listAudit } from '../../src/services/auditQuery.js';
import { createCompany, getCompany, updateCompany } from '../../src/services/companies.js';
import { createFirstAdministrator, userCount } from '../../src/services/setup.js';
import { revokeLinksOfBarredUsers } from '../../src/services/access.js';
import { pendingAlerts } from '../../src/services/alerts.js';
import { clearTokens, markNeedsRelink, readLink, readTokens, saveLink } from '../../src/services/gmail/tokenStore.js';
import { getPreferences, setMailType } from '../../src/services/gmail/preferences.js';
import { insertMail, markEnded, markSending, markSent } from '../../src/services/mail/outboxStore.js';
import { newClaim, release } from '../../src/services/mail/claims.js';
import { getOutboxEntry, listOutbox } from '../../src/services/mail/outbox.js';
import { renderReport, type RenderedReport } from '../../src/services/reports/index.js';
import { MASK } from '../../src/services/audit.js';
import { seedDemo } from '../../db/seeds/demo.js';
import { approveConsent, openRedirect, simGoogle, stopSandboxSimulators } from '../helpers/google.js';
import { startGoogleSimulator } from '../../src/sandbox/googleSimulator.js';
import { linkInfo, startLink } from '../../src/services/gmail/index.js';
import { sendReport } from '../../src/services/mail/index.js';
import type { Google } from '../../src/services/gmail/googleClient.js';

let google: Google;

let t: TestDb;

const refusal = (p: Promise<unknown>) => rejection<AppError>(p, AppError);

/** The text of a PDF, one string per printed line. */
async function pdfLines(pdf: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const out: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const lines = new Map<number, Array<{ x: number; s: string }>>();
    for (const item of (await (await doc.getPage(n)).getTextContent()).items) {
      if (!('str' in item) || !item.str.trim()) continue;
      const y = Math.round(item.transform[5] as number);
      lines.set(y, [...(lines.get(y) ?? []), { x: item.transform[4] as number, s: item.str.trim() }]);
    }
    for (const [, items] of [...lines.entries()].sort((a, b) => b[0] - a[0]))
      out.push(
        items
          .sort((a, b) => a.x - b.x)
          .map((i) => i.s)
          .join('  '),
      );
  }
  await doc.destroy();
  return out;
}

async function renderToBuffer(actor: Actor, code: string): Promise<{ r: RenderedReport; text: string }> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const r = await renderReport(t.db, actor, code, { out: sink });
  const pdf = Buffer.concat(chunks);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  return { r, text: (await pdfLines(pdf)).join('\n') };
}

const mail = (userId: number, subject: string) => ({
  userId,
  to: ['dest@example.com', 'autre@example.com'],
  cc: [],
  subject,
  body: 'Bonjour',
  report: 'USR01',
  company: 'MTL',
  // Over 2^31: attachment_size is a bigint column (a string from node-postgres).
  attachment: { name: 'USR01.pdf', size: 3_000_000_000, sha256: 'ab'.repeat(32) },
  messageSize: 4_100_000_000,
});

describe.skipIf(!PG_URL)('PostgreSQL: schema and services', () => {
  beforeEach(async () => {
    t = await makePgTestDb();
  });
  afterEach(async () => {
    await t?.close();
  });

  describe('users', () => {
    it('lists, filters case-insensitively (a typed % is literal) and pages', async () => {
      const admin = await t.actor('admin');
      const page = await listUsers(t.db, admin, { limit: 10 });
      expect(page.count).toEqual({ n: 34, atLeast: false });
      expect(page.rows).toHaveLength(10);
      expect(page.rows[0]).toEqual({
        code: 'admin',
        name: 'Administrateur système',
        email: 'admin@doc.example.com',
        active: true,
        default_company: 'DOC',
        language: 'fr',
        position: ['admin', expect.any(Number)],
      });
      expect(page.rows.every((r) => typeof r.active === 'boolean')).toBe(true);
      expect((await listUsers(t.db, admin, { filter: 'TREMBLAY' })).rows.map((r) => r.code)).toEqual(['jtremblay']);
      expect((await listUsers(t.db, admin, { filter: 'ÉMILIE' })).rows.map((r) => r.code)).toEqual(['epaquette']);
      const byMail = await listUsers(t.db, admin, { filter: '@qc.example' });
      expect(byMail.count.n).toBeGreaterThan(3);
      expect(byMail.rows.every((r) => r.email.includes('@qc.example'))).toBe(true);
      const all = await listUsers(t.db, admin, { limit: 40 });
      expect(all.rows).toHaveLength(34);
      const p2 = await listUsers(t.db, admin, { after: all.rows[4]!.position, limit: 5 });
      expect(p2.rows.map((r) => r.code)).toEqual(all.rows.slice(5, 10).map((r) => r.code));
      // The demo codes sort the same in byte order (SQLite) and in the fr-CA collation of
      // the test server. (Codes with '_' next to '-' or '.' would not: ORDER BY follows
      // the database collation.)
      const codes = all.rows.map((r) => r.code.toLowerCase());
      expect(codes).toEqual([...codes].sort());
      expect((await listUsers(t.db, admin, { filter: '%' })).count.n).toBe(0);
      expect((await listUsers(t.db, admin, { filter: '_' })).count.n).toBe(0);
      expect((await listUsers(t.db, admin, { filter: '\\' })).count.n).toBe(0);
      expect((await listUsers(t.db, admin, { filter: 'st-p' })).rows.map((r) => r.code)).toEqual(['lst-pierre']);
      expect((await listUsers(t.db, admin, { filter: "l'équipe" })).count.n).toBe(0);
    });

    it('creates with the original defaults, refuses invalid fields and a duplicate code whatever its case', async () => {
      const admin = await t.actor('admin');
      const u = await createUser(t.db, admin, {
        code: 'nouveau',
        name: 'Nouvel Employé',
        default_company: 'mtl',
        companies: ['MTL', 'qc'],
      });
      expect(u).toMatchObject({
        active: true,
        never_expires: true,
        session_timeout_min: 60,
        page_lines: 30,
        language: 'fr',
        default_company: 'MTL',
        companies: ['MTL', 'QC'],
        has_password: false,
        row_version: 1,
      });
      expect(typeof u.id).toBe('number');
      expect(typeof u.row_version).toBe('number');
      const bad = (await createUser(t.db, admin, {
        code: 'trop-long-code',
        name: ' ',
        email: 'pas-une-adresse',
        never_expires: false,
        expiry_date: null,
        session_timeout_min: 0,
        page_lines: 501,
        default_company: 'QC',
        companies: ['MTL'],
      }).catch((e) => e)) as ValidationError;
      expect(bad).toBeInstanceOf(ValidationError);
      expect(Object.keys(bad.fields).sort()).toEqual([
        'code',
        'default_company',
        'email',
        'expiry_date',
        'name',
        'page_lines',
        'session_timeout_min',
      ]);
      expect(await loadUser(t.db, 'trop-long-code')).toBeNull();
      const dup = await createUser(t.db, admin, { code: 'JTremblay', name: 'X', default_company: 'MTL', companies: ['MTL'] }).catch(
        (x) => x,
      );
      expect(dup).toBeInstanceOf(ValidationError);
      expect(errorMessage(dup, 'fr')).toContain('existe déjà');
      expect(await userCount(t.db)).toBe(35);
      // db seed --demo is re-runnable: it empties what it fills.
      expect(await seedDemo(t.db)).toEqual({ users: 34, companies: 5 });
      expect(await userCount(t.db)).toBe(34);
      expect(await loadUser(t.db, 'nouveau')).toBeNull();
    });

    it('refuses a save over a newer change (optimistic locking) and audits each changed field', async () => {
      const admin = await t.actor('admin');
      const loaded = await getUser(t.db, admin, 'sroy');
      const saved = await updateUser(t.db, admin, 'sroy', { contact: 'premier', page_lines: 40, active: false }, loaded.row_version);
      expect(saved).toMatchObject({ contact: 'premier', page_lines: 40, active: false, row_version: loaded.row_version + 1 });
      const stale = await updateUser(t.db, admin, 'sroy', { contact: 'second' }, loaded.row_version).catch((x) => x);
      expect(stale).toBeInstanceOf(ConflictError);
      expect(errorMessage(stale, 'fr')).toMatch(/modifié par quelqu’un d’autre/);
      expect((await loadUser(t.db, 'sroy'))!.contact).toBe('premier');
      const rows = await t.db('audit_log').where({ entity: 'user', entity_key: 'sroy', action: 'update' });
      expect(rows.map((r) => [r.field, r.old_value, r.new_value])).toEqual(
        expect.arrayContaining([
          ['contact', '', 'premier'],
          ['page_lines', '30', '40'],
          ['active', 'true', 'false'],
        ]),
      );
    });

    it('refuses users without the right, and allows reading oneself', async () => {
      const clerk = await t.actor('jtremblay');
      await expect(listUsers(t.db, clerk)).rejects.toBeInstanceOf(ForbiddenError);
      expect((await getUser(t.db, clerk, 'jtremblay')).name).toBe('Julie Tremblay');
      const admin = await t.actor('admin');
      await setUserRights(t.db, admin, 'jtremblay', { 'systeme.maintenance.utilisateurs': 'lecture', [reportFunction('CIE01')]: 'aucun' });
      expect(await getUserRights(t.db, admin, 'jtremblay')).toEqual({
        'systeme.maintenance.utilisateurs': 'lecture',
        [reportFunction('USR01')]: 'lecture',
      });
      expect((await listUsers(t.db, clerk)).count.n).toBe(34);
      const u = await getUser(t.db, clerk, 'sroy');
      await expect(updateUser(t.db, clerk, 'sroy', { contact: 'x' }, u.row_version)).rejects.toBeInstanceOf(ForbiddenError);
    });
  });

  describe('login rules', () => {
    it('locks after 5 wrong passwords for 15 minutes; an admin unlocks (service and CLI)', async () => {
      for (let i = 0; i < 4; i++) expect((await refusal(login(t.db, 'ibouchard', 'faux'))).key).toBe('auth.invalid');
      // The fifth wrong password locks; only the right one is told so.
      expect((await refusal(login(t.db, 'ibouchard', 'faux'))).key).toBe('auth.invalid');
      expect((await refusal(login(t.db, 'ibouchard', 'demo'))).key).toBe('auth.locked');
      const cli = await runCli(t, 'ibouchard', ['users', 'show', 'ibouchard']);
      expect(cli.code).not.toBe(0);
      expect(cli.err).toContain('Compte verrouillé');
      await login(t.db, 'ibouchard', 'demo', shiftedClock(16 * 60_000));
      for (let i = 0; i < 5; i++) await login(t.db, 'ibouchard', 'faux').catch(() => undefined);
      expect(await runCli(t, 'admin', ['users', 'unlock', 'ibouchard'])).toMatchObject({ code: 0 });
      await login(t.db, 'ibouchard', 'demo');
      await expect(unlockUser(t.db, await t.actor('jtremblay'), 'sroy')).rejects.toMatchObject({ key: 'errors.forbidden' });
    });

    it('refuses an inactive user, an expired one, one outside the schedule, one without password', async () => {
      expect((await refusal(login(t.db, 'vouellet', 'demo'))).key).toBe('auth.inactive');
      expect(errorMessage(await refusal(login(t.db, 'dlevesque', 'demo')), 'fr')).toBe('Ce compte a expiré le 31/12/2025.');
      const admin = await t.actor('admin');
      const u = (await loadUser(t.db, 'dlevesque'))!;
      await updateUser(t.db, admin, 'dlevesque', { never_expires: true }, u.row_version);
      await login(t.db, 'dlevesque', 'demo');

      const weekday = ((new Date().getDay() + 6) % 7) + 1;
      await setSchedule(t.db, admin, 'pcote', [{ weekday: (weekday % 7) + 1, start: '00:00', end: '24:00' }]);
      expect((await refusal(login(t.db, 'pcote', 'demo'))).key).toBe('auth.outsideSchedule');
      await setSchedule(t.db, admin, 'pcote', [{ weekday, start: '00:00', end: '24:00' }]);
      await login(t.db, 'pcote', 'demo');

      await createUser(t.db, admin, { code: 'Nouveau', name: 'Nouvel Employé', default_company: 'MTL', companies: ['MTL'] });
      expect((await refusal(login(t.db, 'NOUVEAU', ''))).key).toBe('auth.invalid');
      await setPassword(t.db, admin, 'nouveau', 'bienvenue1');
      expect((await login(t.db, 'nouveau', 'bienvenue1')).user.code).toBe('Nouveau');
    });

    it('Trace automatique records the user’s own logins only', async () => {
      await login(t.db, 'mgagnon', 'demo');
      await login(t.db, 'ibouchard', 'demo');
      const rows = await t.db('audit_log').where({ action: 'login' }).select('actor_code');
      expect(rows.map((r) => r.actor_code)).toEqual(['mgagnon']);
    });
  });

  describe('configuration and audit', () => {
    it('stores a secret encrypted, lists it masked, and never writes it to the audit trail', async () => {
      const admin = await t.actor('admin');
      await setConfig(t.db, admin, 'GmailClientSecret', 'tres-secret-123');
      await setConfig(t.db, admin, 'GmailClientSecret', 'autre-secret-456'); // the upsert path
      await setConfig(t.db, admin, 'MaxAttachmentMB', '10');
      await setConfig(t.db, admin, 'OAuthCallbackPort', '8765'); // not seeded: the insert path
      const list = await listConfig(t.db, admin);
      expect(list.find((e) => e.key === 'GmailClientSecret')).toMatchObject({
        display: MASK,
        secret: true,
        isSet: true,
        updatedBy: 'admin',
      });
      expect(list.find((e) => e.key === 'MaxAttachmentMB')).toMatchObject({ display: '10', isSet: true });
      expect(await readConfig(t.db, 'GmailClientSecret')).toBe('autre-secret-456');
      expect(await readConfig(t.db, 'OAuthCallbackPort')).toBe('8765');
      expect(await t.db('config').count({ n: '*' }).first()).toMatchObject({ n: expect.anything() });
      const raw = JSON.stringify(await t.db('config').select()) + JSON.stringify(await t.db('audit_log').select());
      expect(raw).not.toContain('tres-secret-123');
      expect(raw).not.toContain('autre-secret-456');
      const cli = await runCli(t, 'admin', ['config', 'get', 'GmailClientSecret']);
      expect(cli.code).toBe(0);
      expect(cli.out).not.toContain('autre-secret');
      await expect(setConfig(t.db, await t.actor('support'), 'MaxAttachmentMB', '5')).rejects.toBeInstanceOf(ForbiddenError);
    });

    it('lists the audit trail newest first, with numeric ids', async () => {
      const admin = await t.actor('admin');
      await setPassword(t.db, admin, 'sroy', 'mot-de-passe-9');
      const u = (await loadUser(t.db, 'sroy'))!;
      await updateUser(t.db, admin, 'sroy', { contact: 'Réception' }, u.row_version);
      await createUser(t.db, admin, { code: 'auditee', name: 'Audité', default_company: 'QC', companies: ['QC'] });
      const rows = await listAudit(t.db, admin);
      expect(rows[0]).toMatchObject({ action: 'create', entityKey: 'auditee', actor: 'admin' });
      expect(rows.find((r) => r.entityKey === 'sroy' && r.field === 'contact')).toMatchObject({ old: '', new: 'Réception' });
      expect(rows.find((r) => r.action === 'password')).toMatchObject({ old: MASK, new: MASK });
      expect(rows.every((r) => typeof r.id === 'number')).toBe(true);
      expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((a, b) => b - a));
      expect(JSON.stringify(await t.db('audit_log').select())).not.toContain('scrypt$');
      const cli = await runCli(t, 'admin', ['audit', 'list', '--json']);
      expect(JSON.parse(cli.out).length).toBe(rows.length);
      expect((await runCli(t, 'jtremblay', ['audit', 'list'])).err).toContain('Droit insuffisant');
    });

    it('companies: case-insensitive codes and optimistic locking', async () => {
      const admin = await t.actor('admin');
      const c = await createCompany(t.db, admin, { code: 'gat', name: 'Gatineau inc.' });
      expect(c).toMatchObject({ code: 'GAT', row_version: 1 });
      expect((await getCompany(t.db, 'Gat')).name).toBe('Gatineau inc.');
      await expect(createCompany(t.db, admin, { code: 'GaT', name: 'Autre' })).rejects.toBeInstanceOf(ValidationError);
      await updateCompany(t.db, admin, 'gat', { city: 'Gatineau' }, 1);
      await expect(updateCompany(t.db, admin, 'gat', { city: 'Hull' }, 1)).rejects.toBeInstanceOf(ConflictError);
      // Longer than the column: a form error, not the server's "value too long".
      const long = (await createCompany(t.db, admin, {
        code: 'LNG',
        name: 'N'.repeat(101),
        address: 'A'.repeat(201),
        city: 'Ville',
        phone: '5'.repeat(31),
      }).catch((e) => e)) as ValidationError;
      expect(long).toBeInstanceOf(ValidationError);
      expect(long.fields).toEqual({
        company_name: { key: 'validation.tooLong', params: { max: 100 } },
        address: { key: 'validation.tooLong', params: { max: 200 } },
        phone: { key: 'validation.tooLong', params: { max: 30 } },
      });
      await expect(updateCompany(t.db, admin, 'gat', { city: 'C'.repeat(101) }, 2)).rejects.toBeInstanceOf(ValidationError);
      const full = await createCompany(t.db, admin, {
        code: 'FULL',
        name: 'N'.repeat(100),
        address: 'A'.repeat(200),
        city: 'C'.repeat(100),
        phone: '5'.repeat(30),
      });
      expect(full.phone).toHaveLength(30);
    });
  });

  describe('mail', () => {
    it('stores Gmail links (upsert), preferences, outbox rows and alerts', async () => {
      const me = await t.actor('jtremblay');
      expect(await readLink(t.db, me.id)).toBeNull();
      await saveLink(t.db, me.id, {
        address: 'julie@gmail.com',
        scopes: ['openid', 'email'],
        refreshToken: 'rt-1',
        accessToken: 'at-1',
        expiryDate: Date.now() + 3600_000,
      });
      const again = await saveLink(t.db, me.id, { address: 'julie2@gmail.com', scopes: ['email'], refreshToken: 'rt-2' });
      expect(again).toMatchObject({ address: 'julie2@gmail.com', scopes: ['email'], status: 'linked', lastError: null });
      expect(await readTokens(t.db, me.id)).toEqual({ refreshToken: 'rt-2', accessToken: null, expiryDate: null });
      await markNeedsRelink(t.db, me.id);
      expect((await readLink(t.db, me.id))!.status).toBe('needs_relink');

      const admin = await t.actor('admin');
      const prefs = await getPreferences(t.db, me);
      expect(prefs).toMatchObject({ mailType: 'aucun', gmailOffered: false, rowVersion: 1 });
      await setConfig(t.db, admin, 'UserMaintenanceShowFields', 'gmail');
      const p2 = await setMailType(t.db, me, 'jtremblay', 'gmail', prefs.rowVersion);
      expect(p2).toMatchObject({ mailType: 'gmail', rowVersion: 2 });
      await expect(setMailType(t.db, me, 'jtremblay', 'aucun', prefs.rowVersion)).rejects.toBeInstanceOf(ConflictError);

      const claim = newClaim();
      const id1 = await insertMail(t.db, mail(me.id, 'Premier'), claim);
      const id2 = await insertMail(t.db, mail(me.id, 'Deuxième'), claim);
      const id3 = await insertMail(t.db, mail(me.id, 'Troisième'), claim);
      expect(typeof id1).toBe('number');
      expect(id2).toBe(id1 + 1);
      expect(await markSending(t.db, id1, claim)).toBe(true);
      expect(await markSending(t.db, id1, claim)).toBe(true);
      expect(await markSent(t.db, id1, 'gmail-1')).toBe(true);
      // A sent row is never written again.
      expect(await markSent(t.db, id1, 'gmail-2')).toBe(false);
      expect(await markEnded(t.db, id1, claim, 'failed', new AppError('gmail.needsRelink'))).toBe(false);
      expect(await markEnded(t.db, id2, claim, 'failed', new AppError('gmail.needsRelink'))).toBe(true);
      expect(await markEnded(t.db, id3, claim, 'uncertain', new AppError('mail.uncertain', { reason: 'HTTP 500' }))).toBe(true);
      await insertMail(t.db, mail(admin.id, 'Autre'), claim);
      release(claim);

      const mine = await listOutbox(t.db, me);
      expect(mine.map((e) => [e.id, e.status, e.retry])).toEqual([
        [id3, 'uncertain', 'force'],
        [id2, 'failed', 'retry'],
        [id1, 'sent', 'no'],
      ]);
      expect(mine[2]).toMatchObject({
        attempts: 2,
        gmailId: 'gmail-1',
        attachmentSize: 3_000_000_000,
        to: ['dest@example.com', 'autre@example.com'],
        user: 'jtremblay',
        userName: 'Julie Tremblay',
      });
      expect(mine[1]).toMatchObject({ errorKey: 'gmail.needsRelink' });
      expect(await getOutboxEntry(t.db, me, id2)).toMatchObject({ id: id2, retry: 'retry', attachmentSize: 3_000_000_000 });
      expect(await listOutbox(t.db, me, { status: 'sent' })).toHaveLength(1);
      await expect(listOutbox(t.db, me, { all: true })).rejects.toBeInstanceOf(ForbiddenError);
      expect(await listOutbox(t.db, admin, { all: true })).toHaveLength(4);

      // Alerts count an uncertain mail once it is older than a minute (not one being sent now).
      await t
        .db('outbox')
        .where({ id: id3 })
        .update({ created_at: new Date(Date.now() - 120_000).toISOString() });
      expect(await pendingAlerts(t.db, me)).toEqual(
        expect.arrayContaining([
          { key: 'alert.gmailRelink', params: { address: 'julie2@gmail.com' } },
          { key: 'alert.mailFailed', params: { count: 1 } },
          { key: 'alert.mailUncertain', params: { count: 1 } },
        ]),
      );

      const cli = await runCli(t, 'jtremblay', ['outbox', 'list', '--json']);
      expect(cli.code).toBe(0);
      expect(JSON.parse(cli.out)).toHaveLength(3);
    });

    it('sends a report through the Gmail simulator; deactivating the user revokes the link', async () => {
      const sim = await startGoogleSimulator({ dataDir: t.dir });
      try {
        google = simGoogle(sim, t.dir);
        const me = await t.actor('jtremblay');
        const a = await startLink(t.db, me, { google });
        expect((await openRedirect(await approveConsent(a.url))).status).toBe(200);
        await a.result;
        expect(await linkInfo(t.db, me)).toMatchObject({ address: 'jtremblay@mtl.example.com', status: 'linked' });
        await t.db('user_preferences').where({ user_id: me.id }).update({ mail_type: 'gmail' });
        const r = await sendReport(t.db, me, {
          google,
          code: 'USR01',
          to: ['destinataire@example.com'],
          tuning: { attempts: 3, baseDelayMs: 5, maxBackoffMs: 50 },
        });
        expect(sim.received()).toHaveLength(1);
        expect(r).toMatchObject({ gmailId: sim.received()[0]!.id, attempts: 1 });
        const [entry] = await listOutbox(t.db, me);
        expect(entry).toMatchObject({
          id: r.outboxId,
          status: 'sent',
          attempts: 1,
          attachmentSize: r.size,
          gmailId: r.gmailId,
          retry: 'no',
        });
        const admin = await t.actor('admin');
        const u = (await loadUser(t.db, 'jtremblay'))!;
        await updateUser(t.db, admin, 'jtremblay', { active: false }, u.row_version, { google });
        expect((await readLink(t.db, me.id))!.status).toBe('revoked');
        expect(await readTokens(t.db, me.id)).toEqual({ refreshToken: null, accessToken: null, expiryDate: null });
      } finally {
        await sim.close();
        await stopSandboxSimulators();
      }
    });

    it('revokes the links of users no longer active or expired (boolean columns)', async () => {
      const ids = Object.fromEntries(
        await Promise.all(['vouellet', 'dlevesque', 'sroy'].map(async (c) => [c, (await t.actor(c)).id] as const)),
      );
      for (const id of Object.values(ids)) await saveLink(t.db, id, { address: `u${id}@gmail.com`, scopes: ['email'], refreshToken: 'rt' });
      // No refresh token left: nothing to revoke at Google (no network), the row is just closed.
      await t.db('mail_accounts').update({ refresh_token_enc: null });
      expect(await revokeLinksOfBarredUsers(t.db, google)).toBe(2);
      expect((await readLink(t.db, ids.vouellet!))!.status).toBe('revoked');
      expect((await readLink(t.db, ids.dlevesque!))!.status).toBe('revoked');
      expect((await readLink(t.db, ids.sroy!))!.status).toBe('linked');
      await clearTokens(t.db, ids.sroy!);
      expect(await revokeLinksOfBarredUsers(t.db, google)).toBe(0);
    });
  });

  describe('reports', () => {
    it('renders USR01, USR02 and MAIL01 from the database', async () => {
      const admin = await t.actor('admin');
      await createUser(t.db, admin, {
        code: 'zlevesque',
        name: 'Zoé Lévesque-Côté',
        email: 'zoe@mtl.example.com',
        default_company: 'MTL',
        companies: ['MTL'],
      });
      const usr01 = await renderToBuffer(admin, 'USR01');
      expect(usr01.r).toMatchObject({ code: 'USR01', company: 'DOC', pages: 2 });
      expect(usr01.text).toMatch(/zlevesque {2}Zoé Lévesque-Côté {2}zoe@mtl\.example\.com {2}Oui {2}MTL {2}Français/);
      expect(usr01.text).toMatch(/vouellet {2}Valérie Ouellet .* {2}Non {2}SHER/);
      expect(usr01.text).toContain('Imprimé par Administrateur système  Page 1 de 2');

      const usr02 = await renderToBuffer(admin, 'USR02');
      expect(usr02.text).toContain('jtremblay  Julie Tremblay  Rapports › Liste des utilisateurs  Lecture');
      expect(usr02.text).toContain('admin  Administrateur système  Gestion de système › Maintenance › Utilisateurs  Modification');
      expect(usr02.r.pages).toBe(1);

      const usr03 = await renderToBuffer(admin, 'USR03');
      expect(usr03.text).toMatch(/sroy {2}Sophie Roy {2}Lundi {2}07:00–18:00/);
      expect(usr03.text).toMatch(/jtremblay {2}Julie Tremblay {2}sans restriction/);
      const cie01 = await renderToBuffer(admin, 'CIE01');
      expect(cie01.text).toContain('SHER  Béton Sherbrooke  3100, rue King Ouest  Sherbrooke  819 555-0123');

      const me = await t.actor('jtremblay');
      const claim = newClaim();
      await insertMail(t.db, mail(me.id, 'Rapport du lundi'), claim);
      await insertMail(t.db, mail(admin.id, 'Rapport admin'), claim);
      const mail01 = await renderToBuffer(admin, 'MAIL01');
      expect(mail01.text).toMatch(/jtremblay {2}dest@example\.com, autre@example\.com {2}Rapport du lundi {2}USR01 {2}En attente {2}0$/m);
      expect(mail01.text).toContain('Rapport admin');
      // Without courriels.journal the report shows only one's own mails.
      await setUserRights(t.db, admin, 'jtremblay', { [reportFunction('MAIL01')]: 'lecture' });
      const own = await renderToBuffer(await t.actor('jtremblay'), 'MAIL01');
      expect(own.text).toContain('Rapport du lundi');
      expect(own.text).not.toContain('Rapport admin');
      await expect(renderToBuffer(await t.actor('sroy'), 'USR02')).rejects.toBeInstanceOf(ForbiddenError);
    });
  });

  describe('connection', () => {
    it('a refused connection is an error for the caller, never a line printed over the screen', async () => {
      const spies = (['log', 'warn', 'error'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => undefined));
      try {
        const url = new URL(PG_URL);
        url.password = 'wrong-password';
        await expect(openDb(url.toString())).rejects.toMatchObject({ key: 'errors.dbAuth' });
        for (const spy of spies) expect(spy).not.toHaveBeenCalled();
      } finally {
        for (const spy of spies) spy.mockRestore();
      }
    });
  });

  describe('migrations', () => {
    it('rolls every migration back (down) and applies them again', async () => {
      const { applied, pending } = await migrationStatus(t.db);
      expect(pending).toEqual([]);
      expect(applied.slice(0, 2)).toEqual(['20261128000001_core', '20261128000002_mail']);
      await rollbackAll(t.db);
      for (const table of ['users', 'companies', 'outbox', 'mail_accounts', 'audit_log', 'config'])
        expect(await t.db.schema.hasTable(table)).toBe(false);
      expect((await migrationStatus(t.db)).applied).toEqual([]);
      expect(await migrateLatest(t.db)).toEqual(applied);
      expect(await userCount(t.db)).toBe(0);
    });

    it('first run without demo data: one administrator with every right', async () => {
      await rollbackAll(t.db);
      await migrateLatest(t.db);
      await createFirstAdministrator(t.db, 'Admin-2026!');
      expect(await userCount(t.db)).toBe(1);
      const session = await login(t.db, 'admin', 'Admin-2026!');
      expect(session.user).toMatchObject({ code: 'admin', default_company: 'PRX', companies: ['PRX'] });
      expect((await listUsers(t.db, session.actor)).rows.map((r) => r.code)).toEqual(['admin']);
    });
  });
});
