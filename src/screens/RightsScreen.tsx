import React, { useEffect, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { errorMessage, t } from '../services/i18n/index.js';
import { REPORTS } from '../services/reports/catalog.js';
import { FUNCTIONS, LEVELS, allFunctions, getUserRights, levelOf, setUserRights, type RightLevel } from '../services/rights.js';
import { getUser, type UserRecord } from '../services/users/index.js';
import { ListStatus } from './components/ListStatus.js';
import { Table, columnWidths, type Column } from './components/Table.js';
import { useApp, useServices, useStoreApi } from './context.js';
import { useDirty, useTitle } from './hooks.js';
import { useCommands } from './keys/react.js';
import { theme } from './theme.js';
import type { ScreenProps } from './types.js';
import { useListCursor } from './useListCursor.js';

/** Utilisateurs › user › Changer droits utilisateurs: one row per function (module › menu › option, reports). */
export function RightsScreen({ route, width, height }: ScreenProps) {
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const code = String(route.params?.code ?? '');
  const [user, setUser] = useState<UserRecord | null>(null);
  const [levels, setLevels] = useState<Record<string, RightLevel> | null>(null);
  const [initial, setInitial] = useState('');
  const [readOnly, setReadOnly] = useState(true);
  const th = theme();
  const functions = useMemo(() => allFunctions(REPORTS.map((r) => r.code)), []);

  useEffect(() => {
    let alive = true;
    (async () => {
      const [u, rights, mine] = await Promise.all([
        getUser(db, session.actor, code),
        getUserRights(db, session.actor, code),
        levelOf(db, session.actor.id, FUNCTIONS.rights),
      ]);
      if (!alive) return;
      const full = Object.fromEntries(functions.map((fn) => [fn, rights[fn] ?? 'aucun'])) as Record<string, RightLevel>;
      setUser(u);
      setLevels(full);
      setInitial(JSON.stringify(full));
      setReadOnly(mine !== 'modification');
    })().catch((e) => {
      store.getState().setFlash({ kind: 'error', text: errorMessage(e) });
      store.getState().pop();
    });
    return () => {
      alive = false;
    };
  }, [db, session.actor, code, functions, store]);
  useTitle(t('screen.rights'));
  const dirty = levels !== null && JSON.stringify(levels) !== initial;
  useDirty(dirty);

  // The title line, the table's header, the status line.
  const page = Math.max(1, height - 3);
  const list = useListCursor(levels ? functions.length : 0, page);
  const save = async () => {
    if (!levels || readOnly) return;
    try {
      await setUserRights(db, session.actor, code, levels);
      setInitial(JSON.stringify(levels));
      store.getState().setFlash({ kind: 'success', text: t('app.saved') });
    } catch (e) {
      store.getState().setFlash({ kind: 'error', text: errorMessage(e) });
    }
  };
  const cycle = (delta: number) => {
    const fn = functions[list.cursor]!;
    const i = LEVELS.indexOf(levels![fn]!);
    setLevels({ ...levels!, [fn]: LEVELS[(i + delta + LEVELS.length) % LEVELS.length]! });
  };
  const editable = !readOnly && !!levels;
  useCommands({
    'form.save': editable && (() => void save()),
    'rights.next': editable && (() => cycle(1)),
    'rights.prev': editable && (() => cycle(-1)),
  });

  if (!levels || !user) return <Text color={th.muted}>{t('app.loading')}</Text>;
  const [wFn, wLevel] = columnWidths(width - 1, ['flex', 18]);
  const label = (fn: string) => {
    if (fn.startsWith('rapports.')) {
      const c = fn.slice('rapports.'.length);
      return `${t('module.rapports')} › ${c} ${t(`report.${c}`)}`;
    }
    return t(`function.${fn}`);
  };
  const columns: Column<string>[] = [
    { header: t('field.function'), width: wFn!, value: label },
    { header: t('field.level'), width: wLevel!, value: (fn) => `‹ ${t(`level.${levels[fn]}`)} ›` },
  ];
  return (
    <Box flexDirection="column">
      <Box justifyContent="space-between">
        <Text bold wrap="truncate-end">
          {t('screen.rights')} — {user.code} ({user.name}) {readOnly ? <Text color={th.warning}>{t('app.readOnly')}</Text> : null}
          {dirty ? <Text color={th.warning}> *</Text> : null}
        </Text>
        <ListStatus total={functions.length} cursor={list.cursor} top={list.top} page={page} loaded />
      </Box>
      <Table columns={columns} rows={functions.slice(list.top, list.top + page)} cursor={list.cursor - list.top} height={page} />
    </Box>
  );
}
