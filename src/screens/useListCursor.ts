import { useState } from 'react';
import type { Handler } from './keys/bus.js';
import { useCommands } from './keys/react.js';

export interface ListCursor {
  /** Index of the highlighted row among all `count` rows. */
  readonly cursor: number;
  /** Index of the first row drawn: the page is the `page` rows from here. */
  readonly top: number;
  readonly setCursor: (i: number) => void;
}

/** Keeps `top` so that `cursor` is on the page of `page` rows. */
export function windowFor(cursor: number, top: number, page: number, count: number): number {
  const p = Math.max(1, page);
  let t = Math.min(top, Math.max(0, count - p));
  if (cursor < t) t = cursor;
  if (cursor >= t + p) t = cursor - p + 1;
  return Math.max(0, t);
}

/**
 * The one list cursor: ↑/↓ (k/j) move a row, PgUp/PgDn a page of what fits on screen,
 * Home/End (g/G) to the ends. Every row is reachable; the page scrolls with the cursor.
 */
export function useListCursor(
  count: number,
  page: number,
  opts: { active?: boolean; onOpen?: Handler | false; initial?: { cursor: number; top: number } } = {},
): ListCursor {
  const [state, setState] = useState(opts.initial ?? { cursor: 0, top: 0 });
  const p = Math.max(1, page);
  const last = Math.max(0, count - 1);
  const cursor = Math.min(state.cursor, last);
  const top = windowFor(cursor, state.top, p, count);
  const move = (to: (c: number, t: number) => { cursor: number; top?: number }) =>
    setState((s) => {
      const c = Math.min(s.cursor, last);
      const t = windowFor(c, s.top, p, count);
      const next = to(c, t);
      const nc = Math.max(0, Math.min(last, next.cursor));
      return { cursor: nc, top: windowFor(nc, next.top ?? t, p, count) };
    });
  const some = count > 0;
  useCommands(
    {
      'list.up': some && (() => move((c) => ({ cursor: c - 1 }))),
      'list.down': some && (() => move((c) => ({ cursor: c + 1 }))),
      'list.pageUp': some && (() => move((c, t) => ({ cursor: c - p, top: t - p }))),
      'list.pageDown': some && (() => move((c, t) => ({ cursor: c + p, top: t + p }))),
      'list.first': some && (() => move(() => ({ cursor: 0, top: 0 }))),
      'list.last': some && (() => move(() => ({ cursor: last, top: last }))),
      'list.open': some && opts.onOpen,
    },
    { active: opts.active },
  );
  return { cursor, top, setCursor: (i) => move(() => ({ cursor: i })) };
}
