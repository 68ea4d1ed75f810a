import React, { useMemo } from 'react';
import type { Db } from '../services/db.js';
import { FUNCTIONS, levelOf, type Actor } from '../services/rights.js';
import { countUsers, listUsers, type ListOptions, type UserListRow } from '../services/users/index.js';
import { ListView, listPage } from './components/ListView.js';
import { columnWidths, type Column } from './components/Table.js';
import { useApp, useServices, useStoreApi, useT } from './context.js';
import { useAsync, useOnReturn } from './hooks.js';
import { useCommands, useHoldKeys } from './keys/react.js';
import type { ListSource, WindowAt } from './lists/source.js';
import { useList } from './lists/useList.js';
import type { ScreenProps } from './types.js';
import { useDataChanges } from './dataChanges.js';

/** The users, from the database in keyset order (fast at any size; the count is capped). */
export function usersSource(db: Db, actor: Actor): ListSource<UserListRow> {
  const where = (at: WindowAt<UserListRow>): Pick<ListOptions, 'after' | 'before' | 'from' | 'last'> =>
    at.kind === 'after'
      ? { after: at.row.position }
      : at.kind === 'before'
        ? { before: at.row.position }
        : at.kind === 'from'
          ? { from: at.row.position }
          : at.kind === 'last'
            ? { last: true }
            : {};
  return {
    // Code and Nom: the orders an index reads page by page at any size.
    sortable: true,
    sortColumns: [0, 1],
    key: (r) => r.code,
    fetch: async ({ filter, sort, at, limit }) => {
      const order = sort ? { by: sort.column === 1 ? ('name' as const) : ('code' as const), desc: sort.desc } : undefined;
      const p = await listUsers(db, actor, { filter, ...where(at), limit, sort: order });
      return { rows: p.rows, hasBefore: p.hasBefore, hasAfter: p.hasAfter, count: p.count, start: at.kind === 'first' ? 0 : undefined };
    },
    exactCount: (filter) => countUsers(db, actor, { filter }),
  };
}

/** Utilisateurs: the list, filtered on code/name/e-mail; a page is what fits on screen. */
export function UsersScreen({ width, height }: ScreenProps) {
  const t = useT();
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const source = useMemo(() => usersSource(db, session.actor), [db, session.actor]);
  // Nouveau only for who may create (a reader would get a form that cannot be saved).
  const { data: level } = useAsync(() => levelOf(db, session.actor.id, FUNCTIONS.users), [db, session.actor.id]);
  // An n typed before the right is read acts once it is (not lost to a race).
  useHoldKeys(level === undefined);
  const headers = [
    t('users.col.code'),
    t('field.name'),
    t('field.email'),
    t('users.col.active'),
    t('users.col.company'),
    t('users.col.language'),
  ];
  const widths = columnWidths(width - 1, [10, 'flex', 'flex', 5, 8, 8], headers);
  const cells: Array<(r: UserListRow) => string> = [
    (r) => r.code,
    (r) => r.name,
    (r) => r.email,
    (r) => t(r.active ? 'bool.yes' : 'bool.no'),
    (r) => r.default_company ?? '',
    (r) => t(`option.language.${r.language}`),
  ];
  const columns: Column<UserListRow>[] = cells.map((value, i) => ({ header: headers[i]!, width: widths[i]!, value }));
  const list = useList({
    source,
    page: listPage(height),
    columns: columns.length,
    onOpen: (row) => store.getState().push({ screen: 'userForm', params: { code: row.code } }),
  });
  // Back from a user's form: the row may have changed.
  useOnReturn(list.refresh);
  // Changed elsewhere (another console, the CLI): read again, the cursor on the same row.
  useDataChanges(list.refresh);
  useCommands(
    { 'list.new': level === 'modification' && (() => store.getState().push({ screen: 'userForm', params: { code: undefined } })) },
    { active: !list.editingFilter },
  );
  return <ListView list={list} columns={columns} width={width} />;
}
