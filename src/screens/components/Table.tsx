import React from 'react';
import { Box, Text } from 'ink';
import { theme } from '../theme.js';
import { terminalSafe } from '../../services/terminalText.js';

export interface Column<Row> {
  readonly header: string;
  readonly width: number;
  readonly value: (row: Row) => string;
  readonly align?: 'left' | 'right';
}

export interface TableProps<Row> {
  readonly columns: readonly Column<Row>[];
  readonly rows: readonly Row[];
  /** Index of the highlighted row in `rows`, or -1. */
  readonly cursor: number;
  /** Rows that fit on screen: only these are rendered. */
  readonly height: number;
  readonly emptyText?: string;
}

export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  // Whitespace runs become one space; any other control character a visible escape.
  const s = terminalSafe(text.replace(/\s+/g, ' '));
  if (s.length > width) return width <= 1 ? s.slice(0, width) : s.slice(0, width - 1) + '…';
  return align === 'right' ? s.padStart(width) : s.padEnd(width);
}

/**
 * The one table widget: a header and a window of rows that keeps the cursor visible.
 * Each row is its own memoised line keyed by its index: moving the cursor redraws two
 * lines, and Ink re-measures only those (not the whole list).
 */
export function Table<Row>({ columns, rows, cursor, height, emptyText }: TableProps<Row>) {
  const th = theme();
  const h = Math.max(1, height);
  const maxTop = Math.max(0, rows.length - h);
  const top = cursor < 0 ? 0 : Math.min(Math.max(0, cursor - h + 1), maxTop);
  const visible = rows.slice(top, top + h);
  return (
    <Box flexDirection="column">
      <Text bold color={th.accent}>
        {columns.map((c) => fit(c.header, c.width, c.align)).join(' ')}
      </Text>
      {rows.length === 0 ? <Text color={th.muted}>{emptyText ?? ''}</Text> : null}
      {visible.map((row, i) => (
        <TableLine key={top + i} text={columns.map((c) => fit(c.value(row), c.width, c.align)).join(' ')} selected={top + i === cursor} />
      ))}
    </Box>
  );
}

const TableLine = React.memo(function TableLine({ text, selected }: { text: string; selected: boolean }) {
  const th = theme();
  return selected ? (
    <Text inverse={th.noColor} backgroundColor={th.selectedBg} color={th.selectedFg}>
      {text}
    </Text>
  ) : (
    <Text>{text}</Text>
  );
});

/** Spreads `total` columns of width over the terminal: fixed ones first, the rest share. */
export function columnWidths(available: number, spec: readonly (number | 'flex')[]): number[] {
  const gaps = spec.length - 1;
  const fixed = spec.reduce<number>((s, w) => s + (w === 'flex' ? 0 : w), 0);
  const flexCount = spec.filter((w) => w === 'flex').length || 1;
  // At least 6 wide, unless that would push the line past the terminal's edge (it would wrap).
  const room = Math.floor((available - gaps - fixed) / flexCount);
  const flexWidth = Math.max(Math.min(6, Math.max(1, room)), room);
  return spec.map((w) => (w === 'flex' ? flexWidth : w));
}
