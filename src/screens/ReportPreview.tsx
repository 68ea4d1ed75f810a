import React from 'react';
import { Box, Text } from 'ink';
import { formatBytes, formatCount } from '../services/i18n/index.js';
import type { ReportPreview } from '../services/reports/preview.js';
import { Table, type Column } from './components/Table.js';
import { useListCursor } from './useListCursor.js';
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
 * Widths of the report's columns in `width` (a space between them): by their weights, each
 * at least as wide as its header when there is room (up to 10), taken from the widest.
 */
export function widthsByWeight(weights: readonly number[], headers: readonly string[], width: number): number[] {
  const room = Math.max(weights.length, width - (weights.length - 1));
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const out = weights.map((w) => Math.max(1, Math.floor((w / sum) * room)));
  const least = headers.map((h) => Math.min(Array.from(h).length, 10));
  for (let i = 0; i < out.length; i++) {
    while (out[i]! < least[i]!) {
      // One column from the one with the most to spare above its own least width.
      const donor = out.reduce((best, w, j) => (w - least[j]! > out[best]! - least[best]! ? j : best), 0);
      if (donor === i || out[donor]! - least[donor]! <= 0) break;
      out[donor]!--;
      out[i]!++;
    }
  }
  // What rounding left goes to the widest column.
  const widest = weights.indexOf(Math.max(...weights));
  out[widest] = Math.max(1, out[widest]! + room - out.reduce((a, b) => a + b, 0));
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
  const page = Math.max(1, props.height - PREVIEW_CHROME);
  const rows = preview?.rows ?? [];
  const scroll = useListCursor(rows.length, page, { active: focused });
  const widths = widthsByWeight(
    (preview?.columns ?? []).map((c) => c.weight),
    (preview?.columns ?? []).map((c) => c.label),
    inner,
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
      <Box>
        <Box flexGrow={1} flexShrink={1}>
          <Text bold wrap="truncate-end">
            {preview ? `${preview.code} — ${preview.title}` : props.code}
          </Text>
        </Box>
        <Box flexShrink={0} marginLeft={1}>
          <Text color={th.muted}>{position}</Text>
        </Box>
      </Box>
      <Text color={th.muted} wrap="truncate-end">
        {rendered
          ? t('rapports.pdfInfo', {
              pages: rendered.pages,
              size: formatBytes(rendered.bytes, lang),
              company: rendered.company,
              file: rendered.fileName,
            })
          : t('rapports.pdfHint')}
      </Text>
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
