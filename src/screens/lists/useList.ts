import { useLayoutEffect, useRef, useState } from 'react';
import { errorMessage, type Translate } from '../../services/i18n/index.js';
import { useCommands, useHoldKeys, useScopeActive } from '../keys/react.js';
import type { ListSource, ListWindow, RowCount, Sort, WindowAt } from './source.js';
import { useLang } from '../context.js';

export interface ListState<Row> {
  /** The filter the rows answer (what is typed may be ahead of it for a moment). */
  readonly filter: string;
  readonly sort: Sort | null;
  /** The window: the rows that fit on screen. */
  readonly rows: readonly Row[];
  /** Index of rows[0] in the whole list. */
  readonly start: number;
  /** The cursor, within `rows`. */
  readonly offset: number;
  readonly hasBefore: boolean;
  readonly hasAfter: boolean;
  readonly count: RowCount;
  /** The exact count once asked for (End, on a capped count). */
  readonly exact: number | null;
  readonly loaded: boolean;
  readonly error: string | null;
  /** The source these rows came from. */
  readonly source: ListSource<Row> | null;
}

export interface ListController<Row> {
  readonly state: ListState<Row>;
  /** The rows answer the current source (new data read, not only the previous). */
  readonly ready: boolean;
  /** Rows per window: what fits. */
  readonly page: number;
  /** The highlighted row. */
  readonly current: Row | undefined;
  /** The filter line has the keys. */
  readonly editingFilter: boolean;
  /** What is typed in the filter (its answer may come a moment later). */
  readonly typed: string;
  readonly setFilter: (filter: string) => void;
  /** Reads the window again (the data changed), the cursor staying on its row. */
  readonly refresh: () => void;
  readonly sortable: boolean;
}

export interface UseListOptions<Row> {
  readonly source: ListSource<Row>;
  /** Rows that fit on screen. */
  readonly page: number;
  /** Enter on a row. */
  readonly onOpen?: (row: Row) => void;
  /** Columns `<`/`>` cycle through (with the source's sortable). */
  readonly columns: number;
  readonly active?: boolean;
  /** Where the list starts: a column sorted at first. */
  readonly initialSort?: Sort | null;
  /** After each move: the cursor's index and the count (a list that reads more as it nears its end). */
  readonly onMove?: (index: number, count: number) => void;
}

const EMPTY = { n: 0, atLeast: false };

/**
 * The one list: a window of what fits on screen, moved by ↑/↓ PgUp/PgDn Home/End (every
 * row reachable, whatever the page size), `/` filter, `<`/`>` sort, Enter opens; the count
 * and position always known. Moves are queued: each reads the state the previous one left
 * (PgDn PgDn over a slow link moves two pages).
 */
