import { describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import path from 'node:path';
import { eachTestDb } from '../helpers/db.js';
import {
  createUser,
  listUsers,
  loadUser,
  updateUser,
  getUser,
  getSchedule,
  setSchedule,
  withinSchedule,
} from '../../src/services/users/index.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../src/services/errors.js';
import { openDb } from '../../src/services/db.js';
import { errorMessage } from '../../src/services/i18n/index.js';
import { setUserRights } from '../../src/services/rights.js';

const t = eachTestDb();

describe('users service on a real SQLite database', () => {
  it('creates the database file with mode 0600 and the demo data', async () => {
    const created = await openDb(path.join(t.dir, 'new.sqlite'), { create: true });
    await created.destroy();
    expect(statSync(path.join(t.dir, 'new.sqlite')).mode & 0o777).toBe(0o600);
    const admin = await t.actor('admin');
    const page = await listUsers(t.db, admin, { limit: 10 });
    expect(page.count.n).toBeGreaterThanOrEqual(30);
    expect(page.rows).toHaveLength(10);
    expect(page.rows[0]!.code).toBe('admin');
  });

  it('filters on code, name or e-mail, case-insensitively, and pages', async () => {
    const admin = await t.actor('admin');
    const byName = await listUsers(t.db, admin, { filter: 'TREMBLAY' });
    expect(byName.rows.map((r) => r.code)).toEqual(['jtremblay']);
    const byMail = await listUsers(t.db, admin, { filter: '@qc.example' });
    expect(byMail.count.n).toBeGreaterThan(3);
    expect(byMail.rows.every((r) => r.email.includes('@qc.example'))).toBe(true);
    const p1 = await listUsers(t.db, admin, { limit: 5 });
    const p2 = await listUsers(t.db, admin, { after: p1.rows.at(-1)!.position, limit: 5 });
    const all = await listUsers(t.db, admin, { limit: 10 });
    expect(p2.rows.map((r) => r.code)).toEqual(all.rows.slice(5, 10).map((r) => r.code));
    expect(await listUsers(t.db, admin, { before: p2.rows[0]!.position, limit: 5 })).toEqual({ ...p1, hasAfter: true });
    const literal = await listUsers(t.db, admin, { filter: '%' });
    expect(literal.count.n).toBe(0);
    // Accents and case ignored, both ways.
    expect((await listUsers(t.db, admin, { filter: 'emilie' })).rows.map((r) => r.name)).toEqual(['Émilie Paquette']);
    expect((await listUsers(t.db, admin, { filter: 'CÔTE' })).rows.map((r) => r.code)).toEqual(['pcote']);
    // A renamed user is found by the new name only.
    const u = await getUser(t.db, admin, 'pcote');
    await updateUser(t.db, admin, 'pcote', { name: 'Pierre Dufour' }, u.row_version);
    expect((await listUsers(t.db, admin, { filter: 'dufour' })).count.n).toBe(1);
    expect((await listUsers(t.db, admin, { filter: 'pierre côté' })).count.n).toBe(0);
    // Past the last row: no rows, the count still right.
    const last = await listUsers(t.db, admin, { filter: 'example', last: true, limit: 10 });
    expect(last).toMatchObject({ count: { n: 33, atLeast: false }, hasBefore: true, hasAfter: false });
    expect(await listUsers(t.db, admin, { filter: 'example', after: last.rows.at(-1)!.position, limit: 10 })).toMatchObject({
      rows: [],
      count: { n: 33, atLeast: false },
      hasAfter: false,
    });
  });

  it('creates a user with the original defaults and refuses invalid fields, saving nothing', async () => {
    const admin = await t.actor('admin');
    const u = await createUser(t.db, admin, { code: 'nouveau', name: 'Nouvel Employé', default_company: 'MTL', companies: ['MTL'] });
    expect(u).toMatchObject({
      active: true,
      never_expires: true,
      session_timeout_min: 60,
      page_lines: 30,
      language: 'fr',
      default_company: 'MTL',
      has_password: false,
    });

    const bad = createUser(t.db, admin, {
      code: 'trop-long-code',
      name: ' ',
      email: 'pas-une-adresse',
      never_expires: false,
      expiry_date: null,
      session_timeout_min: 0,
      page_lines: 501,
      default_company: 'QC',
      companies: ['MTL'],
    });
    await expect(bad).rejects.toBeInstanceOf(ValidationError);
    const err = (await bad.catch((e) => e)) as ValidationError;
    expect(Object.keys(err.fields).sort()).toEqual(
      ['code', 'default_company', 'email', 'expiry_date', 'name', 'page_lines', 'session_timeout_min'].sort(),
    );
    expect(await loadUser(t.db, 'trop-long-code')).toBeNull();
  });

  it('refuses a duplicate code whatever its case', async () => {
    const admin = await t.actor('admin');
    const e = await createUser(t.db, admin, { code: 'JTremblay', name: 'X', default_company: 'MTL', companies: ['MTL'] }).catch((x) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect(errorMessage(e, 'fr')).toContain('existe déjà');
  });

  it('refuses a save over a newer change (optimistic locking) and keeps the newer data', async () => {
    const admin = await t.actor('admin');
    const loaded = await getUser(t.db, admin, 'sroy');
    await updateUser(t.db, admin, 'sroy', { contact: 'premier' }, loaded.row_version);
    const stale = await updateUser(t.db, admin, 'sroy', { contact: 'second' }, loaded.row_version).catch((x) => x);
    expect(stale).toBeInstanceOf(ConflictError);
    expect(errorMessage(stale, 'fr')).toMatch(/modifié par quelqu’un d’autre/);
    expect((await loadUser(t.db, 'sroy'))!.contact).toBe('premier');
  });

  it('writes an audit row for each changed field', async () => {
    const admin = await t.actor('admin');
    const u = await getUser(t.db, admin, 'pcote');
    await updateUser(t.db, admin, 'pcote', { name: 'Pierre Côté-Roy', page_lines: 40 }, u.row_version);
    const rows = await t.db('audit_log').where({ entity: 'user', entity_key: 'pcote', action: 'update' });
    expect(rows.map((r) => [r.field, r.old_value, r.new_value])).toEqual(
      expect.arrayContaining([
        ['name', 'Pierre Côté', 'Pierre Côté-Roy'],
        ['page_lines', '30', '40'],
      ]),
    );
  });

  it('refuses users without the right, and allows reading oneself', async () => {
    const clerk = await t.actor('jtremblay');
    await expect(listUsers(t.db, clerk)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await getUser(t.db, clerk, 'jtremblay')).name).toBe('Julie Tremblay');
    const admin = await t.actor('admin');
    await setUserRights(t.db, admin, 'jtremblay', { 'systeme.maintenance.utilisateurs': 'lecture' });
    expect((await listUsers(t.db, clerk)).count.n).toBeGreaterThan(30);
    const u = await getUser(t.db, clerk, 'sroy');
    await expect(updateUser(t.db, clerk, 'sroy', { contact: 'x' }, u.row_version)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('stores login schedules, reads them back, and evaluates the stored ranges', async () => {
    const admin = await t.actor('admin');
    const id = (await loadUser(t.db, 'ibouchard'))!.id;
    expect(await getSchedule(t.db, id)).toEqual([]);
    await setSchedule(t.db, admin, 'ibouchard', [
      { weekday: 3, start: '09:00', end: '10:00' },
      { weekday: 1, start: '13:00', end: '17:00' },
      { weekday: 1, start: '08:00', end: '12:00' },
    ]);
    const stored = await getSchedule(t.db, id);
    expect(stored).toEqual([
      { weekday: 1, start: '08:00', end: '12:00' },
      { weekday: 1, start: '13:00', end: '17:00' },
      { weekday: 3, start: '09:00', end: '10:00' },
    ]);
    // Monday 23 November 2026, local time; the end of a range is excluded.
    const at = (day: number, h: number, m = 0) => new Date(2026, 10, day, h, m);
    expect(withinSchedule(stored, at(23, 10))).toBe(true);
    expect(withinSchedule(stored, at(23, 12, 30))).toBe(false);
    expect(withinSchedule(stored, at(23, 13))).toBe(true);
    expect(withinSchedule(stored, at(23, 17))).toBe(false);
    expect(withinSchedule(stored, at(24, 10))).toBe(false);
    expect(withinSchedule(stored, at(25, 9, 59))).toBe(true);

    // A range that ends before it starts is refused, and the stored schedule stays.
    await expect(setSchedule(t.db, admin, 'ibouchard', [{ weekday: 1, start: '12:00', end: '08:00' }])).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await getSchedule(t.db, id)).toEqual(stored);

    // No range: no restriction.
    await setSchedule(t.db, admin, 'ibouchard', []);
    expect(await getSchedule(t.db, id)).toEqual([]);
    expect(withinSchedule(await getSchedule(t.db, id), at(24, 3))).toBe(true);
  });
});
