import React, { useEffect, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { errorMessage, t } from '../services/i18n/index.js';
import { REPORTS } from '../services/reports/catalog.js';
import { FUNCTIONS, LEVELS, allFunctions, getUserRights, levelOf, type RightLevel } from '../services/rights.js';
import type { UserRecord } from '../services/users/index.js';
import { isKey } from '../state/keymap.js';
import { Table, columnWidths, type Column } from './components/Table.js';
import { useApp, useServices, useStoreApi } from './context.js';
import { useScreenInput, useScreenKeys } from './hooks.js';
import { theme } from './theme.js';
import { setUserRights } from '../services/rights.js';

interface Props {
  readonly user: UserRecord;
  readonly width: number;
  readonly height: number;
  readonly onClose: () => void;
}

/** Changer droits utilisateurs: one row per function (module › menu › option, reports). */
export function RightsView({ user, width, height, onClose }: Props) {
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const [levels, setLevels] = useState<Record<string, RightLevel> | null>(null);
  const [initial, setInitial] = useState('');
  const [readOnly, setReadOnly] = useState(true);
  const [cursor, setCursor] = useState(0);
  const th = theme();
  useScreenKeys(['rights', 'list', 'global'], false);
  const functions = useMemo(() => allFunctions(REPORTS.map((r) => r.code)), []);

  useEffect(() => {
    (async () => {
      const [rights, mine] = await Promise.all([
        getUserRights(db, session.actor, user.code),
        levelOf(db, session.actor.id, FUNCTIONS.rights),
      ]);
      const full = Object.fromEntries(functions.map((fn) => [fn, rights[fn] ?? 'aucun'])) as Record<string, RightLevel>;
      setLevels(full);
      setInitial(JSON.stringify(full));
      setReadOnly(mine !== 'modification');
    })().catch((e) => {
      store.getState().setFlash({ kind: 'error', text: errorMessage(e) });
      onClose();
    });
    store.getState().setCrumbExtra(`${user.code} › ${t('screen.rights')}`);
    return () => store.getState().setCrumbExtra(`${user.code} — ${user.name}`);
  }, [user.code]);

  const dirty = levels !== null && JSON.stringify(levels) !== initial;
  const save = async () => {
    if (!levels || readOnly) return;
    try {
      await setUserRights(db, session.actor, user.code, levels);
      setInitial(JSON.stringify(levels));
      store.getState().setFlash({ kind: 'success', text: t('app.saved') });
    } catch (e) {
      store.getState().setFlash({ kind: 'error', text: errorMessage(e) });
    }
  };

  useScreenInput((input, key) => {
    if (!levels) return;
    if (isKey('back', input, key)) {
      if (!dirty) return onClose();
      return store.getState().confirm({ message: t('app.unsavedConfirm'), dangerous: true, onYes: onClose });
    }
    if (isKey('save', input, key)) return void save();
    if (isKey('down', input, key)) return setCursor((c) => Math.min(functions.length - 1, c + 1));
    if (isKey('up', input, key)) return setCursor((c) => Math.max(0, c - 1));
    if (!readOnly && (input === ' ' || key.leftArrow || key.rightArrow)) {
      const fn = functions[cursor]!;
      const i = LEVELS.indexOf(levels[fn]!);
      const next = LEVELS[(i + (key.leftArrow ? LEVELS.length - 1 : 1)) % LEVELS.length]!;
      setLevels({ ...levels, [fn]: next });
    }
  });

  if (!levels) return <Text color={th.muted}>{t('app.loading')}</Text>;
  const [wFn, wLevel] = columnWidths(width - 1, ['flex', 18]);
  const label = (fn: string) => {
    if (fn.startsWith('rapports.')) {
      const code = fn.slice('rapports.'.length);
      return `${t('module.rapports')} › ${code} ${t(`report.${code}`)}`;
    }
    return t(`function.${fn}`);
  };
  const columns: Column<string>[] = [
    { header: t('field.function'), width: wFn!, value: label },
    { header: t('field.level'), width: wLevel!, value: (fn) => `‹ ${t(`level.${levels[fn]}`)} ›` },
  ];
  return (
    <Box flexDirection="column">
      <Text bold>
        {t('screen.rights')} — {user.code} ({user.name}) {readOnly ? <Text color={th.warning}>{t('app.readOnly')}</Text> : null}
        {dirty ? <Text color={th.warning}> *</Text> : null}
      </Text>
      <Table columns={columns} rows={functions} cursor={cursor} height={height - 2} />
    </Box>
  );
}
