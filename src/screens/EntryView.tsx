import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { terminalSafe } from '../services/terminalText.js';
import { useT, useTheme } from './context.js';
import { useCommands } from './keys/react.js';

/** One line of an entry: its label and its whole value (wrapped, never cut). */
export interface EntryLine {
  readonly label: string;
  readonly value: string;
  readonly tone?: 'error' | 'warning';
}

/** Cuts `text` into lines of at most `width` characters, at spaces when it can. */
export function wrapText(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  // A value's own line breaks (a mail's text, a signature) are lines here; nothing else is obeyed.
  for (const paragraph of terminalSafe(text.replace(/\r\n?/g, '\n'), { multiline: true }).split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      let rest = word;
      while (Array.from(rest).length > w) {
        // A word longer than the line (an id, an address): cut it where the line ends.
        const room = line ? w - Array.from(line).length - 1 : w;
        if (room <= 0) {
          out.push(line);
          line = '';
          continue;
        }
        const chars = Array.from(rest);
        out.push(line ? `${line} ${chars.slice(0, room).join('')}` : chars.slice(0, room).join(''));
        line = '';
        rest = chars.slice(room).join('');
      }
      const next = line ? `${line} ${rest}` : rest;
      if (Array.from(next).length > w) {
        out.push(line);
        line = rest;
      } else line = next;
    }
    out.push(line);
  }
  return out;
}

/**
 * An entry in full (Audit, Journal des courriels): every field on its own line, each value
 * whole, wrapped to the width; scrolled with ↑/↓ PgUp/PgDn Home/End when it is longer
 * than the screen.
 */
export function EntryView({ lines, width, height }: { lines: readonly EntryLine[]; width: number; height: number }) {
  const t = useT();
  const th = useTheme();
  const labelWidth = Math.min(22, Math.max(...lines.map((l) => Array.from(l.label).length), 4) + 2);
  const valueWidth = Math.max(10, width - labelWidth - 1);
  const rows = lines.flatMap((l) =>
    wrapText(l.value || '—', valueWidth).map((text, i) => ({ label: i === 0 ? l.label : '', text, tone: l.tone })),
  );
  const page = Math.max(1, height - 1);
  const [topState, setTop] = useState(0);
  const last = Math.max(0, rows.length - page);
  const top = Math.min(topState, last);
  const scroll = (to: number) => setTop(Math.max(0, Math.min(last, to)));
  const more = rows.length > page;
  useCommands({
    'list.up': more && (() => scroll(top - 1)),
    'list.down': more && (() => scroll(top + 1)),
    'list.pageUp': more && (() => scroll(top - page)),
    'list.pageDown': more && (() => scroll(top + page)),
    'list.first': more && (() => scroll(0)),
    'list.last': more && (() => scroll(last)),
  });
  return (
    <Box flexDirection="column">
      <Text color={th.muted}>
        {more ? t('entry.lines', { from: top + 1, to: Math.min(rows.length, top + page), total: rows.length }) : ' '}
      </Text>
      {rows.slice(top, top + page).map((r, i) => (
        <Box key={top + i}>
          <Box width={labelWidth} flexShrink={0}>
            <Text bold color={th.muted}>
              {r.label}
            </Text>
          </Box>
          <Text color={r.tone === 'error' ? th.error : r.tone === 'warning' ? th.warning : undefined}>{r.text}</Text>
        </Box>
      ))}
    </Box>
  );
}
