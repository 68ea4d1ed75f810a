import React from 'react';
import { Box, Text } from 'ink';
import { formatCount } from '../../services/i18n/index.js';
import { listPosition, type ListController } from '../lists/useList.js';
import { Table, type Column } from './Table.js';
import { TextInput } from './TextInput.js';
import { HeaderLine } from './HeaderLine.js';
import { terminalSafe } from '../../services/terminalText.js';
import { useLang, useT, useTheme } from '../context.js';

/** Lines a ListView takes besides its rows: the filter and position line, the header. */
export const LIST_CHROME = 2;

/** Rows of a list that fit in `height` lines. */
export function listPage(height: number): number {
  return Math.max(1, height - LIST_CHROME);
}

/**
 * The one list view: the filter (typed after `/`) and the position on one line, then the
 * table with the filter's matches underlined and the sorted column marked.
 */
export function ListView<Row>({
  list,
  columns,
  width,
  emptyText,
}: {
  list: ListController<Row>;
  columns: readonly Column<Row>[];
  width: number;
  emptyText?: string;
}) {
  const th = useTheme();
  const t = useT();
  const lang = useLang();
  const { state, editingFilter, typed } = list;
  const shown = editingFilter ? typed : state.filter;
  const position = listPosition(t, state, list.page, (n) => formatCount(n, lang));
  const label = `/${t('app.filter')}: `;
  return (
    <Box flexDirection="column">
      <HeaderLine position={position} width={width}>
        {state.error ? (
          <Text color={th.error} wrap="truncate-end">
            {state.error}
          </Text>
        ) : (
          <Text wrap="truncate-end">
            <Text bold={editingFilter} color={shown || editingFilter ? th.accent : th.muted}>
              {label}
            </Text>
            {editingFilter ? (
              <TextInput value={shown} onChange={list.setFilter} focus width={Math.max(10, width - position.length - label.length - 3)} />
            ) : (
              <Text>{terminalSafe(shown)}</Text>
            )}
          </Text>
        )}
      </HeaderLine>
      <Table
        columns={columns}
        rows={state.rows}
        cursor={editingFilter ? -1 : state.offset}
        height={list.page}
        highlight={state.filter}
        sort={state.sort}
        emptyText={state.loaded ? (emptyText ?? t('app.noRows')) : t('app.loading')}
      />
    </Box>
  );
}
