import type { Knex } from 'knex';

// The one way lists, exports and reports page: by position in a total order (sort key,
// then id), never by OFFSET (whose cost grows with the page number) and never by a list
// of ids (whose length is bounded by the driver's variable limit). A page is "the next
// `limit` rows after the last one seen", which an index in the same order answers
// in time proportional to the page.

export type SortValue = string | number;

export interface SortColumn {
  /** A column of the query, e.g. 'u.code_key'. Unique when taken with the columns before it. */
  readonly column: string;
  readonly desc?: boolean;
}

/** The sort values of one row, in the order of the SortColumns. */
export type Position = readonly SortValue[];

/**
 * Keeps the rows strictly after `position` in the order `columns` ('after'), or strictly
 * before it ('before'). Written as `a >= x AND (a > x OR …)` rather than a row-value
 * comparison so both SQLite and PostgreSQL use the index on the leading column.
 */
export function wherePast<Q extends Knex.QueryBuilder>(
  q: Q,
  columns: readonly SortColumn[],
  position: Position,
  towards: 'after' | 'before',
  /** Keep the row at `position` itself too. */
  inclusive = false,
): Q {
  if (position.length !== columns.length) throw new Error(`keyset position has ${position.length} values for ${columns.length} columns`);
  const bindings: Array<string | number> = [];
  const build = (i: number): string => {
    const col = columns[i]!;
    const forward = (towards === 'after') !== !!col.desc;
    const strict = forward ? '>' : '<';
    if (i === columns.length - 1) {
      bindings.push(col.column, position[i]!);
      return `?? ${strict}${inclusive ? '=' : ''} ?`;
    }
    bindings.push(col.column, position[i]!, col.column, position[i]!);
    const rest = build(i + 1);
    return `?? ${strict}= ? AND (?? ${strict} ? OR ${rest})`;
  };
  const sql = build(0);
  return q.whereRaw(`(${sql})`, bindings) as Q;
}

/** Orders by `columns`, or by their reverse (to read the rows just before a position). */
export function orderByColumns<Q extends Knex.QueryBuilder>(q: Q, columns: readonly SortColumn[], reversed = false): Q {
  return q.orderBy(columns.map((c) => ({ column: c.column, order: !!c.desc !== reversed ? 'desc' : 'asc' }))) as Q;
}

export interface PageRequest {
  /** Rows after this position (the next page). */
  readonly after?: Position | null;
  /** Rows before this position (the previous page). */
  readonly before?: Position | null;
  /** Rows from this position on, itself included (the same page again). */
  readonly from?: Position | null;
  /** The last rows of the list (End). Ignored with a position. */
  readonly last?: boolean;
  readonly limit: number;
}

export interface KeysetPage<T> {
  /** In list order. */
  readonly rows: T[];
  /** More rows exist before the first one / after the last one. */
  readonly hasBefore: boolean;
  readonly hasAfter: boolean;
}

/**
 * Reads one page of `base` (a query with its filters, joins and columns, not ordered):
 * `limit` rows from the requested position, plus one to know whether more follow.
 */
export async function readPage<T>(base: () => Knex.QueryBuilder, columns: readonly SortColumn[], req: PageRequest): Promise<KeysetPage<T>> {
  const limit = Math.max(1, Math.floor(req.limit));
  const backwards = !!req.before || (!req.after && !req.from && !!req.last);
  let q = base();
  if (req.after) q = wherePast(q, columns, req.after, 'after');
  else if (req.before) q = wherePast(q, columns, req.before, 'before');
  else if (req.from) q = wherePast(q, columns, req.from, 'after', true);
  const got = (await orderByColumns(q, columns, backwards).limit(limit + 1)) as T[];
  const more = got.length > limit;
  const rows = more ? got.slice(0, limit) : got;
  if (backwards) rows.reverse();
  // Coming from a position, the row at that position lies on the other side.
  // (From a `from` position, whether rows come before it is not known without a query.)
  if (backwards) return { rows, hasBefore: more, hasAfter: !!req.before };
  if (req.from && rows.length) {
    const earlier = await wherePast(base(), columns, req.from, 'before').limit(1);
    return { rows, hasBefore: earlier.length > 0, hasAfter: more };
  }
  return { rows, hasBefore: !!req.after, hasAfter: more };
}

/**
 * Every row of `base` in the order `columns`, `chunk` rows per query, each query starting
 * after the last row of the one before: constant memory and linear time at any size.
 */
export async function* readAll<T>(
  base: () => Knex.QueryBuilder,
  columns: readonly SortColumn[],
  positionOf: (row: T) => Position,
  chunk = 1000,
): AsyncGenerator<T[]> {
  let after: Position | null = null;
  for (;;) {
    let q = base();
    if (after) q = wherePast(q, columns, after, 'after');
    const rows = (await orderByColumns(q, columns).limit(chunk)) as T[];
    if (rows.length) yield rows;
    if (rows.length < chunk) return;
    after = positionOf(rows[rows.length - 1]!);
  }
}
