import React from 'react';
import { Box, Text } from 'ink';
import { fold, type Sort } from '../lists/source.js';
import { columnWidth, terminalSafe } from '../../services/terminalText.js';
import { cellsOf } from './textCells.js';
import { useTheme } from '../context.js';

export interface Column<Row> {
  readonly header: string;
  readonly width: number;
  readonly value: (row: Row) => string;
  readonly align?: 'left' | 'right';
}

export interface TableProps<Row> {
  readonly columns: readonly Column<Row>[];
  /** The rows to draw (a list's window). */
  readonly rows: readonly Row[];
  /** Index of the highlighted row in `rows`, or -1. */
  readonly cursor: number;
  /** Rows that fit on screen: only these are rendered. */
  readonly height: number;
  readonly emptyText?: string;
  /** Shown in each row where it occurs (the list's filter), accents and case ignored. */
  readonly highlight?: string;
  /** The sorted column: ▲ or ▼ beside its header. */
  readonly sort?: Sort | null;
}

export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  // Whitespace runs become one space; any other control character a visible escape.
  const s = terminalSafe(text.replace(/\s+/g, ' '));
  // Counted in columns (an emoji or a CJK character takes two), cut at whole characters.
  let shown = s;
  if (columnWidth(s) > width) {
    const room = width <= 1 ? width : width - 1;
    shown = '';
    let used = 0;
    for (const c of cellsOf(s, (x) => x)) {
      if (used + c.width > room) break;
      shown += c.text;
      used += c.width;
    }
    if (width > 1) shown += '…';
  }
  const pad = ' '.repeat(Math.max(0, width - columnWidth(shown)));
  return align === 'right' ? pad + shown : shown + pad;
}

/** A header cut to its column, with the sort mark kept whole. */
function headerText(header: string, width: number, mark: string, align: 'left' | 'right' = 'left'): string {
  if (!mark) return fit(header, width, align);
  return fit(fit(header, Math.max(1, width - mark.length)).trimEnd() + mark, width, align);
}

/**
 * The one table widget: a header and a window of rows that keeps the cursor visible.
 * Each row is its own memoised line keyed by its index: moving the cursor redraws two
 * lines, and Ink re-measures only those (not the whole list).
 */
export function Table<Row>({ columns, rows, cursor, height, emptyText, highlight, sort }: TableProps<Row>) {
  const th = useTheme();
  const h = Math.max(1, height);
  const maxTop = Math.max(0, rows.length - h);
  const top = cursor < 0 ? 0 : Math.min(Math.max(0, cursor - h + 1), maxTop);
  const visible = rows.slice(top, top + h);
  const needle = highlight ? fold(highlight.trim()) : '';
  return (
    <Box flexDirection="column">
      <Text bold color={th.accent}>
        {columns.map((c, i) => headerText(c.header, c.width, sort?.column === i ? (sort.desc ? ' ▼' : ' ▲') : '', c.align)).join(' ')}
      </Text>
      {rows.length === 0 ? <Text color={th.muted}>{emptyText ?? ''}</Text> : null}
      {visible.map((row, i) => (
        <TableLine
          key={top + i}
          text={columns.map((c) => fit(c.value(row), c.width, c.align)).join(' ')}
          selected={top + i === cursor}
          needle={needle}
        />
      ))}
    </Box>
  );
}

/** The line in parts: [text, matches] alternating, from the folded needle. */
export function splitMatches(text: string, needle: string): Array<{ text: string; match: boolean }> {
  if (!needle) return [{ text, match: false }];
  const chars = Array.from(text);
  const folded = fold(text);
  const n = Array.from(needle).length;
  const parts: Array<{ text: string; match: boolean }> = [];
  let from = 0;
  for (let i = folded.indexOf(needle); i >= 0; i = folded.indexOf(needle, i + n)) {
    // fold() keeps one character for one, so indexes agree (for the BMP characters names hold).
    if (i > from) parts.push({ text: chars.slice(from, i).join(''), match: false });
    parts.push({ text: chars.slice(i, i + n).join(''), match: true });
    from = i + n;
  }
  if (from < chars.length) parts.push({ text: chars.slice(from).join(''), match: false });
  return parts;
}

const TableLine = React.memo(function TableLine({ text, selected, needle }: { text: string; selected: boolean; needle: string }) {
  const th = useTheme();
  const parts = needle
    ? splitMatches(text, needle).map((p, i) =>
        p.match ? (
          <Text key={i} bold underline>
            {p.text}
          </Text>
        ) : (
          p.text
        ),
      )
    : text;
  return selected ? (
    <Text inverse={th.noColor} backgroundColor={th.selectedBg} color={th.selectedFg}>
      {parts}
    </Text>
  ) : (
    <Text>{parts}</Text>
  );
});

/** Width a flexible column keeps before fixed columns grow to show their whole header. */
const FLEX_FLOOR = 14;

/**
 * Spreads the terminal's width over columns: fixed ones first, the flexible ones share the
 * rest. With `headers`, a fixed column narrower than its header grows to show it whole, as
 * long as the flexible columns keep FLEX_FLOOR characters.
 */
export function columnWidths(available: number, spec: readonly (number | 'flex')[], headers?: readonly string[]): number[] {
  const gaps = spec.length - 1;
  const flexCount = spec.filter((w) => w === 'flex').length || 1;
  const widths = spec.map((w) => (w === 'flex' ? 0 : w));
  const share = () => Math.floor((available - gaps - widths.reduce((a, b) => a + b, 0)) / flexCount);
  if (headers)
    spec.forEach((w, i) => {
      if (w === 'flex') return;
      const want = Array.from(headers[i] ?? '').length;
      for (let grow = want - widths[i]!; grow > 0; grow--) {
        widths[i]! += grow;
        if (share() >= FLEX_FLOOR) return;
        widths[i]! -= grow;
      }
    });
  // At least 6 wide, unless that would push the line past the terminal's edge (it would wrap).
  const room = share();
  const flexWidth = Math.max(Math.min(6, Math.max(1, room)), room);
  return spec.map((w, i) => (w === 'flex' ? flexWidth : widths[i]!));
}

/** Columns given as their wish (a fixed width or 'flex'), sized to `available` (headers whole when room allows). */
export function sizeColumns<Row>(
  available: number,
  defs: ReadonlyArray<Omit<Column<Row>, 'width'> & { readonly width: number | 'flex' }>,
): Column<Row>[] {
  const widths = columnWidths(
    available,
    defs.map((d) => d.width),
    defs.map((d) => d.header),
  );
  return defs.map((d, i) => ({ ...d, width: widths[i]! }));
}
