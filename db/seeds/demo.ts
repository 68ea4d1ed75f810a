import type { Knex } from 'knex';
import { hashPassword, passwordCostOf } from '../../src/services/crypto.js';
import { AppError } from '../../src/services/errors.js';
import { userNameKey, userSearchText } from '../../src/services/search.js';
import { REPORTS } from '../../src/services/reports/catalog.js';
import { FUNCTIONS, SHARED_FUNCTIONS, reportFunction } from '../../src/services/rights.js';

// Demo data for `db seed --demo` and `npm start`. Re-runnable on a database it created
// (marked): it empties what it fills, then fills it again; never into any other database
// that holds data. Every demo user's password is "demo".

const COMPANIES = [
  { code: 'DOC', name: 'Documentation Prextra', address: '2300, boul. Industriel', city: 'Laval', phone: '450 555-0100' },
  { code: 'MTL', name: 'Usinage Montréal inc.', address: '8450, rue Saint-Hubert', city: 'Montréal', phone: '514 555-0142' },
  { code: 'QC', name: 'Transport Québec ltée', address: '125, rue du Pont', city: 'Québec', phone: '418 555-0190' },
  { code: 'SHER', name: 'Béton Sherbrooke', address: '3100, rue King Ouest', city: 'Sherbrooke', phone: '819 555-0123' },
  { code: 'TRV', name: 'Électrique Trois-Rivières', address: '77, rue des Forges', city: 'Trois-Rivières', phone: '819 555-0177' },
];

// [code, name, company, extra]
const PEOPLE: Array<[string, string, string, Record<string, unknown>?]> = [
  ['jtremblay', 'Julie Tremblay', 'MTL'],
  ['mgagnon', 'Marc Gagnon', 'MTL', { auto_trace: true }],
  ['sroy', 'Sophie Roy', 'QC'],
  ['pcote', 'Pierre Côté', 'QC', { name_on_report: true }],
  ['ibouchard', 'Isabelle Bouchard', 'SHER'],
  ['fgauthier', 'François Gauthier', 'MTL'],
  ['nmorin', 'Nathalie Morin', 'DOC', { language: 'en' }],
  ['alavoie', 'André Lavoie', 'TRV'],
  ['cfortin', 'Chantal Fortin', 'TRV'],
  ['lgagne', 'Luc Gagné', 'QC'],
  ['vouellet', 'Valérie Ouellet', 'SHER', { active: false }],
  ['spelletier', 'Stéphane Pelletier', 'MTL'],
  ['mbelanger', 'Marie-Ève Bélanger', 'DOC'],
  ['dlevesque', 'Daniel Lévesque', 'QC', { never_expires: false, expiry_date: '2025-12-31' }],
  ['kbergeron', 'Karine Bergeron', 'SHER'],
  ['jleblanc', 'Jean-François Leblanc', 'TRV'],
  ['epaquette', 'Émilie Paquette', 'MTL', { task_assignment: true }],
  ['ygirard', 'Yves Girard', 'QC'],
  ['asimard', 'Annie Simard', 'SHER'],
  ['rboucher', 'Robert Boucher', 'DOC'],
  ['gcaron', 'Geneviève Caron', 'MTL'],
  ['mbeaulieu', 'Martin Beaulieu', 'TRV', { language: 'en' }],
  ['ccloutier', 'Caroline Cloutier', 'QC'],
  ['hdube', 'Hélène Dubé', 'SHER'],
  ['spoirier', 'Sylvain Poirier', 'MTL'],
  ['mfournier', 'Mélanie Fournier', 'DOC'],
  ['bmercier', 'Benoît Mercier', 'TRV'],
  ['jlapointe', 'Josée Lapointe', 'QC'],
  ['lst-pierre', 'Louis St-Pierre', 'MTL'],
  ['ndesjardin', 'Nicole Desjardins', 'SHER'], // codes: at most 10 characters (users.code varchar(10))
  ['ptherrien', 'Patrick Therrien', 'DOC', { developer: true }],
  ['xnguyen', 'Xavier Nguyen', 'MTL'],
];

function emailOf(code: string, company: string): string {
  return `${code.replace(/[^a-z0-9.-]/g, '')}@${company.toLowerCase()}.example.com`;
}

/** Config row that marks a database the demo created (not a configuration key: never listed). */
export const DEMO_MARKER_KEY = 'prextra.demo';

// What the demo fills, children first; tables added later by migrations (drafts) when present.
const DEMO_TABLES = [
  'drafts',
  'outbox',
  'mail_accounts',
  'audit_log',
  'rights',
  'user_schedules',
  'user_preferences',
  'user_companies',
  'users',
  'companies',
  'config',
] as const;

