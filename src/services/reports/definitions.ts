import type { Db } from '../db.js';
import { bool } from '../db.js';
import { formatDateTime, translate, translateDynamic, type Lang, type PlainKey } from '../i18n/index.js';
import { readAll, wherePast, type SortColumn } from '../keyset.js';
import type { Actor } from '../rights.js';
import { findReport } from './catalog.js';

// What each report prints: its columns and its rows, read chunk by chunk in a total order,
// each chunk starting after the last row of the one before (keyset: no OFFSET, so a report
// of a million rows costs a million rows, not the square). Cells are plain text in the
// reader's Langue.

export interface ReportQueryContext {
  readonly db: Db;
  readonly actor: Actor;
  readonly lang: Lang;
  /** MAIL01: the actor may read everyone's mails (courriels.journal), else only theirs. */
  readonly allMail: boolean;
}

export interface ReportColumn {
  /** i18n key of the heading. */
  readonly label: PlainKey;
  /** Share of the table width. */
  readonly weight: number;
  readonly align?: 'left' | 'right' | 'center';
}

export interface ReportDefinition {
  readonly code: string;
  readonly landscape: boolean;
  readonly columns: readonly ReportColumn[];
  count(ctx: ReportQueryContext): Promise<number>;
  /** Every row in print order (one string per column), about `chunk` rows at a time. */
  chunks(ctx: ReportQueryContext, chunk: number): AsyncGenerator<string[][]>;
}

type Row = Record<string, unknown>;

const yesNo = (v: unknown, lang: Lang) => translate(lang, bool(v) ? 'bool.yes' : 'bool.no');
const str = (v: unknown) => (v == null ? '' : String(v));
const num = (v: unknown) => Number((v as number | string | undefined) ?? 0);

/** A function code as the rights matrix names it. */
export function functionLabel(fn: string, lang: Lang): string {
  const label = translateDynamic(lang, `function.${fn}`, '');
  if (label) return label;
  const report = fn.startsWith('rapports.') ? findReport(fn.slice('rapports.'.length)) : undefined;
  if (report) return translate(lang, 'report.function', { name: translate(lang, report.titleKey) });
  return fn;
}

/** Users in list order: Code (case-insensitive), then id. */
const BY_USER: readonly SortColumn[] = [{ column: 'u.code_key' }, { column: 'u.id' }];

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
  async *chunks({ db, lang }, chunk) {
    const base = () =>
      db('users as u')
        .leftJoin('companies as c', 'c.id', 'u.default_company_id')
        .select('u.id', 'u.code_key', 'u.code', 'u.name', 'u.email', 'u.active', 'u.language', 'c.code as company');
    for await (const rows of readAll<Row>(base, BY_USER, (r) => [str(r.code_key), num(r.id)], chunk))
      yield rows.map((r) => [
        str(r.code),
        str(r.name),
        str(r.email),
        yesNo(r.active, lang),
        str(r.company),
        translate(lang, r.language === 'en' ? 'option.language.en' : 'option.language.fr'),
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
  async *chunks({ db, lang }, chunk) {
    const base = () =>
      db('rights as r')
        .join('users as u', 'u.id', 'r.user_id')
        .whereNot('r.level', 'aucun')
        .select('u.id', 'u.code_key', 'u.code', 'u.name', 'r.function_code', 'r.level');
    const order: SortColumn[] = [...BY_USER, { column: 'r.function_code' }];
    for await (const rows of readAll<Row>(base, order, (r) => [str(r.code_key), num(r.id), str(r.function_code)], chunk))
      yield rows.map((r) => [
        str(r.code),
        str(r.name),
        functionLabel(str(r.function_code), lang),
        translateDynamic(lang, `level.${str(r.level)}`, str(r.level)),
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
  async *chunks({ db, lang }, chunk) {
    const users = () => db('users as u').select('u.id', 'u.code_key', 'u.code', 'u.name');
    const position = (r: Row) => [str(r.code_key), num(r.id)];
    for await (const rows of readAll<Row>(users, BY_USER, position, chunk)) {
      // The ranges of this chunk's users: those between its first and last user in list
      // order (a join on that range, not a list of ids).
      let q = db('user_schedules as s')
        .join('users as u', 'u.id', 's.user_id')
        .select('s.user_id', 's.weekday', 's.start_time', 's.end_time')
        .orderBy([{ column: 's.user_id' }, { column: 's.weekday' }, { column: 's.start_time' }, { column: 's.id' }]);
      q = wherePast(q, BY_USER, position(rows[0]!), 'after', true);
      q = wherePast(q, BY_USER, position(rows[rows.length - 1]!), 'before', true);
      const days = new Map<number, Map<number, string[]>>();
      for (const s of await q) {
        const byDay = days.get(num(s.user_id)) ?? new Map<number, string[]>();
        days.set(num(s.user_id), byDay);
        const list = byDay.get(num(s.weekday)) ?? [];
        byDay.set(num(s.weekday), list);
        list.push(`${str(s.start_time)}–${str(s.end_time)}`);
      }
      const lines: string[][] = [];
      for (const r of rows) {
        const byDay = days.get(num(r.id));
        if (!byDay) lines.push([str(r.code), str(r.name), '', translate(lang, 'report.noRestriction')]);
        else
          for (const [weekday, ranges] of [...byDay.entries()].sort((a, b) => a[0] - b[0]))
            lines.push([str(r.code), str(r.name), translateDynamic(lang, `weekday.${weekday}`, String(weekday)), ranges.join(', ')]);
      }
      yield lines;
    }
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
  async *chunks({ db }, chunk) {
    const base = () => db('companies').select('id', 'code', 'name', 'address', 'city', 'phone');
    const order: SortColumn[] = [{ column: 'code' }, { column: 'id' }];
    for await (const rows of readAll<Row>(base, order, (r) => [str(r.code), num(r.id)], chunk))
      yield rows.map((r) => [str(r.code), str(r.name), str(r.address), str(r.city), str(r.phone)]);
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
  async *chunks(ctx, chunk) {
    const base = () =>
      mailQuery(ctx).select('o.id', 'o.created_at', 'u.code', 'o.to_addresses', 'o.subject', 'o.report_code', 'o.status', 'o.attempts');
    for await (const rows of readAll<Row>(base, [{ column: 'o.id', desc: true }], (r) => [num(r.id)], chunk))
      yield rows.map((r) => [
        formatDateTime(str(r.created_at), ctx.lang),
        str(r.code),
        str(r.to_addresses),
        str(r.subject),
        str(r.report_code),
        translateDynamic(ctx.lang, `report.mailStatus.${r.status}`, str(r.status)),
        String(num(r.attempts)),
      ]);
  },
};

function mailQuery({ db, actor, allMail }: ReportQueryContext) {
  const q = db('outbox as o').leftJoin('users as u', 'u.id', 'o.user_id');
  return allMail ? q : q.where('o.user_id', actor.id);
}

export const DEFINITIONS: Readonly<Record<string, ReportDefinition>> = { USR01, USR02, USR03, CIE01, MAIL01 };
