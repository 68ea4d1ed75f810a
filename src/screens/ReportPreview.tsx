import React from 'react';
import { Box, Text } from 'ink';
import { formatBytes, formatCount } from '../services/i18n/index.js';
import type { ReportPreview } from '../services/reports/preview.js';
import { Table, type Column } from './components/Table.js';
import { HeaderLine } from './components/HeaderLine.js';
import { useListCursor } from './useListCursor.js';
import { wrapText } from './EntryView.js';
import { useLang, useT, useTheme } from './context.js';

/** What Enter found out about the report's PDF. */
export interface RenderedInfo {
  readonly pages: number;
  readonly bytes: number;
  readonly fileName: string;
  readonly company: string;
}

/** Lines the pane takes besides its rows: the border, the title, the PDF line, the header. */
export const PREVIEW_CHROME = 5;

/**
 * Widths of the report's columns in `width` (a space between them). Each column first gets
 * its whole header (when the headers fit side by side; else the longest are shortened
 * alike); then the columns whose rows (`cells`) are cut: first those an even share of
 * the room makes whole, then the others by the report's weights; what is left goes to
 * the widest column.
 */
export function widthsByWeight(
  weights: readonly number[],
  headers: readonly string[],
  width: number,
  cells: ReadonlyArray<readonly string[]> = [],
): number[] {
  const room = Math.max(weights.length, width - (weights.length - 1));
  const len = (s: string) => Array.from(s).length;
  const names = headers.map(len);
  // The widest header length every column may claim with all of them still fitting.
  let cap = Math.max(1, ...names);
  while (cap > 1 && names.reduce((a, n) => a + Math.min(n, cap), 0) > room) cap--;
  const out = names.map((n) => Math.max(1, Math.min(n, cap)));
  const wanted = names.map((n, i) => Math.max(n, ...cells.map((r) => len(r[i] ?? ''))));
  let left = room - out.reduce((a, b) => a + b, 0);
  const deficit = (i: number) => wanted[i]! - out[i]!;
  let cut = out.map((_, i) => i).filter((i) => deficit(i) > 0);
  // First the cut columns that an even share makes whole (a short Langue, a Code)…
  for (;;) {
    const share = Math.floor(left / Math.max(1, cut.length));
    const whole = cut.filter((i) => deficit(i) <= share);
    if (!cut.length || !whole.length) break;
    for (const i of whole) {
      left -= deficit(i);
      out[i] = wanted[i]!;
    }
    cut = cut.filter((i) => deficit(i) > 0);
  }
  // …then the rest by the report's weights among those still cut, one column at a time.
  for (; left > 0 && cut.length; left--) {
    const pick = cut.reduce((a, i) => (out[i]! / (weights[i]! || 1) < out[a]! / (weights[a]! || 1) ? i : a));
    out[pick]!++;
    cut = cut.filter((i) => deficit(i) > 0);
  }
  const widest = weights.indexOf(Math.max(...weights));
  if (left > 0 && widest >= 0) out[widest]! += left;
  return out;
}

/**
 * The report under the cursor as it prints: its columns and first rows, scrolled with the
 * list keys while it has the focus (Tab).
 */
export function ReportPreviewPane(props: {
  readonly code: string;
  readonly preview: ReportPreview | null;
  readonly rendered: RenderedInfo | null;
  readonly focused: boolean;
  readonly width: number;
  readonly height: number;
}) {
  const t = useT();
  const lang = useLang();
  const th = useTheme();
  const { preview, rendered, focused } = props;
  const inner = Math.max(10, props.width - 4);
  // The PDF line whole (its file name is the one the mail and `s` use): wrapped, the rows make room.
  const pdfLines = wrapText(
    rendered
      ? t('rapports.pdfInfo', {
          pages: rendered.pages,
          size: formatBytes(rendered.bytes, lang),
          company: rendered.company,
          file: rendered.fileName,
        })
      : t('rapports.pdfHint'),
    inner,
  );
  const page = Math.max(1, props.height - PREVIEW_CHROME - (pdfLines.length - 1));
  const rows = preview?.rows ?? [];
  const scroll = useListCursor(rows.length, page, { active: focused });
  const widths = widthsByWeight(
    (preview?.columns ?? []).map((c) => c.weight),
    (preview?.columns ?? []).map((c) => c.label),
    inner,
    rows,
  );
  const columns: Column<readonly string[]>[] = (preview?.columns ?? []).map((c, i) => ({
    header: c.label,
    width: widths[i]!,
    value: (r) => r[i] ?? '',
    align: c.align === 'right' ? 'right' : 'left',
  }));
  const shownTo = Math.min(rows.length, scroll.top + page);
  const position = preview
    ? t('rapports.previewRows', {
        from: formatCount(rows.length ? scroll.top + 1 : 0, lang),
        to: formatCount(shownTo, lang),
        total: formatCount(preview.total, lang),
      })
    : '';
  return (
    <Box
      flexDirection="column"
      borderStyle="single"
      borderColor={focused ? th.accent : th.muted}
      paddingX={1}
      width={props.width}
      height={props.height}
    >
      <HeaderLine position={position}>
        <Text bold wrap="truncate-end">
          {preview ? `${preview.code} — ${preview.title}` : props.code}
        </Text>
      </HeaderLine>
      {pdfLines.map((line, i) => (
        <Text key={i} color={th.muted}>
          {line}
        </Text>
      ))}
      {preview ? (
        <Table
          columns={columns}
          rows={rows.slice(scroll.top, scroll.top + page)}
          cursor={focused ? scroll.cursor - scroll.top : -1}
          height={page}
          emptyText={t('report.noRows')}
        />
      ) : (
        <Text color={th.muted}>{t('app.loading')}</Text>
      )}
    </Box>
  );
}
