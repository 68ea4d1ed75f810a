import type { Db } from './db.js';
import { bool } from './db.js';
import { audit, diff } from './audit.js';
import { hashPassword, verifyPassword } from './crypto.js';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from './errors.js';
import { parseDate } from './i18n/index.js';
import { FUNCTIONS, requireRight, type Actor } from './rights.js';
import { nowIso } from './time.js';
import { normalizeSearch, userSearchText } from './search.js';
import { BOOL_FIELDS, CRM_SCALES, LANGUAGES, OFFICE_VERSIONS, USER_FIELDS } from './userFields.js';

export interface UserRecord {
  id: number;
  code: string;
  name: string;
  email: string;
  active: boolean;
  never_expires: boolean;
  auto_trace: boolean;
  name_on_report: boolean;
  task_assignment: boolean;
  show_all_planned_wo: boolean;
  show_prextra_news: boolean;
  approve_eft: boolean;
  login_alert: boolean;
  hide_in_reminders: boolean;
  developer: boolean;
  expiry_date: string | null;
  session_timeout_min: number;
  page_lines: number;
  crm_calendar_scale: string;
  contact: string;
  office_version: string;
  /** Company code. */
  default_company: string | null;
  language: 'fr' | 'en';
  customer_no: string;
  signature: string;
  /** Compagnies permises: company codes. */
  companies: string[];
  has_password: boolean;
  locked_until: string | null;
  row_version: number;
  created_at: string;
  updated_at: string;
}

/** What a form or `users set` may change. Values are typed; the CLI parses text first. */
export type UserInput = Partial<Omit<UserRecord, 'id' | 'has_password' | 'locked_until' | 'row_version' | 'created_at' | 'updated_at'>>;

export interface UserListRow {
  readonly code: string;
  readonly name: string;
  readonly email: string;
  readonly active: boolean;
  readonly default_company: string | null;
  readonly language: 'fr' | 'en';
}

export interface UserPage {
  readonly rows: UserListRow[];
  readonly total: number;
}

const EDITABLE = USER_FIELDS.map((f) => f.name);
const AUDITED = [...EDITABLE, 'companies'];

/** The defaults of a new user in the original: Actif, N'expire jamais, 60 min, 30 lines, Français. */
export function newUserDefaults(companyCode: string | null): UserInput {
  return {
    code: '',
    name: '',
    email: '',
    active: true,
    never_expires: true,
    auto_trace: false,
    name_on_report: false,
    task_assignment: false,
    show_all_planned_wo: false,
    show_prextra_news: false,
    approve_eft: false,
    login_alert: false,
    hide_in_reminders: false,
    developer: false,
    expiry_date: null,
    session_timeout_min: 60,
    page_lines: 30,
    crm_calendar_scale: '',
    contact: '',
    office_version: '',
    default_company: companyCode,
    language: 'fr',
    customer_no: '',
    signature: '',
    companies: companyCode ? [companyCode] : [],
  };
}

const EMAIL_RE = /^[^\s@<>(),;:"\\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function isValidEmail(s: string): boolean {
  return s.length <= 254 && EMAIL_RE.test(s);
}

export const USER_CODE_RE = /^[A-Za-z0-9_.-]{1,10}$/;

function rowToRecord(row: Record<string, unknown>, companyCode: string | null, companies: string[]): UserRecord {
  const rec: Record<string, unknown> = { ...row };
  for (const b of BOOL_FIELDS) rec[b] = bool(row[b]);
  delete rec.password_hash;
  delete rec.code_key;
  delete rec.search_text;
  delete rec.default_company_id;
  delete rec.failed_logins;
  delete rec.last_login_at;
  rec.default_company = companyCode;
  rec.companies = companies;
  rec.has_password = !!row.password_hash;
  rec.session_timeout_min = Number(row.session_timeout_min);
  rec.page_lines = Number(row.page_lines);
  return rec as unknown as UserRecord;
}

