import type { Db } from '../db.js';
import type { FieldError } from '../errors.js';
import { parseIsoDate } from '../i18n/index.js';
import { CRM_SCALES, LANGUAGES, OFFICE_VERSIONS, USER_FIELDS } from '../userFields.js';
import { hasVisibleCharacter, textProblem } from '../terminalText.js';
import type { UserInput } from './record.js';

const EMAIL_RE =
  /^[^\s@<>(),;:"\\[\]\u0000-\u001f\u007f-\u009f]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function isValidEmail(s: string): boolean {
  return s.length <= 254 && EMAIL_RE.test(s);
}

const USER_CODE_RE = /^[A-Za-z0-9_.-]{1,10}$/;

/**
 * Checks the form; returns the errors by field (empty when valid). `unchanged` names the
 * fields kept as stored: a text saved before a rule existed does not block other changes.
 */
export async function validateUser(
  db: Db,
  input: UserInput,
  existingId: number | null,
  unchanged: ReadonlySet<string> = new Set(),
): Promise<Record<string, FieldError>> {
  const e: Record<string, FieldError> = {};
  // Every text: no control character (tab aside; new line in Signature only), valid UTF-8.
  for (const def of USER_FIELDS) {
    const v = (input as Record<string, unknown>)[def.name];
    if ((def.kind !== 'text' && def.kind !== 'multiline') || typeof v !== 'string' || unchanged.has(def.name)) continue;
    const problem = textProblem(v, { multiline: def.kind === 'multiline' });
    if (problem) e[def.name] = problem;
  }
  if (existingId === null && !e.code) {
    const code = (input.code ?? '').trim();
    if (!code) e.code = { key: 'validation.required' };
    else if (!USER_CODE_RE.test(code)) e.code = { key: 'validation.userCode' };
    else {
      const taken = await db('users').where({ code_key: code.toLowerCase() }).first('id');
      if (taken) e.code = { key: 'validation.codeTaken', params: { code } };
    }
  }
  // A name needs something to see: spaces or a zero-width space alone are no name.
  if (input.name !== undefined && !e.name && !hasVisibleCharacter(input.name)) e.name = { key: 'validation.required' };
  if (input.email !== undefined && !e.email && input.email.trim() !== '' && !isValidEmail(input.email.trim()))
    e.email = { key: 'validation.email' };
  if (input.expiry_date !== undefined && input.expiry_date !== null && input.expiry_date !== '' && !parseIsoDate(input.expiry_date))
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
