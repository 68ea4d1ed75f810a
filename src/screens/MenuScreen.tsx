import React, { useEffect, useMemo } from 'react';
import { Box, Text } from 'ink';
import { log } from '../services/log.js';
import { rightsOf } from '../services/rights.js';
import { openScreen } from './navigation.js';
import { useApp, useServices, useStoreApi, useT, useTheme } from './context.js';
import { useAsync } from './hooks.js';
import { useScopeActive } from './keys/react.js';
import { MENU, allowedBy } from './menuTree.js';
import { refreshNotices } from './SessionGuard.js';
import type { ScreenProps } from './types.js';
import { useListCursor } from './useListCursor.js';
import { terminalSafe } from '../services/terminalText.js';

/** Modules › menus › options, only those the user has a right to. */
export function MenuScreen({ height }: ScreenProps) {
  const t = useT();
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const notices = useApp((s) => s.notices);
  const th = useTheme();
  const { data: rights } = useAsync(() => rightsOf(db, session.actor.id), [session.actor.id]);
  const shown = useScopeActive();
  // Back on the menu (or unlocked): the alerts say what is still true, not what was at login.
  useEffect(() => {
    if (shown) refreshNotices(db, store).catch((e) => log('warn', 'login alerts failed', e));
  }, [shown, db, store]);

  const visible = useMemo(() => {
    if (!rights) return [];
    return MENU.map((g) => ({ ...g, options: g.options.filter((o) => allowedBy(rights, o.fn)) })).filter((g) => g.options.length);
  }, [rights]);
  const flat = visible.flatMap((g) => g.options);
  const { cursor } = useListCursor(flat.length, height, { onOpen: () => openScreen(store, flat[cursor]!.screen, t) });

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
            <Text key={i} wrap="wrap">
              • {terminalSafe(n)}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