/** Reads one user, with no right check: used by auth and by the services themselves. */
export async function loadUser(db: Db, code: string): Promise<UserRecord | null> {
  const row = await db('users').where({ code_key: code.trim().toLowerCase() }).first();
  if (!row) return null;
  return hydrate(db, row);
}

export async function loadUserById(db: Db, id: number): Promise<UserRecord | null> {
  const row = await db('users').where({ id }).first();
  return row ? hydrate(db, row) : null;
}

async function hydrate(db: Db, row: Record<string, unknown>): Promise<UserRecord> {
  const comps = await db('user_companies as uc')
    .join('companies as c', 'c.id', 'uc.company_id')
    .where('uc.user_id', row.id as number)
    .orderBy('c.code')
    .select('c.code');
  let def: string | null = null;
  if (row.default_company_id != null) {
    const c = await db('companies')
      .where({ id: row.default_company_id as number })
      .first('code');
    def = (c?.code as string | undefined) ?? null;
  }
  return rowToRecord(
    row,
    def,
    comps.map((c) => c.code as string),
  );
}

export async function getUser(db: Db, actor: Actor, code: string): Promise<UserRecord> {
  if (code.trim().toLowerCase() !== actor.code.toLowerCase()) await requireRight(db, actor, FUNCTIONS.users, 'lecture');
  const u = await loadUser(db, code);
  if (!u) throw new NotFoundError('@entity.user', code);
  return u;
}

export interface ListOptions {
  readonly filter?: string;
  readonly offset?: number;
  readonly limit?: number;
}

/**
 * One page of the Utilisateurs list, filtered on code, name or e-mail (case and accents
 * ignored). The page reads the narrow (code_key, search_text) index in list order and
 * stops after `limit` rows; the total is one count over the same index.
 */
export async function listUsers(db: Db, actor: Actor, opts: ListOptions = {}): Promise<UserPage> {
  await requireRight(db, actor, FUNCTIONS.users, 'lecture');
  const f = normalizeSearch((opts.filter ?? '').trim());
  const offset = Math.max(0, opts.offset ?? 0);
  const limit = Math.max(1, opts.limit ?? 30);
  const filtered = (q: ReturnType<Db>) => {
    // Portable LIKE: % and _ typed by the user are literal.
    if (f) q.whereRaw("search_text like ? escape '\\'", [`%${f.replace(/[\\%_]/g, (m) => '\\' + m)}%`]);
    return q;
  };
  const ids = (await filtered(db('users')).select('id').orderBy('code_key').offset(offset).limit(limit)) as Array<{ id: number }>;
  const [{ n }] = (await filtered(db('users')).count({ n: '*' })) as [{ n: number | string }];
  const total = Number(n);
  const rows = ids.length
    ? await db('users as u')
        .leftJoin('companies as c', 'c.id', 'u.default_company_id')
        .whereIn(
          'u.id',
          ids.map((r) => r.id),
        )
        .select('u.code', 'u.name', 'u.email', 'u.active', 'u.language', 'c.code as default_company')
        .orderBy('u.code_key')
    : [];
  return {
    total,
    rows: rows.map((r: Record<string, unknown>) => ({
      code: r.code as string,
      name: r.name as string,
      email: r.email as string,
      active: bool(r.active),
      default_company: (r.default_company as string | null) ?? null,
      language: r.language === 'en' ? 'en' : 'fr',
    })),
  };
}

