import React from 'react';
import { Text } from 'ink';
import { useT, useTheme } from '../context.js';
import type { Translate } from '../../services/i18n/index.js';

/** "Ligne 5/34 · Page 1/3": where the cursor is and how many rows there are, always shown. */
export function listPosition(t: Translate, total: number, cursor: number, top: number, page: number): string {
  if (total === 0) return t('app.noRows');
  const pages = Math.max(1, Math.ceil(total / Math.max(1, page)));
  // The last page may start mid-way (it is always full): count it as the last one.
  const current = top + page >= total ? pages : Math.min(pages, Math.floor(top / Math.max(1, page)) + 1);
  return `${t('app.position', { row: cursor + 1, total })} · ${t('app.page', { page: current, pages })}`;
}

export function ListStatus(props: { total: number; cursor: number; top: number; page: number; loaded: boolean }) {
  const t = useT();
  const th = useTheme();
  return (
    <Text color={th.muted} wrap="truncate-start">
      {props.loaded ? listPosition(t, props.total, props.cursor, props.top, props.page) : t('app.loading')}
    </Text>
  );
}
