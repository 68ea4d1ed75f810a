// The user form's model: what the user typed (text for numbers and dates) to the typed
// UserInput the services take, and back. Pure functions, no terminal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestDb, type TestDb } from '../helpers/db.js';
import { fromFormValues, optionsFor, recordToInput, toFormValues, type FormValues } from '../../src/screens/userFormModel.js';
import { USER_FIELDS } from '../../src/services/userFields.js';
import { getUser, newUserDefaults, type UserInput } from '../../src/services/users/index.js';

const field = (name: string) => USER_FIELDS.find((f) => f.name === name)!;

/** The values of a new user's form, with `changes` typed over them. */
function typed(changes: Partial<FormValues>, lang: 'fr' | 'en' = 'fr'): FormValues {
  return {
    ...toFormValues({ ...newUserDefaults('MTL'), code: 'nouveau', name: 'Nouvel Employé' } as UserInput, lang),
    ...changes,
  } as FormValues;
}

describe('toFormValues: a user as the form shows it', () => {
  it('shows dates in the language’s format, numbers as text, no null anywhere', () => {
    const u = {
      ...newUserDefaults('MTL'),
      code: 'x',
      name: 'X',
      expiry_date: '2027-12-31',
      never_expires: false,
      contact: null,
    } as unknown as UserInput;
    const fr = toFormValues(u, 'fr');
    expect(fr.expiry_date).toBe('31/12/2027');
    expect(toFormValues(u, 'en').expiry_date).toBe('2027-12-31');
    expect(fr.session_timeout_min).toBe('60');
    expect(fr.page_lines).toBe('30');
    expect(fr.never_expires).toBe(false);
    expect(fr.active).toBe(true);
    expect(fr.contact).toBe('');
    expect(toFormValues({ ...u, expiry_date: null }, 'fr').expiry_date).toBe('');
    for (const f of USER_FIELDS) expect(fr[f.name], f.name).not.toBeNull();
  });
});

describe('fromFormValues: what was typed, as the services take it', () => {
  it('reads numbers with spaces around them, and refuses what is not a whole number beside its field, with the range', () => {
    const ok = fromFormValues(typed({ session_timeout_min: ' 90 ', page_lines: '40' }), ['MTL'], 'fr');
    expect(ok.errors).toEqual({});
    expect(ok.input).toMatchObject({ session_timeout_min: 90, page_lines: 40, companies: ['MTL'] });
    const bad = fromFormValues(typed({ session_timeout_min: '1,5', page_lines: 'trente' }), ['MTL'], 'fr');
    expect(bad.errors).toEqual({
      session_timeout_min: { key: 'validation.intRange', params: { min: 1, max: 1440 } },
      page_lines: { key: 'validation.intRange', params: { min: 5, max: 500 } },
    });
    expect(bad.input).not.toHaveProperty('page_lines');
    // The range itself is the service's to check: the model only reads the number.
    expect(fromFormValues(typed({ page_lines: '501' }), [], 'fr').input.page_lines).toBe(501);
  });

  it('reads a date as typed in the user’s language (ISO always), empty as none, and refuses an impossible one', () => {
    const date = (text: string, lang: 'fr' | 'en' = 'fr') => fromFormValues(typed({ expiry_date: text }, lang), [], lang);
    expect(date('31/12/2027').input.expiry_date).toBe('2027-12-31');
    expect(date('1/2/2028').input.expiry_date).toBe('2028-02-01');
    expect(date('2027-12-31').input.expiry_date).toBe('2027-12-31');
    expect(date('2027-12-31', 'en').input.expiry_date).toBe('2027-12-31');
    expect(date('   ').input.expiry_date).toBeNull();
    expect(date('').errors).toEqual({});
    for (const impossible of ['31/04/2027', '29/02/2027', '2027-13-01', 'demain'])
      expect(date(impossible).errors, impossible).toEqual({ expiry_date: { key: 'validation.date' } });
    expect(date('29/02/2028').input.expiry_date).toBe('2028-02-29');
  });

  it('takes the ticks as booleans, the companies as given, and no default company as null', () => {
    const r = fromFormValues(typed({ auto_trace: true, active: false, default_company: '' }), ['QC', 'MTL'], 'fr');
    expect(r.input).toMatchObject({ auto_trace: true, active: false, default_company: null, companies: ['QC', 'MTL'] });
  });
});

describe('the form round trip', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await makeTestDb();
  });
  afterEach(async () => {
    await t.close();
  });

  it('a demo user shown and read back unchanged is the same input, in French and in English', async () => {
    const admin = await t.actor('admin');
    const ids = (await t.db('users').select('code')).map((r) => r.code as string);
    await t.db('users').where({ code: 'sroy' }).update({ expiry_date: '2027-02-28', never_expires: false });
    for (const code of ids) {
      const input = recordToInput(await getUser(t.db, admin, code));
      for (const lang of ['fr', 'en'] as const) {
        const back = fromFormValues(toFormValues(input, lang), input.companies ?? [], lang);
        expect(back.errors, `${code} (${lang})`).toEqual({});
        expect(back.input, `${code} (${lang})`).toEqual({ ...input, companies: [...(input.companies ?? [])] });
      }
    }
  });
});

describe('optionsFor: the choices of a select', () => {
  it('lists the companies as code — name, and the languages in the reader’s language', () => {
    const companies = [
      { code: 'MTL', name: 'Usinage Montréal inc.' },
      { code: 'QC', name: 'Transport Québec ltée' },
    ];
    expect(optionsFor(field('default_company'), companies, 'fr')).toEqual([
      { value: 'MTL', label: 'MTL — Usinage Montréal inc.' },
      { value: 'QC', label: 'QC — Transport Québec ltée' },
    ]);
    expect(optionsFor(field('language'), [], 'fr').map((o) => o.label)).toEqual(['Français', 'Anglais']);
    expect(optionsFor(field('language'), [], 'en').map((o) => o.label)).toEqual(['French', 'English']);
  });
});
