import React, { useMemo } from 'react';
import { Box, Text } from 'ink';
import { errorMessage, translate, translateDynamic, type Lang, type Translate } from '../services/i18n/index.js';
import { REPORTS } from '../services/reports/catalog.js';
import { FUNCTIONS, LEVELS, allFunctions, getUserRights, levelOf, setUserRights, type RightLevel } from '../services/rights.js';
import { getUser } from '../services/users/index.js';
import { ListView, listPage } from './components/ListView.js';
import { sizeColumns } from './components/Table.js';
import { useApp, useServices, useStoreApi, useLang, useT, useTheme } from './context.js';
import { useTitle } from './hooks.js';
import { useUserPart } from './useUserPart.js';
import { useCommands, useHoldKeys } from './keys/react.js';
import type { ScreenProps } from './types.js';
import { arraySource } from './lists/source.js';
import { useList } from './lists/useList.js';

/** A function as the menus name it: module › menu › option, or a report. */
function functionLabel(lang: Lang, fn: string): string {
  if (fn.startsWith('rapports.')) {
    const c = fn.slice('rapports.'.length);
    return `${translate(lang, 'module.rapports')} › ${c} ${translateDynamic(lang, `report.${c}`, '')}`;
  }
  return translateDynamic(lang, `function.${fn}`, fn);
}

const levelChoice = (t: Translate, level: RightLevel) => `‹ ${t(`level.${level}`)} ›`;

function levelLabel(t: Translate, levels: Readonly<Record<string, RightLevel>> | null, fn: string): string {
  return levelChoice(t, levels?.[fn] ?? 'aucun');
}

/** Utilisateurs › user › Changer droits utilisateurs: one row per function (module › menu › option, reports). */
export function RightsScreen({ route, width, height }: ScreenProps) {
  const t = useT();
  const lang = useLang();
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const code = String(route.params?.code ?? '');
  const th = useTheme();
  const functions = useMemo(() => allFunctions(REPORTS.map((r) => r.code)), []);
  const part = useUserPart(async () => {
    const [user, rights, level] = await Promise.all([
      getUser(db, session.actor, code),
      getUserRights(db, session.actor, code),
      levelOf(db, session.actor.id, FUNCTIONS.rights),
    ]);
    const value = Object.fromEntries(functions.map((fn) => [fn, rights[fn] ?? 'aucun'])) as Record<string, RightLevel>;
    return { user, value, level };
  }, [db, session.actor, code, functions]);
  const { user, value: levels, setValue: setLevels, readOnly, dirty } = part;
  useTitle(t('screen.rights'));

  const levelText = (fn: string) => levelLabel(t, levels, fn);
  const source = useMemo(
    () =>
      arraySource(
        levels ? functions : [],
        (fn) => [functionLabel(lang, fn), levelLabel(t, levels, fn)],
        (fn) => fn,
      ),
    [levels, functions, lang, t],
  );
  // The title line above the list.
  const list = useList({ source, page: listPage(height - 1), columns: 2 });
  const save = async () => {
    if (!levels || readOnly) return;
    try {
      await setUserRights(db, session.actor, code, levels);
      part.saved();
      store.getState().setFlash({ kind: 'success', text: t('app.saved') });
    } catch (e) {
      store.getState().setFlash({ kind: 'error', text: errorMessage(e, lang) });
    }
  };
  const cycle = (delta: number) => {
    const fn = list.current;
    if (!fn) return;
    // From the latest state: two quick presses before a redraw both count.
    setLevels((prev) => (prev ? { ...prev, [fn]: LEVELS[(LEVELS.indexOf(prev[fn]!) + delta + LEVELS.length) % LEVELS.length]! } : prev));
  };
  const editable = !readOnly && !!levels;
  // Keys typed while the rights are read act on them once they are there (the list holds
  // them while it reads its rows).
  useHoldKeys(!levels);
  useCommands(
    {
      'form.save': editable && (() => void save()),
      'rights.next': editable && (() => cycle(1)),
      'rights.prev': editable && (() => cycle(-1)),
    },
    { active: !list.editingFilter },
  );

  if (!levels || !user) return <Text color={th.muted}>{t('app.loading')}</Text>;
  const columns = sizeColumns<string>(width - 1, [
    { header: t('field.function'), width: 'flex', value: (fn) => functionLabel(lang, fn) },
    // As wide as its longest label: the function names take the rest.
    { header: t('field.level'), width: Math.max(...LEVELS.map((l) => levelChoice(t, l).length)), value: levelText },
  ]);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {t('screen.rights')} — {user.code} ({user.name}) {readOnly ? <Text color={th.warning}>{t('app.readOnly')}</Text> : null}
        {dirty ? <Text color={th.warning}> *</Text> : null}
      </Text>
      <ListView list={list} columns={columns} width={width} />
    </Box>
  );
}