/** Checks the form; returns the errors by field (empty when valid). */
export async function validateUser(db: Db, input: UserInput, existingId: number | null): Promise<Record<string, FieldError>> {
  const e: Record<string, FieldError> = {};
  if (existingId === null) {
    const code = (input.code ?? '').trim();
    if (!code) e.code = { key: 'validation.required' };
    else if (!USER_CODE_RE.test(code)) e.code = { key: 'validation.userCode' };
    else {
      const taken = await db('users').where({ code_key: code.toLowerCase() }).first('id');
      if (taken) e.code = { key: 'validation.codeTaken', params: { code } };
    }
  }
  if (input.name !== undefined && !input.name.trim()) e.name = { key: 'validation.required' };
  if (input.email !== undefined && input.email.trim() !== '' && !isValidEmail(input.email.trim())) e.email = { key: 'validation.email' };
  if (input.expiry_date !== undefined && input.expiry_date !== null && input.expiry_date !== '' && !parseDate(input.expiry_date))
    e.expiry_date = { key: 'validation.date' };
  if (!input.never_expires && !input.expiry_date && !e.expiry_date) e.expiry_date = { key: 'validation.expiryRequired' };
  const int = (name: 'session_timeout_min' | 'page_lines', min: number, max: number) => {
    const v = input[name];
    if (v === undefined) return;
    if (!Number.isInteger(v) || v < min || v > max) e[name] = { key: 'validation.intRange', params: { min, max } };
  };
  int('session_timeout_min', 1, 1440);
  int('page_lines', 5, 500);
  const opt = (name: 'crm_calendar_scale' | 'office_version' | 'language', allowed: readonly string[]) => {
    const v = input[name];
    if (v !== undefined && !allowed.includes(v))
      e[name] = { key: 'validation.choice', params: { choices: allowed.filter(Boolean).join(', ') } };
  };
  opt('crm_calendar_scale', CRM_SCALES);
  opt('office_version', OFFICE_VERSIONS);
  opt('language', LANGUAGES);
  for (const [name, def] of USER_FIELDS.map((f) => [f.name, f] as const)) {
    const v = (input as Record<string, unknown>)[name];
    if (def.maxLength && typeof v === 'string' && v.length > def.maxLength && !e[name])
      e[name] = { key: 'validation.tooLong', params: { max: def.maxLength } };
  }
  const companies = input.companies ?? [];
  if (input.companies !== undefined || input.default_company !== undefined) {
    const known = new Set((await db('companies').select('code')).map((r) => (r.code as string).toUpperCase()));
    const unknown = companies.filter((c) => !known.has(c.toUpperCase()));
    if (unknown.length) e.companies = { key: 'validation.unknownCompanies', params: { codes: unknown.join(', ') } };
    const def = input.default_company;
    if (!def) e.default_company = { key: 'validation.required' };
    else if (!companies.some((c) => c.toUpperCase() === def.toUpperCase()))
      e.default_company = { key: 'validation.defaultCompanyNotPermitted' };
  }
  return e;
}

function columnsFrom(input: UserInput): Record<string, unknown> {
  const cols: Record<string, unknown> = {};
  for (const f of USER_FIELDS) {
    if (f.name === 'code' || f.name === 'default_company') continue;
    const v = (input as Record<string, unknown>)[f.name];
    if (v === undefined) continue;
    if (f.kind === 'text' || f.kind === 'multiline') cols[f.name] = (v as string).trim();
    else if (f.kind === 'date') cols[f.name] = v ? parseDate(v as string) : null;
    else cols[f.name] = v;
  }
  return cols;
}

async function writeCompanies(db: Db, userId: number, input: UserInput, cols: Record<string, unknown>): Promise<void> {
  if (input.default_company !== undefined) {
    const c = await db('companies')
      .whereRaw('upper(code) = ?', [(input.default_company ?? '').toUpperCase()])
      .first('id');
    cols.default_company_id = (c?.id as number | undefined) ?? null;
  }
  if (input.companies !== undefined) {
    const ids = input.companies.length
      ? await db('companies')
          .whereIn(
            'code',
            input.companies.map((c) => c.toUpperCase()),
          )
          .select('id')
      : [];
    await db('user_companies').where({ user_id: userId }).delete();
    if (ids.length) await db('user_companies').insert(ids.map((r) => ({ user_id: userId, company_id: r.id as number })));
  }
}

