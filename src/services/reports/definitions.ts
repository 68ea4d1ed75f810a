import type { Db } from '../db.js';
import { bool } from '../db.js';
import { formatDateTime, hasKey, t, type Lang } from '../i18n/index.js';
import type { Actor } from '../rights.js';
import { findReport } from './catalog.js';

// What each report prints: its columns and its rows, read in pages of a stable order so
// a long report is fetched chunk by chunk. Cells are plain text in the reader's Langue.

export interface ReportQueryContext {
  readonly db: Db;
  readonly actor: Actor;
  readonly lang: Lang;
  /** MAIL01: the actor may read everyone's mails (courriels.journal), else only theirs. */
  readonly allMail: boolean;
}

export interface ReportColumn {
  /** i18n key of the heading. */
  readonly label: string;
  /** Share of the table width. */
  readonly weight: number;
  readonly align?: 'left' | 'right' | 'center';
}

export interface ReportDefinition {
  readonly code: string;
  readonly landscape: boolean;
  readonly columns: readonly ReportColumn[];
  count(ctx: ReportQueryContext): Promise<number>;
  /** Rows [offset, offset + limit) in a stable order, one string per column. */
  rows(ctx: ReportQueryContext, offset: number, limit: number): Promise<string[][]>;
}

const yesNo = (v: unknown, lang: Lang) => t(bool(v) ? 'bool.yes' : 'bool.no', undefined, lang);
const str = (v: unknown) => (v == null ? '' : String(v));
const num = (v: unknown) => Number((v as number | string | undefined) ?? 0);

/** A function code as the rights matrix names it. */
export function functionLabel(fn: string, lang: Lang): string {
  if (hasKey(`function.${fn}`)) return t(`function.${fn}`, undefined, lang);
  const report = fn.startsWith('rapports.') ? findReport(fn.slice('rapports.'.length)) : undefined;
  if (report) return t('report.function', { name: t(report.titleKey, undefined, lang) }, lang);
  return fn;
}

const USR01: ReportDefinition = {
  code: 'USR01',
  landscape: true,
  columns: [
    { label: 'report.col.code', weight: 11 },
    { label: 'report.col.name', weight: 25 },
    { label: 'report.col.email', weight: 32 },
    { label: 'report.col.active', weight: 7, align: 'center' },
    { label: 'report.col.defaultCompany', weight: 14 },
    { label: 'report.col.language', weight: 11 },
  ],
  async count({ db }) {
    const r = await db('users').count({ n: '*' }).first();
    return num(r?.n);
  },
  async rows({ db, lang }, offset, limit) {
    const rows = await db('users as u')
      .leftJoin('companies as c', 'c.id', 'u.default_company_id')
      .orderBy([{ column: 'u.code_key' }, { column: 'u.id' }])
      .offset(offset)
      .limit(limit)
      .select('u.code', 'u.name', 'u.email', 'u.active', 'u.language', 'c.code as company');
    return rows.map((r) => [
      str(r.code),
      str(r.name),
      str(r.email),
      yesNo(r.active, lang),
      str(r.company),
      t(`option.language.${r.language === 'en' ? 'en' : 'fr'}`, undefined, lang),
    ]);
  },
};

const USR02: ReportDefinition = {
  code: 'USR02',
  landscape: true,
  columns: [
    { label: 'report.col.code', weight: 12 },
    { label: 'report.col.name', weight: 22 },
    { label: 'report.col.function', weight: 52 },
    { label: 'report.col.level', weight: 14 },
  ],
  async count({ db }) {
    const r = await db('rights as r').join('users as u', 'u.id', 'r.user_id').whereNot('r.level', 'aucun').count({ n: '*' }).first();
    return num(r?.n);
  },
  async rows({ db, lang }, offset, limit) {
    const rows = await db('rights as r')
      .join('users as u', 'u.id', 'r.user_id')
      .whereNot('r.level', 'aucun')
      .orderBy([{ column: 'u.code_key' }, { column: 'u.id' }, { column: 'r.function_code' }])
      .offset(offset)
      .limit(limit)
      .select('u.code', 'u.name', 'r.function_code', 'r.level');
    return rows.map((r) => [
      str(r.code),
      str(r.name),
      functionLabel(str(r.function_code), lang),
      t(`level.${str(r.level)}`, undefined, lang),
    ]);
  },
};