export function useList<Row>(opts: UseListOptions<Row>): ListController<Row> {
  const lang = useLang();
  const { source, onOpen, active = true } = opts;
  const page = Math.max(1, opts.page);
  const [state, setStateRaw] = useState<ListState<Row>>(() => ({
    filter: '',
    sort: opts.initialSort ?? null,
    rows: [],
    start: 0,
    offset: 0,
    hasBefore: false,
    hasAfter: false,
    count: EMPTY,
    exact: null,
    loaded: false,
    error: null,
    source: null,
  }));
  const [editingFilter, setEditingFilter] = useState(false);
  const [typed, setTyped] = useState('');
  const latest = useRef(state);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const sourceRef = useRef(source);
  const pageRef = useRef(page);
  const onMoveRef = useRef(opts.onMove);
  // Layout effects: in place before the next key is handled (a key queued after new data
  // must see it).
  useLayoutEffect(() => {
    sourceRef.current = source;
    pageRef.current = page;
    onMoveRef.current = opts.onMove;
  });

  const setState = (next: ListState<Row>) => {
    latest.current = next;
    setStateRaw(next);
  };

  /** Runs `op` after the ones before it; what it returns becomes the state. */
  const enqueue = (op: (s: ListState<Row>) => Promise<ListState<Row> | null> | ListState<Row> | null) => {
    chain.current = chain.current
      .then(async () => {
        const next = await op(latest.current);
        if (!next) return;
        setState(next);
        onMoveRef.current?.(next.start + next.offset, next.exact ?? next.count.n);
      })
      .catch((e: unknown) => setState({ ...latest.current, error: errorMessage(e, lang), loaded: true, source: sourceRef.current }));
  };

  const fetch = (s: ListState<Row>, at: WindowAt<Row>, limit = pageRef.current, filter = s.filter, sort = s.sort) =>
    sourceRef.current.fetch({ filter, sort, at, limit });

  /** A whole new window (top, bottom, a new filter or sort, a refresh). */
  const windowState = (
    s: ListState<Row>,
    w: ListWindow<Row>,
    start: number,
    offset: number,
    extra: Partial<ListState<Row>> = {},
  ): ListState<Row> => ({
    ...s,
    ...extra,
    rows: w.rows,
    start: w.start ?? Math.max(0, start),
    offset: Math.max(0, Math.min(offset, w.rows.length - 1)),
    hasBefore: w.hasBefore,
    hasAfter: w.hasAfter,
    count: w.count,
    loaded: true,
    error: null,
    source: sourceRef.current,
  });

  const first = (filter?: string, sort?: Sort | null) =>
    enqueue(async (s) => {
      const f = filter ?? s.filter;
      const so = sort === undefined ? s.sort : sort;
      const w = await fetch(s, { kind: 'first' }, pageRef.current, f, so);
      const exact = f === s.filter ? s.exact : null;
      return windowState(s, w, 0, 0, { filter: f, sort: so, exact });
    });

  const last = () =>
    enqueue(async (s) => {
      const w = await fetch(s, { kind: 'last' });
      const exact = w.count.atLeast ? (s.exact ?? (await sourceRef.current.exactCount?.(s.filter)) ?? null) : null;
      const total = exact ?? w.count.n;
      return windowState(s, w, total - w.rows.length, w.rows.length - 1, { exact });
    });

  /** Reads the window again from its first row; the cursor stays on the same row when it is still there. */
  const refresh = () =>
    enqueue(async (s) => {
      const top = s.rows[0];
      const key = s.rows[s.offset] !== undefined ? sourceRef.current.key(s.rows[s.offset]!) : null;
      let w = await fetch(s, top ? { kind: 'from', row: top } : { kind: 'first' });
      let start = s.start;
      // Rows gone at the end: the last full window instead.
      if (w.rows.length < pageRef.current && w.hasBefore) {
        w = await fetch(s, { kind: 'last' });
        start = (s.exact ?? w.count.n) - w.rows.length;
      }
      const at = key === null ? -1 : w.rows.findIndex((r) => sourceRef.current.key(r) === key);
      return windowState(s, w, start, at >= 0 ? at : s.offset, { exact: w.count.atLeast ? s.exact : null });
    });

  const down = () =>
    enqueue(async (s) => {
      if (s.offset < s.rows.length - 1) return { ...s, offset: s.offset + 1 };
      const lastRow = s.rows[s.rows.length - 1];
      if (!s.hasAfter || !lastRow) return null;
      const w = await fetch(s, { kind: 'after', row: lastRow }, 1);
      const rows = [...s.rows, ...w.rows];
      const drop = Math.max(0, rows.length - pageRef.current);
      return {
        ...s,
        rows: rows.slice(drop),
        start: s.start + drop,
        offset: rows.length - drop - 1,
        hasAfter: w.hasAfter,
        hasBefore: s.hasBefore || drop > 0,
        count: w.count,
      };
    });

  const up = () =>
    enqueue(async (s) => {
      if (s.offset > 0) return { ...s, offset: s.offset - 1 };
      const firstRow = s.rows[0];
      if (!s.hasBefore || !firstRow) return null;
      const w = await fetch(s, { kind: 'before', row: firstRow }, 1);
      const rows = [...w.rows, ...s.rows].slice(0, pageRef.current);
      return {
        ...s,
        rows,
        start: Math.max(0, s.start - w.rows.length),
        offset: 0,
        hasBefore: w.hasBefore,
        hasAfter: s.hasAfter || rows.length < s.rows.length + w.rows.length,
        count: w.count,
      };
    });

  const pageDown = () =>
    enqueue(async (s) => {
      const lastRow = s.rows[s.rows.length - 1];
      if (!s.hasAfter || !lastRow) return { ...s, offset: Math.max(0, s.rows.length - 1) };
      const w = await fetch(s, { kind: 'after', row: lastRow });
      // Near the end the window stays full: it ends on the last row.
      const rows = [...s.rows, ...w.rows];
      const keep = Math.min(pageRef.current, rows.length);
      const drop = rows.length - keep;
      return {
        ...s,
        rows: rows.slice(drop),
        start: s.start + drop,
        hasAfter: w.hasAfter,
        hasBefore: s.hasBefore || drop > 0,
        count: w.count,
        offset: Math.min(s.offset, keep - 1),
      };
    });

  const pageUp = () =>
    enqueue(async (s) => {
      const firstRow = s.rows[0];
      if (!s.hasBefore || !firstRow) return { ...s, offset: 0 };
      const w = await fetch(s, { kind: 'before', row: firstRow });
      const rows = [...w.rows, ...s.rows];
      const keep = Math.min(pageRef.current, rows.length);
      return {
        ...s,
        rows: rows.slice(0, keep),
        start: Math.max(0, s.start - w.rows.length),
        hasBefore: w.hasBefore,
        hasAfter: s.hasAfter || keep < rows.length,
        count: w.count,
        offset: Math.min(s.offset, keep - 1),
      };
    });

  // The first window, and again when the page size or the source changes (a resize, new data).
  useLayoutEffect(() => {
    refresh();
    // refresh reads the latest source and page through refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [page, source]);

  const setFilter = (filter: string) => {
    setTyped(filter);
    enqueue(async (s) => {
      const w = await fetch(s, { kind: 'first' }, pageRef.current, filter);
      return windowState(s, w, 0, 0, { filter, exact: null });
    });
  };

  const cycleSort = (delta: number) => {
    // Off, then each column it can be sorted on ascending and descending: ▲ then ▼.
    const cols = sourceRef.current.sortColumns ?? Array.from({ length: opts.columns }, (_, i) => i);
    const states = cols.length * 2 + 1;
    const s = latest.current.sort;
    const at = s ? cols.indexOf(s.column) : -1;
    const i = at >= 0 ? 1 + at * 2 + (s!.desc ? 1 : 0) : 0;
    const j = (i + delta + states) % states;
    first(undefined, j === 0 ? null : { column: cols[Math.floor((j - 1) / 2)]!, desc: (j - 1) % 2 === 1 });
  };

  const some = state.rows.length > 0;
  const current = state.rows[state.offset];
  useCommands(
    {
      'list.up': some && up,
      'list.down': some && down,
      'list.pageUp': some && pageUp,
      'list.pageDown': some && pageDown,
      'list.first': some && (() => first()),
      'list.last': some && last,
      // After the moves and filters still on their way: Enter opens the row the user sees last.
      'list.open':
        some &&
        !!onOpen &&
        (() =>
          enqueue((s) => {
            const row = s.rows[s.offset];
            if (row !== undefined) onOpen(row);
            return null;
          })),
      'list.filter': () => setEditingFilter(true),
      'list.sortNext': source.sortable && (() => cycleSort(1)),
      'list.sortPrev': source.sortable && (() => cycleSort(-1)),
    },
    { active: active && !editingFilter },
  );
  useCommands(
    {
      'filter.done': () => setEditingFilter(false),
      'filter.clear': () => {
        setEditingFilter(false);
        if (latest.current.filter || typed) setFilter('');
      },
    },
    { layer: 'widget', active: active && editingFilter },
  );
  const ready = state.loaded && state.source === source;
  // Keys typed before the rows are there act on them once they are (only the list on screen holds them).
  const shown = useScopeActive();
  useHoldKeys(active && shown && !ready);
  return { state, ready, page, current, editingFilter, typed, setFilter, refresh, sortable: source.sortable };
}

/** "Ligne 5/34 · Page 1/2": where the cursor is among how many rows (a capped count reads "1 000+"). */
export function listPosition(t: Translate, s: ListState<unknown>, page: number, formatCount: (n: number) => string = String): string {
  if (!s.loaded) return t('app.loading');
  const total = s.exact ?? s.count.n;
  if (total === 0 && !s.count.atLeast) return t('app.noRows');
  const row = s.start + s.offset + 1;
  const capped = s.exact === null && s.count.atLeast;
  const totalText = capped ? `${formatCount(total)}+` : formatCount(total);
  const p = Math.max(1, page);
  const current = Math.floor((row - 1) / p) + 1;
  const pages = Math.max(1, Math.ceil(total / p));
  return `${t('app.position', { row: formatCount(row), total: totalText })} · ${
    capped ? t('app.pageOpen', { page: formatCount(current) }) : t('app.page', { page: current, pages })
  }`;
}
