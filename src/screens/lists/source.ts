// Where a list's rows come from. A list reads one window (the rows that fit on screen)
// at a time, by position: the first rows, the last ones, those after or before a row it
// holds, or from a row on (to read the same window again). An in-memory list answers
// from an array; the users list from the database in keyset order (services/users/list.ts).

export interface Sort {
  /** Index of the sorted column. */
  readonly column: number;
  readonly desc: boolean;
}

export type WindowAt<Row> =
  | { readonly kind: 'first' }
  | { readonly kind: 'last' }
  | { readonly kind: 'after'; readonly row: Row }
  | { readonly kind: 'before'; readonly row: Row }
  | { readonly kind: 'from'; readonly row: Row };

export interface WindowRequest<Row> {
  readonly filter: string;
  readonly sort: Sort | null;
  readonly at: WindowAt<Row>;
  readonly limit: number;
}

export interface RowCount {
  readonly n: number;
  /** More than n (a capped count). */
  readonly atLeast: boolean;
}

export interface ListWindow<Row> {
  /** In list order. */
  readonly rows: readonly Row[];
  readonly hasBefore: boolean;
  readonly hasAfter: boolean;
  readonly count: RowCount;
  /** Index of rows[0] in the whole list, when the source knows it. */
  readonly start?: number;
}

export interface ListSource<Row> {
  fetch(req: WindowRequest<Row>): Promise<ListWindow<Row>>;
  /** The exact count, when `count` may be capped (End needs it to number the last row). */
  exactCount?(filter: string): Promise<number>;
  /** A row's identity: the cursor stays on it when the list is read again. */
  key(row: Row): string;
  /** Whether `<`/`>` may sort it. */
  readonly sortable: boolean;
  /** The columns it can be sorted on (default: every column). */
  readonly sortColumns?: readonly number[];
}

/** Lower case without accents, one character for one: "Élise" → "elise". */
export function fold(text: string): string {
  return Array.from(text)
    .map(
      (c) =>
        c
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '')
          .toLowerCase()[0] ?? c,
    )
    .join('');
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/**
 * A list held in memory: `cells` gives the text of each column (what is shown, filtered on
 * and sorted by). The filter keeps the rows where a cell contains it, accents and case ignored.
 */
export function arraySource<Row>(rows: readonly Row[], cells: (row: Row) => readonly string[], key: (row: Row) => string): ListSource<Row> {
  return {
    sortable: true,
    key,
    async fetch({ filter, sort, at, limit }) {
      const f = fold(filter.trim());
      let all = f ? rows.filter((r) => cells(r).some((c) => fold(c).includes(f))) : [...rows];
      if (sort) {
        const dir = sort.desc ? -1 : 1;
        all = all
          .map((r, i) => ({ r, i, v: cells(r)[sort.column] ?? '' }))
          .sort((a, b) => dir * collator.compare(a.v, b.v) || a.i - b.i)
          .map((x) => x.r);
      }
      const index = (row: Row) => all.findIndex((r) => key(r) === key(row));
      let start = 0;
      if (at.kind === 'last') start = all.length - limit;
      else if (at.kind === 'after') start = index(at.row) + 1;
      else if (at.kind === 'before') start = index(at.row) - limit;
      else if (at.kind === 'from') start = Math.max(0, index(at.row));
      // A row gone from the list (deleted, filtered out): read from the top.
      if ((at.kind === 'after' || at.kind === 'before') && index(at.row) < 0) start = 0;
      const end = at.kind === 'before' ? Math.max(0, index(at.row)) : Math.min(all.length, Math.max(0, start) + limit);
      start = Math.max(0, start);
      return {
        rows: all.slice(start, end),
        hasBefore: start > 0,
        hasAfter: end < all.length,
        count: { n: all.length, atLeast: false },
        start,
      };
    },
  };
}
