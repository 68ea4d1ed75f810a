import { formatDate, parseDate, translateDynamic, type Lang } from '../services/i18n/index.js';
import type { FieldError } from '../services/errors.js';
import type { UserInput, UserRecord } from '../services/users/index.js';
import { USER_FIELDS, type UserFieldDef } from '../services/userFields.js';
import type { FieldOption, FieldValue } from './components/Field.js';

// The form's values are what the user typed (text for numbers and dates); they become
// a typed UserInput only when saving. Pure functions: tested without a terminal.

export type FormValues = Record<string, FieldValue> & { companies?: never };

export function toFormValues(u: UserInput, lang: Lang): FormValues {
  const v: Record<string, FieldValue> = {};
  for (const f of USER_FIELDS) {
    const raw = (u as Record<string, unknown>)[f.name];
    if (f.kind === 'bool') v[f.name] = !!raw;
    else if (f.kind === 'date') v[f.name] = formatDate(raw as string | null, lang);
    else if (f.kind === 'int') v[f.name] = raw === undefined || raw === null ? '' : String(raw);
    else v[f.name] = (raw as string | null) ?? '';
  }
  return v as FormValues;
}

/** Converts typed values; numbers or dates that do not parse are reported here, beside the field. */
export function fromFormValues(
  values: FormValues,
  companies: readonly string[],
  lang: Lang,
): { input: UserInput; errors: Record<string, FieldError> } {
  const input: Record<string, unknown> = { companies: [...companies] };
  const errors: Record<string, FieldError> = {};
  for (const f of USER_FIELDS) {
    const v = values[f.name];
    if (f.kind === 'bool') input[f.name] = !!v;
    else if (f.kind === 'int') {
      const s = String(v).trim();
      if (!/^-?\d+$/.test(s)) errors[f.name] = { key: 'validation.intRange', params: { min: f.min ?? 0, max: f.max ?? 0 } };
      else input[f.name] = Number(s);
    } else if (f.kind === 'date') {
      const s = String(v).trim();
      if (!s) input[f.name] = null;
      else {
        const iso = parseDate(s, lang);
        if (!iso) errors[f.name] = { key: 'validation.date' };
        else input[f.name] = iso;
      }
    } else if (f.name === 'default_company') input[f.name] = String(v) || null;
    else input[f.name] = String(v);
  }
  return { input: input as UserInput, errors };
}

export function optionsFor(f: UserFieldDef, companies: readonly { code: string; name: string }[], lang: Lang): FieldOption[] {
  if (f.dynamicOptions === 'companies') return companies.map((c) => ({ value: c.code, label: `${c.code} — ${c.name}` }));
  return (f.options ?? []).map((o) => ({ value: o, label: translateDynamic(lang, `option.${f.name}.${o}`) }));
}

export function recordToInput(u: UserRecord): UserInput {
  const { id: _i, has_password: _h, locked_until: _l, row_version: _r, created_at: _c, updated_at: _u, ...rest } = u;
  return rest;
}
