import React from 'react';
import { Box, Text } from 'ink';
import { theme } from '../theme.js';

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
  const s = text.replace(/\s+/g, ' ');
  if (s.length > width) return width <= 1 ? s.slice(0, width) : s.slice(0, width - 1) + '…';
  return align === 'right' ? s.padStart(width) : s.padEnd(width);
}

/**
 * The one table widget: a header and a window of rows that keeps the cursor visible.
 * The rows above and below the cursor are each one Text: few nodes for Ink to lay out,
 * so moving the cursor over a long list redraws fast.
 */
export function Table<Row>({ columns, rows, cursor, height, emptyText }: TableProps<Row>) {
  const th = theme();
  const h = Math.max(1, height);
  const maxTop = Math.max(0, rows.length - h);
  const top = cursor < 0 ? 0 : Math.min(Math.max(0, cursor - h + 1), maxTop);
  const visible = rows.slice(top, top + h);
  const line = (row: Row) => columns.map((c) => fit(c.value(row), c.width, c.align)).join(' ');
  const at = cursor - top;
  const before = (at > 0 ? visible.slice(0, at) : at < 0 ? visible : []).map(line);
  const selected = at >= 0 && at < visible.length ? line(visible[at]!) : null;
  const after = at >= 0 ? visible.slice(at + 1).map(line) : [];
  return (
    <Box flexDirection="column">
      <Text bold color={th.accent}>
        {columns.map((c) => fit(c.header, c.width, c.align)).join(' ')}
      </Text>
      {rows.length === 0 ? <Text color={th.muted}>{emptyText ?? ''}</Text> : null}
      {before.length ? <Text>{before.join('\n')}</Text> : null}
      {selected !== null ? (
        <Text inverse={th.noColor} backgroundColor={th.selectedBg} color={th.selectedFg}>
          {selected}
        </Text>
      ) : null}
      {after.length ? <Text>{after.join('\n')}</Text> : null}
    </Box>
  );
}

/** Spreads `total` columns of width over the terminal: fixed ones first, the rest share. */
export function columnWidths(available: number, spec: readonly (number | 'flex')[]): number[] {
  const gaps = spec.length - 1;
  const fixed = spec.reduce<number>((s, w) => s + (w === 'flex' ? 0 : w), 0);
  const flexCount = spec.filter((w) => w === 'flex').length || 1;
  const flexWidth = Math.max(6, Math.floor((available - gaps - fixed) / flexCount));
  return spec.map((w) => (w === 'flex' ? flexWidth : w));
}
