import React, { useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { errorMessage, t } from '../services/i18n/index.js';
import { listUsers, type UserPage } from '../services/users.js';
import { isKey } from '../state/keymap.js';
import { Table, columnWidths, type Column } from './components/Table.js';
import { TextInput } from './components/TextInput.js';
import { useApp, useServices, useStoreApi } from './context.js';
import { useBack, useScreenInput, useScreenKeys } from './hooks.js';
import { theme } from './theme.js';
import type { ScreenProps } from './types.js';
import type { UserListRow } from '../services/users.js';

/** Utilisateurs: the list, filtered on code/name/e-mail, in pages of the user's Nbre lignes. */
export function UsersScreen({ width, height }: ScreenProps) {
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const pageSize = session.pageLines;
  const [filter, setFilter] = useState('');
  const [editingFilter, setEditingFilter] = useState(false);
  const [page, setPage] = useState(0);
  const [cursor, setCursor] = useState(0);
  const [data, setData] = useState<UserPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const back = useBack();
  const th = theme();
  useScreenKeys(['records', 'filter', 'list', 'global'], editingFilter);

  // Only the page on screen is read from the database: fast at 100k users. A query starts
  // as soon as the key is typed, so the database works while the typed letter is drawn.
  const inflight = useRef(new Map<string, Promise<UserPage>>());
  const fetchPage = (f: string, p: number): Promise<UserPage> => {
    const k = `${p}\u0000${f}`;
    let q = inflight.current.get(k);
    if (!q) {
      q = listUsers(db, session.actor, { filter: f, offset: p * pageSize, limit: pageSize });
      inflight.current.set(k, q);
      const forget = () => setTimeout(() => inflight.current.delete(k), 0);
      q.then(forget, forget);
    }
    return q;
  };
  useEffect(() => {
    let alive = true;
    fetchPage(filter, page).then(
      (d) => {
        if (!alive) return;
        setData(d);
        setError(null);
        setCursor((c) => Math.min(c, Math.max(0, d.rows.length - 1)));
      },
      (e) => alive && setError(errorMessage(e)),
    );
    return () => {
      alive = false;
    };
  }, [filter, page, pageSize]);

  const pages = Math.max(1, Math.ceil((data?.total ?? 0) / pageSize));
  const rows = data?.rows ?? [];

  useScreenInput((input, key) => {
    if (editingFilter) {
      if (key.escape) {
        setEditingFilter(false);
        setFilter('');
        setPage(0);
      } else if (key.return || key.downArrow) setEditingFilter(false);
      return;
    }
    if (isKey('back', input, key)) return back();
    if (isKey('filter', input, key)) return setEditingFilter(true);
    if (isKey('down', input, key)) {
      if (cursor < rows.length - 1) setCursor(cursor + 1);
      else if (page < pages - 1) {
        setPage(page + 1);
        setCursor(0);
      }
    } else if (isKey('up', input, key)) {
      if (cursor > 0) setCursor(cursor - 1);
      else if (page > 0) {
        setPage(page - 1);
        setCursor(pageSize - 1);
      }
    } else if (isKey('pageDown', input, key)) {
      if (page < pages - 1) setPage(page + 1);
      else setCursor(rows.length - 1);
    } else if (isKey('pageUp', input, key)) {
      if (page > 0) setPage(page - 1);
      else setCursor(0);
    } else if (isKey('first', input, key)) {
      setPage(0);
      setCursor(0);
    } else if (isKey('last', input, key)) {
      setPage(pages - 1);
      setCursor(pageSize - 1);
    } else if (isKey('open', input, key) && rows[cursor]) {
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
          <Text bold={editingFilter} color={filter || editingFilter ? th.accent : th.muted}>
            /{t('app.filter')}:{' '}
          </Text>
          {editingFilter ? (
            <TextInput
              value={filter}
              onChange={(v) => {
                void fetchPage(v, 0).catch(() => undefined);
                setFilter(v);
                setPage(0);
                setCursor(0);
              }}
              focus
              width={30}
            />
          ) : (
            <Text>{filter}</Text>
          )}
        </Text>
        <Text color={th.muted}>
          {t('app.rows', { total: data?.total ?? 0 })} · {t('app.page', { page: Math.min(page + 1, pages), pages })}
        </Text>
      </Box>
      {error ? <Text color={th.error}>{error}</Text> : null}
      <Table
        columns={columns}
        rows={rows}
        cursor={editingFilter ? -1 : cursor}
        height={height - 3}
        emptyText={data ? t('app.noRows') : t('app.loading')}
      />
    </Box>
  );
}