export async function createUser(db: Db, actor: Actor | null, input: UserInput, password?: string): Promise<UserRecord> {
  if (actor) await requireRight(db, actor, FUNCTIONS.users, 'modification');
  const full: UserInput = { ...newUserDefaults(null), ...input };
  const errors = await validateUser(db, full, null);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const code = full.code!.trim();
  const ts = nowIso();
  const passwordHash = password ? await hashPassword(password) : null;
  await db.transaction(async (trx) => {
    const cols = columnsFrom(full);
    const [row] = (await trx('users')
      .insert({
        ...cols,
        code,
        code_key: code.toLowerCase(),
        search_text: userSearchText(code, full.name ?? '', full.email ?? ''),
        password_hash: passwordHash,
        created_at: ts,
        updated_at: ts,
      })
      .returning('id')) as Array<{ id: number } | number>;
    const id = typeof row === 'number' ? row : row!.id;
    const extra: Record<string, unknown> = {};
    await writeCompanies(trx, id, full, extra);
    if (Object.keys(extra).length) await trx('users').where({ id }).update(extra);
    await trx('user_preferences').insert({ user_id: id, mail_type: 'aucun', updated_at: ts });
    await audit(trx, actor, 'create', 'user', code);
  });
  return (await loadUser(db, code))!;
}

/**
 * Saves a change to a user. `expectedVersion` is the row version the form was loaded
 * with: if someone saved in between, nothing is written and ConflictError says so.
 */
export async function updateUser(db: Db, actor: Actor, code: string, input: UserInput, expectedVersion: number): Promise<UserRecord> {
  await requireRight(db, actor, FUNCTIONS.users, 'modification');
  const before = await loadUser(db, code);
  if (!before) throw new NotFoundError('@entity.user', code);
  const { code: _ignored, ...changes } = input;
  const merged: UserInput = { ...before, ...changes };
  const errors = await validateUser(db, merged, before.id);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  await db.transaction(async (trx) => {
    const cols = columnsFrom(changes);
    const n = await trx('users')
      .where({ id: before.id, row_version: expectedVersion })
      .update({
        ...cols,
        search_text: userSearchText(before.code, (merged.name ?? '').trim(), (merged.email ?? '').trim()),
        row_version: expectedVersion + 1,
        updated_at: nowIso(),
      });
    if (n === 0) throw new ConflictError('@entity.user', before.code);
    const extra: Record<string, unknown> = {};
    await writeCompanies(trx, before.id, { ...changes, default_company: merged.default_company, companies: merged.companies }, extra);
    if (Object.keys(extra).length) await trx('users').where({ id: before.id }).update(extra);
  });
  const after = (await loadUser(db, code))!;
  if (before.active && !after.active) {
    // Deactivating a user revokes their Gmail link at Google (loaded only when needed).
    const { revokeLinkOfUser } = await import('./gmail/link.js');
    await revokeLinkOfUser(db, after.id, actor);
  }
  const changed = diff(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>, AUDITED);
  if (changed.length) await audit(db, actor, 'update', 'user', before.code, changed);
  return after;
}

/** Sets a password (admin reset, or one's own change). Also clears a lockout. */
export async function setPassword(db: Db, actor: Actor | null, code: string, password: string): Promise<void> {
  const self = actor && actor.code.toLowerCase() === code.trim().toLowerCase();
  if (actor && !self) await requireRight(db, actor, FUNCTIONS.users, 'modification');
  if (password.length < 4) throw new ValidationError({ password: { key: 'validation.passwordShort', params: { min: 4 } } });
  const u = await db('users').where({ code_key: code.trim().toLowerCase() }).first('id', 'code');
  if (!u) throw new NotFoundError('@entity.user', code);
  await db('users')
    .where({ id: u.id })
    .update({ password_hash: await hashPassword(password), failed_logins: 0, locked_until: null, updated_at: nowIso() });
  await audit(db, actor, 'password', 'user', u.code as string, [{ field: 'password', old: '', new: '' }]);
}

