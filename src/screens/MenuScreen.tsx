import React, { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { t } from '../services/i18n/index.js';
import { allows, rightsOf } from '../services/rights.js';
import { isKey } from '../state/keymap.js';
import { openScreen } from './navigation.js';
import { useApp, useServices, useStoreApi } from './context.js';
import { useAsync, useScreenInput, useScreenKeys } from './hooks.js';
import { MENU, type MenuOption } from './menuTree.js';
import { theme } from './theme.js';
import type { ScreenProps } from './types.js';
import { terminalSafe } from '../services/terminalText.js';

/** Modules › menus › options, only those the user has a right to. */
export function MenuScreen(_props: ScreenProps) {
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const notices = useApp((s) => s.notices);
  const th = theme();
  useScreenKeys(['list', 'global'], false);
  const { data: rights } = useAsync(() => rightsOf(db, session.actor.id), [session.actor.id]);

  const visible = useMemo(() => {
    if (!rights) return [];
    const can = (o: MenuOption) =>
      o.fn === null ||
      (o.fn === 'report'
        ? Object.entries(rights).some(([fn, l]) => fn.startsWith('rapports.') && allows(l, 'lecture'))
        : allows(rights[o.fn] ?? 'aucun', 'lecture'));
    return MENU.map((g) => ({ ...g, options: g.options.filter(can) })).filter((g) => g.options.length);
  }, [rights]);
  const flat = visible.flatMap((g) => g.options);
  const [cursor, setCursor] = useState(0);

  useScreenInput((input, key) => {
    if (isKey('down', input, key)) setCursor((c) => Math.min(flat.length - 1, c + 1));
    else if (isKey('up', input, key)) setCursor((c) => Math.max(0, c - 1));
    else if (isKey('first', input, key)) setCursor(0);
    else if (isKey('last', input, key)) setCursor(flat.length - 1);
    else if (isKey('open', input, key) && flat[cursor]) openScreen(store, flat[cursor]!.screen);
  });

  if (!rights) return <Text color={th.muted}>{t('app.loading')}</Text>;
  if (!flat.length) return <Text color={th.warning}>{t('menu.empty')}</Text>;
  let index = 0;
  let lastModule = '';
  const lines: React.ReactNode[] = [];
  for (const g of visible) {
    if (g.module !== lastModule) {
      lines.push(
        <Text key={`m-${g.module}-${g.menu}`} bold color={th.accent}>
          {t(g.module)}
        </Text>,
      );
      lastModule = g.module;
    }
    lines.push(<Text key={`g-${g.module}-${g.menu}`}>{'  ' + t(g.menu)}</Text>);
    for (const o of g.options) {
      const i = index++;
      lines.push(
        <Text key={`o-${o.screen}`} inverse={i === cursor}>
          {'    ' + (i === cursor ? '› ' : '  ') + t(o.label) + '  '}
          <Text color={th.muted}>:{o.command}</Text>
        </Text>,
      );
    }
  }
  return (
    <Box>
      <Box flexDirection="column" width={42} flexShrink={0}>
        {lines}
      </Box>
      {notices.length ? (
        <Box flexDirection="column" borderStyle="round" borderColor={th.warning} paddingX={1} flexGrow={1}>
          <Text bold color={th.warning}>
            {t('alert.title')}
          </Text>
          {notices.map((n, i) => (
            <Text key={i}>• {terminalSafe(n)}</Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
