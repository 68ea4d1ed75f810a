import type { Db } from './db.js';
import { audit, diff } from './audit.js';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from './errors.js';
import { FUNCTIONS, requireRight, type Actor } from './rights.js';
import { hasVisibleCharacter, textProblem } from './terminalText.js';
import { nowIso } from './time.js';

export interface Company {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly address: string;
  readonly city: string;
  readonly phone: string;
  readonly row_version: number;
}

export interface CompanyInput {
  code?: string;
  name?: string;
  address?: string;
  city?: string;
  phone?: string;
}

const COLUMNS = ['id', 'code', 'name', 'address', 'city', 'phone', 'row_version'] as const;

/** Every company, for pickers (Compagnies permises, Compagnie par défaut). No right needed. */
export async function allCompanies(db: Db): Promise<Company[]> {
  return (await db('companies').select(COLUMNS).orderBy('code')) as Company[];
}

export async function listCompanies(db: Db, actor: Actor): Promise<Company[]> {
  await requireRight(db, actor, FUNCTIONS.companies, 'lecture');
  return allCompanies(db);
}

export async function getCompany(db: Db, code: string): Promise<Company> {
  const row = (await db('companies').whereRaw('upper(code) = ?', [code.toUpperCase()]).first(COLUMNS)) as Company | undefined;
  if (!row) throw new NotFoundError('entity.company', code);
  return row;
}

function validate(input: CompanyInput, creating: boolean): Record<string, FieldError> {
  const errors: Record<string, FieldError> = {};
  if (creating) {
    const code = (input.code ?? '').trim();
    if (!/^[A-Za-z0-9_-]{1,8}$/.test(code)) errors.company_code = { key: 'validation.companyCode' };
  }
  // No control character in any field (tab aside), valid UTF-8; a name shows something.
  for (const [field, key] of [
    ['code', 'company_code'],
    ['name', 'company_name'],
    ['address', 'address'],
    ['city', 'city'],
    ['phone', 'phone'],
  ] as const) {
    const problem = input[field] === undefined ? null : textProblem(input[field]!);
    if (problem) errors[key] = problem;
  }
  if ((input.name !== undefined || creating) && !errors.company_name) {
    if (!hasVisibleCharacter(input.name ?? '')) errors.company_name = { key: 'validation.required' };
  }
  // The column sizes (PostgreSQL enforces them; SQLite would store anything).
  for (const [field, max, key] of [
    ['name', 100, 'company_name'],
    ['address', 200, 'address'],
    ['city', 100, 'city'],
    ['phone', 30, 'phone'],
  ] as const) {
    if ((input[field]?.trim().length ?? 0) > max && !errors[key]) errors[key] = { key: 'validation.tooLong', params: { max } };
  }
  return errors;
}

export async function createCompany(db: Db, actor: Actor, input: CompanyInput): Promise<Company> {
  await requireRight(db, actor, FUNCTIONS.companies, 'modification');
  const errors = validate(input, true);
  const code = (input.code ?? '').trim().toUpperCase();
  if (!errors.company_code) {
    const exists = await db('companies').whereRaw('upper(code) = ?', [code]).first('id');
    if (exists) errors.company_code = { key: 'validation.codeTaken', params: { code } };
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const ts = nowIso();
  await db.transaction(async (trx) => {
    await trx('companies').insert({
      code,
      name: input.name!.trim(),
      address: input.address?.trim() ?? '',
      city: input.city?.trim() ?? '',
      phone: input.phone?.trim() ?? '',
      created_at: ts,
      updated_at: ts,
    });
    await audit(trx, actor, 'create', 'company', code);
  });
  return getCompany(db, code);
}

export async function updateCompany(db: Db, actor: Actor, code: string, input: CompanyInput, expectedVersion: number): Promise<Company> {
  await requireRight(db, actor, FUNCTIONS.companies, 'modification');
  const before = await getCompany(db, code);
  const errors = validate(input, false);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const patch: Record<string, string> = {};
  for (const k of ['name', 'address', 'city', 'phone'] as const) if (input[k] !== undefined) patch[k] = input[k]!.trim();
  return db.transaction(async (trx) => {
    const n = await trx('companies')
      .where({ id: before.id, row_version: expectedVersion })
      .update({ ...patch, row_version: expectedVersion + 1, updated_at: nowIso() });
    if (n === 0) throw new ConflictError('entity.company', before.code);
    const after = await getCompany(trx, code);
    await audit(trx, actor, 'update', 'company', before.code, diff({ ...before }, { ...after }, ['name', 'address', 'city', 'phone']));
    return after;
  });
}
