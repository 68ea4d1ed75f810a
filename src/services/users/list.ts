import type { Db } from '../db.js';
import { bool } from '../db.js';
import { readAll, readPage, type Position, type SortColumn } from '../keyset.js';
import { FUNCTIONS, requireRight, type Actor } from '../rights.js';
import { exactUserCount, userFilter, type RowCount } from '../search.js';

export interface UserListRow {
  readonly code: string;
  readonly name: string;
  readonly email: string;
  readonly active: boolean;
  readonly default_company: string | null;
  readonly language: 'fr' | 'en';
  /** The row's place in the list: give it as `after`/`before`/`from` to page from it. */
  readonly position: Position;
}

export interface UserPage {
  /** In list order (Code, case-insensitive). */
  readonly rows: UserListRow[];
  /** Users the filter keeps, capped: "1 000+" past COUNT_CAP (see countUsers for the exact figure). */
  readonly count: RowCount;
  /** More users before the first row / after the last one. */
  readonly hasBefore: boolean;
  readonly hasAfter: boolean;
}

export interface ListOptions {
  /** Code, name or e-mail contains it (case and accents ignored). */
  readonly filter?: string;
  /** The page after this position (next page). */
  readonly after?: Position | null;
  /** The page before this position (previous page). */
  readonly before?: Position | null;
  /** The page starting at this position, itself included (to show a page again). */
  readonly from?: Position | null;
  /** The last page (End). */
  readonly last?: boolean;
  /** Rows per page (default 30). */
  readonly limit?: number;
  /** The order (default: Code ascending). Positions are only valid in the order they came from. */
  readonly sort?: UserSort;
}

/** The orders the list can be read in, each through an index: Code (code_key) or Nom (name_key: no case, no accents). */
export interface UserSort {
  readonly by: 'code' | 'name';
  readonly desc?: boolean;
}

/** List order: Code (case-insensitive, unique), then id so the order is total on any engine. */
const ORDER: readonly SortColumn[] = [{ column: 'u.code_key' }, { column: 'u.id' }];

/** The keyset columns of an order, and where a row stands in it. */
function orderOf(sort: UserSort | undefined): { columns: readonly SortColumn[]; position: (r: Record<string, unknown>) => Position } {
  const desc = !!sort?.desc;
  if (sort?.by === 'name')
    return {
      columns: [
        { column: 'u.name_key', desc },
        { column: 'u.id', desc },
      ],
      position: (r) => [r.name_key as string, Number(r.id)],
    };
  return {
    columns: ORDER.map((c) => ({ ...c, desc })),
    position: (r) => [r.code_key as string, Number(r.id)],
  };
}
const COLUMNS = ['u.id', 'u.code_key', 'u.name_key', 'u.code', 'u.name', 'u.email', 'u.active', 'u.language', 'c.code as default_company'];

function toRow(r: Record<string, unknown>, position: (r: Record<string, unknown>) => Position = orderOf(undefined).position): UserListRow {
  return {
    code: r.code as string,
    name: r.name as string,
    email: r.email as string,
    active: bool(r.active),
    default_company: (r.default_company as string | null) ?? null,
    language: r.language === 'en' ? 'en' : 'fr',
    position: position(r),
  };
}

/**
 * One page of the Utilisateurs list, in keyset order: the `limit` users after (or before)
 * a position, read through an index in list order, so any page costs about what the
 * first one does, at 100 or 1 000 000 users. The filter is planned by userFilter (its
 * cost follows its matches); its capped count is computed once per filter and reused
 * while the list pages.
 */
export async function listUsers(db: Db, actor: Actor, opts: ListOptions = {}): Promise<UserPage> {
  await requireRight(db, actor, FUNCTIONS.users, 'lecture');
  const filter = await userFilter(db, opts.filter ?? '');
  const base = () => filter.from(db).leftJoin('companies as c', 'c.id', 'u.default_company_id').select(COLUMNS);
  const order = orderOf(opts.sort);
  const page = await readPage<Record<string, unknown>>(base, order.columns, {
    after: opts.after,
    before: opts.before,
    from: opts.from,
    last: opts.last,
    limit: opts.limit ?? 30,
  });
  return { rows: page.rows.map((r) => toRow(r, order.position)), count: filter.count, hasBefore: page.hasBefore, hasAfter: page.hasAfter };
}

/** The exact number of users the filter keeps (asked for on demand: it may read the table). */
export async function countUsers(db: Db, actor: Actor, opts: { filter?: string } = {}): Promise<number> {
  await requireRight(db, actor, FUNCTIONS.users, 'lecture');
  return exactUserCount(db, await userFilter(db, opts.filter ?? ''));
}

/**
 * Every user the filter keeps, in list order, `chunk` at a time (keyset: constant memory
 * and linear time, for `users list` at a million users).
 */
export async function* eachUser(db: Db, actor: Actor, opts: { filter?: string; chunk?: number } = {}): AsyncGenerator<UserListRow[]> {
  await requireRight(db, actor, FUNCTIONS.users, 'lecture');
  const filter = await userFilter(db, opts.filter ?? '');
  const base = () => filter.from(db).leftJoin('companies as c', 'c.id', 'u.default_company_id').select(COLUMNS);
  for await (const rows of readAll<Record<string, unknown>>(base, ORDER, (r) => [r.code_key as string, Number(r.id)], opts.chunk ?? 1000))
    yield rows.map((r) => toRow(r));
}