/** A user changes their own password: the current one first. */
export async function changeOwnPassword(db: Db, actor: Actor, current: string, next: string): Promise<void> {
  const row = await db('users').where({ id: actor.id }).first('password_hash');
  if (!(await verifyPassword(current, row?.password_hash as string | null)))
    throw new ValidationError({ current_password: { key: 'auth.wrongCurrent' } });
  if (next.length < 8) throw new ValidationError({ password: { key: 'validation.passwordShort', params: { min: 8 } } });
  await setPassword(db, actor, actor.code, next);
}

/** An administrator lifts a lockout (5 wrong passwords). */
export async function unlockUser(db: Db, actor: Actor, code: string): Promise<void> {
  await requireRight(db, actor, FUNCTIONS.users, 'modification');
  const u = await db('users').where({ code_key: code.trim().toLowerCase() }).first('id', 'code');
  if (!u) throw new NotFoundError('@entity.user', code);
  await db('users').where({ id: u.id }).update({ failed_logins: 0, locked_until: null });
  await audit(db, actor, 'unlock', 'user', u.code as string);
}

// ---- Horaire pour connexion à Prextra --------------------------------------------------
export interface ScheduleRange {
  readonly weekday: number; // 1 = Monday … 7 = Sunday
  readonly start: string; // HH:MM
  readonly end: string; // HH:MM (exclusive)
}

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

export async function getSchedule(db: Db, userId: number): Promise<ScheduleRange[]> {
  const rows = await db('user_schedules').where({ user_id: userId }).orderBy(['weekday', 'start_time']);
  return rows.map((r) => ({ weekday: Number(r.weekday), start: r.start_time as string, end: r.end_time as string }));
}

export function validateSchedule(ranges: readonly ScheduleRange[]): Record<string, FieldError> {
  const e: Record<string, FieldError> = {};
  ranges.forEach((r, i) => {
    if (!(r.weekday >= 1 && r.weekday <= 7)) e[`range${i}`] = { key: 'validation.weekday' };
    else if (!TIME_RE.test(r.start) || !TIME_RE.test(r.end)) e[`range${i}`] = { key: 'validation.time' };
    else if (r.start >= r.end) e[`range${i}`] = { key: 'validation.timeOrder' };
  });
  return e;
}

export async function setSchedule(db: Db, actor: Actor, code: string, ranges: readonly ScheduleRange[]): Promise<void> {
  await requireRight(db, actor, FUNCTIONS.users, 'modification');
  const u = await loadUser(db, code);
  if (!u) throw new NotFoundError('@entity.user', code);
  const errors = validateSchedule(ranges);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const before = await getSchedule(db, u.id);
  await db.transaction(async (trx) => {
    await trx('user_schedules').where({ user_id: u.id }).delete();
    if (ranges.length)
      await trx('user_schedules').insert(ranges.map((r) => ({ user_id: u.id, weekday: r.weekday, start_time: r.start, end_time: r.end })));
  });
  const fmt = (rs: readonly ScheduleRange[]) => rs.map((r) => `${r.weekday} ${r.start}-${r.end}`).join('; ');
  if (fmt(before) !== fmt(ranges))
    await audit(db, actor, 'update', 'user', u.code, [{ field: 'schedule', old: fmt(before), new: fmt(ranges) }]);
}

/** True when `at` falls in one of the ranges; no ranges = no restriction. */
export function withinSchedule(ranges: readonly ScheduleRange[], at: Date): boolean {
  if (ranges.length === 0) return true;
  const weekday = ((at.getDay() + 6) % 7) + 1;
  const hhmm = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  return ranges.some((r) => r.weekday === weekday && r.start <= hhmm && hhmm < r.end);
}