// One line per user and weekday with ranges; a user with no ranges gets one line.
const USR03: ReportDefinition = {
  code: 'USR03',
  landscape: false,
  columns: [
    { label: 'report.col.code', weight: 16 },
    { label: 'report.col.name', weight: 30 },
    { label: 'report.col.weekday', weight: 16 },
    { label: 'report.col.ranges', weight: 38 },
  ],
  async count({ db }) {
    const days = db('user_schedules').distinct('user_id', 'weekday').as('s');
    const r = await db('users as u').leftJoin(days, 's.user_id', 'u.id').count({ n: '*' }).first();
    return num(r?.n);
  },
  async rows({ db, lang }, offset, limit) {
    const days = db('user_schedules').distinct('user_id', 'weekday').as('s');
    const rows = await db('users as u')
      .leftJoin(days, 's.user_id', 'u.id')
      .orderBy([{ column: 'u.code_key' }, { column: 'u.id' }, { column: 's.weekday' }])
      .offset(offset)
      .limit(limit)
      .select('u.id', 'u.code', 'u.name', 's.weekday');
    const ids = [...new Set(rows.filter((r) => r.weekday != null).map((r) => r.id as number))];
    const ranges = new Map<string, string[]>();
    if (ids.length) {
      const sched = await db('user_schedules')
        .whereIn('user_id', ids)
        .orderBy([{ column: 'user_id' }, { column: 'weekday' }, { column: 'start_time' }, { column: 'id' }])
        .select('user_id', 'weekday', 'start_time', 'end_time');
      for (const s of sched) {
        const key = `${s.user_id}/${s.weekday}`;
        const list = ranges.get(key) ?? [];
        list.push(`${str(s.start_time)}–${str(s.end_time)}`);
        ranges.set(key, list);
      }
    }
    return rows.map((r) =>
      r.weekday == null
        ? [str(r.code), str(r.name), '', t('report.noRestriction', undefined, lang)]
        : [str(r.code), str(r.name), t(`weekday.${r.weekday}`, undefined, lang), (ranges.get(`${r.id}/${r.weekday}`) ?? []).join(', ')],
    );
  },
};

const CIE01: ReportDefinition = {
  code: 'CIE01',
  landscape: false,
  columns: [
    { label: 'report.col.code', weight: 10 },
    { label: 'report.col.companyName', weight: 30 },
    { label: 'report.col.address', weight: 26 },
    { label: 'report.col.city', weight: 17 },
    { label: 'report.col.phone', weight: 17 },
  ],
  async count({ db }) {
    const r = await db('companies').count({ n: '*' }).first();
    return num(r?.n);
  },
  async rows({ db }, offset, limit) {
    const rows = await db('companies')
      .orderBy([{ column: 'code' }, { column: 'id' }])
      .offset(offset)
      .limit(limit)
      .select('code', 'name', 'address', 'city', 'phone');
    return rows.map((r) => [str(r.code), str(r.name), str(r.address), str(r.city), str(r.phone)]);
  },
};

const MAIL01: ReportDefinition = {
  code: 'MAIL01',
  landscape: true,
  columns: [
    { label: 'report.col.date', weight: 12 },
    { label: 'report.col.user', weight: 9 },
    { label: 'report.col.to', weight: 22 },
    { label: 'report.col.subject', weight: 27 },
    { label: 'report.col.report', weight: 7 },
    { label: 'report.col.status', weight: 10 },
    { label: 'report.col.attempts', weight: 6, align: 'right' },
  ],
  async count(ctx) {
    const r = await mailQuery(ctx).count({ n: '*' }).first();
    return num(r?.n);
  },
  async rows(ctx, offset, limit) {
    const rows = await mailQuery(ctx)
      .orderBy('o.id', 'desc')
      .offset(offset)
      .limit(limit)
      .select('o.created_at', 'u.code', 'o.to_addresses', 'o.subject', 'o.report_code', 'o.status', 'o.attempts');
    return rows.map((r) => [
      formatDateTime(str(r.created_at), ctx.lang),
      str(r.code),
      str(r.to_addresses),
      str(r.subject),
      str(r.report_code),
      hasKey(`report.mailStatus.${r.status}`) ? t(`report.mailStatus.${r.status}`, undefined, ctx.lang) : str(r.status),
      String(num(r.attempts)),
    ]);
  },
};

function mailQuery({ db, actor, allMail }: ReportQueryContext) {
  const q = db('outbox as o').leftJoin('users as u', 'u.id', 'o.user_id');
  return allMail ? q : q.where('o.user_id', actor.id);
}

export const DEFINITIONS: Readonly<Record<string, ReportDefinition>> = { USR01, USR02, USR03, CIE01, MAIL01 };
