import { useState } from 'react';
import type { Command } from '../state/keymap.js';
import type { CommandMap, Handler, Layer } from './keys/bus.js';
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

/** The commands that move the cursor: a list's own by default; a widget's (checklist, choices, palette) where its keys differ. */
export interface CursorCommands {
  readonly up: Command;
  readonly down: Command;
  readonly pageUp?: Command;
  readonly pageDown?: Command;
  readonly first?: Command;
  readonly last?: Command;
  readonly open?: Command;
}

const LIST_COMMANDS: CursorCommands = {
  up: 'list.up',
  down: 'list.down',
  pageUp: 'list.pageUp',
  pageDown: 'list.pageDown',
  first: 'list.first',
  last: 'list.last',
  open: 'list.open',
};

export interface ListCursorOptions {
  readonly active?: boolean;
  readonly onOpen?: Handler | false;
  readonly initial?: { cursor: number; top: number };
  /** Default 'screen'; a widget inside a form: 'widget'; a list that opened over a form: 'dialog'. */
  readonly layer?: Layer;
  /** Default: the list commands (↑/↓ k/j, PgUp/PgDn, Home/End g/G, Enter). */
  readonly commands?: CursorCommands;
  /**
   * ↑ on the first row and ↓ on the last are left to the layer below (a checklist in a
   * form: the focus moves on to the previous or next field).
   */
  readonly passAtEnds?: boolean;
}

/**
 * The one list cursor: ↑/↓ (k/j) move a row, PgUp/PgDn a page of what fits on screen,
 * Home/End (g/G) to the ends. Every row is reachable; the page scrolls with the cursor.
 * Lists that read their rows by windows (Utilisateurs, Audit…) use lists/useList instead.
 */
export function useListCursor(count: number, page: number, opts: ListCursorOptions = {}): ListCursor {
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
  const c = opts.commands ?? LIST_COMMANDS;
  const commands: CommandMap = {
    [c.up]: some && !(opts.passAtEnds && cursor === 0) && (() => move((x) => ({ cursor: x - 1 }))),
    [c.down]: some && !(opts.passAtEnds && cursor === last) && (() => move((x) => ({ cursor: x + 1 }))),
  };
  if (c.pageUp) commands[c.pageUp] = some && (() => move((x, t) => ({ cursor: x - p, top: t - p })));
  if (c.pageDown) commands[c.pageDown] = some && (() => move((x, t) => ({ cursor: x + p, top: t + p })));
  if (c.first) commands[c.first] = some && (() => move(() => ({ cursor: 0, top: 0 })));
  if (c.last) commands[c.last] = some && (() => move(() => ({ cursor: last, top: last })));
  if (c.open) commands[c.open] = some && opts.onOpen;
  useCommands(commands, { active: opts.active, layer: opts.layer });
  return { cursor, top, setCursor: (i) => move(() => ({ cursor: i })) };
}
