import type { Db } from '../db.js';
import type { Google } from '../gmail/googleClient.js';
import { bool, writeTransaction } from '../db.js';
import { audit, diff } from '../audit.js';
import { hashPassword, passwordCostOf } from '../crypto.js';
import { AccessRuleError, ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { parseIsoDate } from '../i18n/index.js';
import { FUNCTIONS, rightInWords, isLastRightsHolder, requireNotOutranked, requireRight, type Actor } from '../rights.js';
import { nowIso } from '../time.js';
import { userNameKey, userSearchText } from '../search.js';
import { BOOL_FIELDS, USER_FIELDS } from '../userFields.js';
import { requirePasswordPolicy } from './credentials.js';
import { validateUser } from './validation.js';

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

function rowToRecord(row: Record<string, unknown>, companyCode: string | null, companies: string[]): UserRecord {
  const rec: Record<string, unknown> = { ...row };
  for (const b of BOOL_FIELDS) rec[b] = bool(row[b]);
  delete rec.password_hash;
  delete rec.code_key;
  delete rec.search_text;
  delete rec.name_key;
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
  if (!u) throw new NotFoundError('entity.user', code);
  return u;
}

function columnsFrom(input: UserInput): Record<string, unknown> {
  const cols: Record<string, unknown> = {};
  for (const f of USER_FIELDS) {
    if (f.name === 'code' || f.name === 'default_company') continue;
    const v = (input as Record<string, unknown>)[f.name];
    if (v === undefined) continue;
    if (f.kind === 'text' || f.kind === 'multiline') cols[f.name] = (v as string).trim();
    else if (f.kind === 'date') cols[f.name] = v ? parseIsoDate(v as string) : null;
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
  if (password !== undefined) requirePasswordPolicy(password, { code, name: full.name ?? '' });
  const ts = nowIso();
  const passwordHash = password ? await hashPassword(password, passwordCostOf(db)) : null;
  // Run again if another program holds the database (db.ts): the code taken meanwhile then says so.
  await writeTransaction(db, async (trx) => {
    const cols = columnsFrom(full);
    const [row] = (await trx('users')
      .insert({
        ...cols,
        code,
        code_key: code.toLowerCase(),
        search_text: userSearchText(code, full.name ?? '', full.email ?? ''),
        name_key: userNameKey(full.name ?? ''),
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

// What decides whether and when a user may log in: guarded by requireNotOutranked.
const ACCESS_FIELDS = ['active', 'never_expires', 'expiry_date', 'companies', 'default_company'] as const;

/**
 * The rules on who may change whose access (see rights.ts): a user holding more rights
 * than the actor keeps their Actif, expiry and companies; nobody deactivates themselves;
 * the last active holder of the rights right is neither deactivated nor given an expiry.
 */
async function requireMayChangeAccess(db: Db, actor: Actor, before: UserRecord, after: UserInput): Promise<void> {
  const same = (a: unknown, b: unknown) => (Array.isArray(a) && Array.isArray(b) ? a.join('\u0000') === b.join('\u0000') : a === b);
  const changed = ACCESS_FIELDS.filter((f) => !same(before[f], after[f]));
  if (changed.length === 0) return;
  await requireNotOutranked(db, actor, before);
  const deactivated = before.active && after.active === false;
  if (deactivated && before.id === actor.id) throw new AccessRuleError('access.selfDeactivation');
  const expiring = !after.never_expires && (changed.includes('never_expires') || changed.includes('expiry_date'));
  if ((deactivated || expiring) && (await isLastRightsHolder(db, before.id)))
    throw new AccessRuleError('access.lastRightsHolder', { code: before.code, fn: rightInWords(FUNCTIONS.rights).fn });
}

/**
 * Saves a change to a user. `expectedVersion` is the row version the form was loaded
 * with: if someone saved in between, nothing is written and ConflictError says so.
 */
export interface UpdateUserOptions {
  /**
   * How this run reaches Google: deactivating a user revokes their Gmail link there at once.
   * Without it the link is left to revokeLinksOfBarredUsers (every start-up and CLI login).
   */
  readonly google?: Google;
}

export async function updateUser(
  db: Db,
  actor: Actor,
  code: string,
  input: UserInput,
  expectedVersion: number,
  opts: UpdateUserOptions = {},
): Promise<UserRecord> {
  await requireRight(db, actor, FUNCTIONS.users, 'modification');
  const before = await loadUser(db, code);
  if (!before) throw new NotFoundError('entity.user', code);
  const { code: sameCode, ...changes } = input;
  // The code identifies the user everywhere (rights, audit, mails): it never changes.
  if (sameCode !== undefined && sameCode.trim().toLowerCase() !== before.code.toLowerCase())
    throw new ValidationError({ code: { key: 'validation.codeFixed' } });
  const merged: UserInput = { ...before, ...changes };
  const unchanged = new Set(
    Object.keys(merged).filter((k) => (merged as Record<string, unknown>)[k] === (before as unknown as Record<string, unknown>)[k]),
  );
  const errors = await validateUser(db, merged, before.id, unchanged);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  await requireMayChangeAccess(db, actor, before, merged);
  // The change and its audit row are one transaction: both saved, or neither.
  const after = await writeTransaction(db, async (trx) => {
    const cols = columnsFrom(changes);
    const n = await trx('users')
      .where({ id: before.id, row_version: expectedVersion })
      .update({
        ...cols,
        search_text: userSearchText(before.code, (merged.name ?? '').trim(), (merged.email ?? '').trim()),
        name_key: userNameKey((merged.name ?? '').trim()),
        row_version: expectedVersion + 1,
        updated_at: nowIso(),
      });
    if (n === 0) throw new ConflictError('entity.user', before.code);
    const extra: Record<string, unknown> = {};
    await writeCompanies(trx, before.id, { ...changes, default_company: merged.default_company, companies: merged.companies }, extra);
    if (Object.keys(extra).length) await trx('users').where({ id: before.id }).update(extra);
    const saved = (await loadUser(trx, code))!;
    const changed = diff(before as unknown as Record<string, unknown>, saved as unknown as Record<string, unknown>, AUDITED);
    if (changed.length) await audit(trx, actor, 'update', 'user', before.code, changed);
    return saved;
  });
  if (before.active && !after.active && opts.google) {
    // Deactivating a user revokes their Gmail link at Google (loaded only when needed), once
    // the change is saved: no call to Google inside the transaction.
    const { revokeLinkOfUser } = await import('../gmail/link.js');
    await revokeLinkOfUser(db, after.id, actor, opts.google);
  }
  return after;
}