/**
 * Fills the database with the demo, or refuses (AppError demo.refused): only an empty
 * database, or one the demo itself created (its marker row), ever gets demo data. A
 * real database is never emptied, whatever the flags.
 */
export async function seedDemo(knex: Knex): Promise<{ users: number; companies: number }> {
  const ts = new Date().toISOString();
  const hash = await hashPassword('demo', passwordCostOf(knex));
  await knex.transaction(async (trx) => {
    const tables: string[] = [];
    for (const table of DEMO_TABLES) if (await trx.schema.hasTable(table)) tables.push(table);
    const marked = await trx('config').where({ key: DEMO_MARKER_KEY }).first('key');
    if (!marked) {
      for (const table of tables) if (await trx(table).first()) throw new AppError('demo.refused', { table });
    }
    for (const table of tables) await trx(table).delete();

    await trx('companies').insert(COMPANIES.map((c) => ({ ...c, created_at: ts, updated_at: ts })));
    const companyId = new Map((await trx('companies').select('id', 'code')).map((r) => [r.code as string, r.id as number]));

    const base = (code: string, name: string, email: string, company: string) => ({
      search_text: userSearchText(code, name, email),
      name_key: userNameKey(name),
      // Every row carries every column: a multi-row insert fills missing ones with NULL.
      active: true,
      never_expires: true,
      auto_trace: false,
      name_on_report: false,
      task_assignment: false,
      login_alert: false,
      developer: false,
      expiry_date: null,
      language: 'fr',
      signature: '',
      code,
      code_key: code.toLowerCase(),
      name,
      email,
      password_hash: hash,
      default_company_id: companyId.get(company)!,
      created_at: ts,
      updated_at: ts,
    });
    await trx('users').insert([
      {
        ...base('admin', 'Administrateur système', 'admin@doc.example.com', 'DOC'),
        login_alert: true,
        name_on_report: true,
        signature: "L'équipe Prextra\nDocumentation Prextra",
      },
      { ...base('support', 'Support CDID', 'prextra.dev@gmail.com', 'DOC'), signature: 'Support CDID — support@cdid.com' },
      ...PEOPLE.map(([code, name, company, extra]) => ({ ...base(code, name, emailOf(code, company), company), ...(extra ?? {}) })),
    ]);
    const users = await trx('users').select('id', 'code', 'default_company_id');
    const all = [...companyId.values()];
    await trx('user_companies').insert(
      users.flatMap((u) =>
        u.code === 'admin' || u.code === 'support'
          ? all.map((cid) => ({ user_id: u.id, company_id: cid }))
          : [{ user_id: u.id, company_id: u.default_company_id }],
      ),
    );
    await trx('user_preferences').insert(users.map((u) => ({ user_id: u.id, mail_type: 'aucun', updated_at: ts })));

    const id = new Map(users.map((u) => [u.code as string, u.id as number]));
    const adminRights = [...SHARED_FUNCTIONS, ...REPORTS.map((r) => reportFunction(r.code))].map((fn) => ({
      user_id: id.get('admin')!,
      function_code: fn,
      level: 'modification',
    }));
    const supportRights = [
      { user_id: id.get('support')!, function_code: FUNCTIONS.users, level: 'lecture' },
      { user_id: id.get('support')!, function_code: FUNCTIONS.config, level: 'lecture' },
      ...REPORTS.map((r) => ({ user_id: id.get('support')!, function_code: reportFunction(r.code), level: 'lecture' })),
    ];
    const clerkRights = ['jtremblay', 'mgagnon', 'sroy', 'pcote'].flatMap((code) => [
      { user_id: id.get(code)!, function_code: reportFunction('USR01'), level: 'lecture' },
      { user_id: id.get(code)!, function_code: reportFunction('CIE01'), level: 'lecture' },
    ]);
    await trx('rights').insert([...adminRights, ...supportRights, ...clerkRights]);

    // Sophie Roy works weekdays 7:00–18:00 only.
    await trx('user_schedules').insert(
      [1, 2, 3, 4, 5].map((weekday) => ({ user_id: id.get('sroy')!, weekday, start_time: '07:00', end_time: '18:00' })),
    );

    await trx('config').insert([
      { key: DEMO_MARKER_KEY, value: ts, updated_at: ts, updated_by: null },
      // As in the original: gmail is not in UserMaintenanceShowFields until an administrator adds it.
      { key: 'UserMaintenanceShowFields', value: '', updated_at: ts, updated_by: null },
      { key: 'MaxAttachmentMB', value: '25', updated_at: ts, updated_by: null },
    ]);
  });
  return { users: PEOPLE.length + 2, companies: COMPANIES.length };
}
