import React, { useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { errorMessage, formatCount, t } from '../services/i18n/index.js';
import { countUsers, listUsers, type ListOptions, type UserListRow, type UserPage } from '../services/users/index.js';
import { isKey } from '../state/keymap.js';
import { Table, columnWidths, type Column } from './components/Table.js';
import { useApp, useServices, useStoreApi } from './context.js';
import { useBack, useScreenInput, useScreenKeys } from './hooks.js';
import { theme } from './theme.js';
import type { ScreenProps } from './types.js';
import { terminalSafe } from '../services/terminalText.js';

/** What the list shows: one query's answer, with the filter and page it answers. */
interface View {
  readonly filter: string;
  /** 0-based page number, counted while moving (pages are read by position, not by number). */
  readonly page: number;
  readonly data: UserPage | null;
  /** The exact count, once asked for (End needs it to number the last page). */
  readonly exact: number | null;
}

/** Where a page starts: the service's keyset position options. */
type Where = Pick<ListOptions, 'after' | 'before' | 'last'>;

/** A typed filter is drawn with its result; alone only when the database is slower than this. */
const ECHO_AFTER_MS = 80;

/** Utilisateurs: the list, filtered on code/name/e-mail, in pages of the user's Nbre lignes. */
export function UsersScreen({ width, height }: ScreenProps) {
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const pageSize = session.pageLines;
  const [view, setView] = useState<View>({ filter: '', page: 0, data: null, exact: null });
  const [typed, setTyped] = useState<string | null>(null); // the filter being typed, when ahead of `view`
  const [editingFilter, setEditingFilter] = useState(false);
  const [cursor, setCursor] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const request = useRef(0);
  const pending = useRef<string | null>(null);
  const back = useBack();
  const th = theme();
  useScreenKeys(['records', 'filter', 'list', 'global'], editingFilter);

  /**
   * Reads one page (only the rows on screen: fast at 100k users) and shows it, the filter
   * and the cursor in one frame. Answers to older requests are dropped.
   */
  const show = (filter: string, where: Where, page: number | 'last', cursorAfter: number | 'keep') => {
    const id = ++request.current;
    const echo = setTimeout(() => id === request.current && setTyped(filter), ECHO_AFTER_MS);
    const exactNeeded = page === 'last' ? countUsers(db, session.actor, { filter }) : Promise.resolve(null);
    Promise.all([listUsers(db, session.actor, { filter, ...where, limit: pageSize }), exactNeeded]).then(
      ([data, exact]) => {
        clearTimeout(echo);
        if (id !== request.current) return;
        const n = exact ?? (filter === view.filter ? view.exact : null);
        setView({ filter, page: page === 'last' ? Math.max(0, Math.ceil((n ?? 0) / pageSize) - 1) : page, data, exact: n });
        setTyped(null);
        setError(null);
        setCursor((c) => Math.min(cursorAfter === 'keep' ? c : cursorAfter, Math.max(0, data.rows.length - 1)));
      },
      (e) => {
        clearTimeout(echo);
        if (id === request.current) setError(errorMessage(e));
      },
    );
  };
  useEffect(() => show('', {}, 0, 0), [pageSize]);

  const { filter, page, data, exact } = view;
  // Known when the count is exact (small, or asked for); else "1 000+" and no page total.
  const total = exact ?? (data && !data.count.atLeast ? data.count.n : null);
  const pages = total === null ? null : Math.max(1, Math.ceil(total / pageSize));
  const rows = data?.rows ?? [];
  const first = rows[0];
  const lastRow = rows[rows.length - 1];
  const shownFilter = typed ?? pending.current ?? filter;

  const typeFilter = (next: string) => {
    pending.current = next;
    show(next, {}, 0, 0);
  };

  useScreenInput((input, key) => {
    if (editingFilter) {
      const current = pending.current ?? filter;
      if (key.escape) {
        setEditingFilter(false);
        pending.current = null;
        if (current) show('', {}, 0, 0);
      } else if (key.return || key.downArrow) {
        setEditingFilter(false);
        pending.current = null;
      } else if (key.backspace || key.delete) typeFilter(current.slice(0, -1));
      else if (key.ctrl && input === 'u') typeFilter('');
      else if (input && !key.ctrl && !key.meta && !key.tab) typeFilter(current + input);
      return;
    }
    if (isKey('back', input, key)) return back();
    if (isKey('filter', input, key)) return setEditingFilter(true);
    if (isKey('down', input, key)) {
      if (cursor < rows.length - 1) setCursor(cursor + 1);
      else if (data?.hasAfter && lastRow) show(filter, { after: lastRow.position }, page + 1, 0);
    } else if (isKey('up', input, key)) {
      if (cursor > 0) setCursor(cursor - 1);
      else if (data?.hasBefore && first) show(filter, { before: first.position }, Math.max(0, page - 1), pageSize - 1);
    } else if (isKey('pageDown', input, key)) {
      if (data?.hasAfter && lastRow) show(filter, { after: lastRow.position }, page + 1, 'keep');
      else setCursor(rows.length - 1);
    } else if (isKey('pageUp', input, key)) {
      if (data?.hasBefore && first) show(filter, { before: first.position }, Math.max(0, page - 1), 'keep');
      else setCursor(0);
    } else if (isKey('first', input, key)) show(filter, {}, 0, 0);
    else if (isKey('last', input, key)) show(filter, { last: true }, 'last', pageSize - 1);
    else if (isKey('open', input, key) && rows[cursor]) {
      store.getState().push({ screen: 'userForm', params: { code: rows[cursor]!.code } });
    } else if (isKey('new', input, key)) {
      store.getState().push({ screen: 'userForm', params: { code: undefined } });
    }
  });

  const [wCode, wName, wMail, wActive, wComp, wLang] = columnWidths(width - 1, [10, 'flex', 'flex', 5, 9, 9]);
  const columns: Column<UserListRow>[] = [
    { header: t('field.code'), width: wCode!, value: (r) => r.code },
    { header: t('field.name'), width: wName!, value: (r) => r.name },
    { header: t('field.email'), width: wMail!, value: (r) => r.email },
    { header: t('field.active'), width: wActive!, value: (r) => t(r.active ? 'bool.yes' : 'bool.no') },
    { header: t('field.default_company'), width: wComp!, value: (r) => r.default_company ?? '' },
    { header: t('field.language'), width: wLang!, value: (r) => t(`option.language.${r.language}`) },
  ];
  return (
    <Box flexDirection="column">
      <Box justifyContent="space-between">
        <Text>
          <Text bold={editingFilter} color={shownFilter || editingFilter ? th.accent : th.muted}>
            /{t('app.filter')}:{' '}
          </Text>
          <Text>{terminalSafe(shownFilter)}</Text>
          {editingFilter ? <Text inverse> </Text> : null}
        </Text>
        <Text color={th.muted}>
          {data?.count.atLeast && exact === null
            ? t('app.rowsAtLeast', { total: formatCount(data.count.n) })
            : t('app.rows', { total: formatCount(total ?? 0) })}{' '}
          ·{' '}
          {pages === null ? t('app.pageOpen', { page: formatCount(page + 1) }) : t('app.page', { page: Math.min(page + 1, pages), pages })}
        </Text>
      </Box>
      {error ? <Text color={th.error}>{error}</Text> : null}
      <Table
        columns={columns}
        rows={rows}
        cursor={editingFilter ? -1 : cursor}
        height={height - 3 - (error ? 1 : 0)}
        emptyText={data ? t('app.noRows') : t('app.loading')}
      />
    </Box>
  );
}
