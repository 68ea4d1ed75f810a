import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { keyLabel } from '../../state/keymap.js';
import type { Hint, Layer } from '../keys/bus.js';
import { useCommands, useHints } from '../keys/react.js';
import { useStoreApi, useT, useTheme } from '../context.js';
import { usePaletteCommands } from './paletteCommands.js';
import type { Translate } from '../../services/i18n/index.js';

const GROUP_OF: Record<Layer, string> = {
  overlay: 'keys.focused',
  dialog: 'keys.focused',
  widget: 'keys.focused',
  screen: 'keys.screen',
  global: 'keys.global',
};

/** The line cut to `width` (with …), its spacing kept. */
function clip(text: string, width: number): string {
  const chars = Array.from(text);
  return chars.length > width ? chars.slice(0, width - 1).join('') + '…' : text;
}

export interface HelpLine {
  readonly text: string;
  readonly heading?: boolean;
}

/** The help's lines: the keys of the focused element, of the screen, everywhere; then the palette commands. */
export function helpLines(t: Translate, hints: readonly Hint[], palette: ReadonlyArray<{ name: string; label: string }>): HelpLine[] {
  const lines: HelpLine[] = [];
  for (const group of ['keys.focused', 'keys.screen', 'keys.global'] as const) {
    const mine = hints.filter((h) => GROUP_OF[h.layer] === group);
    if (!mine.length) continue;
    lines.push({ text: t(group), heading: true });
    for (const h of mine) lines.push({ text: `  ${h.keys.map(keyLabel).join('/').padEnd(14)} ${t(h.description)}` });
  }
  if (palette.length) {
    lines.push({ text: t('keys.palette'), heading: true });
    for (const c of palette) lines.push({ text: `  :${c.name.padEnd(13)} ${c.label}` });
  }
  return lines;
}

/** `?`/F1: the keys that work under it right now, scrollable, and the palette commands. */
export function HelpOverlay({ width, height }: { width: number; height: number }) {
  const t = useT();
  const th = useTheme();
  const store = useStoreApi();
  const [offset, setOffset] = useState(0);
  const hints = useHints(true);
  const palette = usePaletteCommands().filter((c) => c.allowed);
  const lines = helpLines(
    t,
    hints,
    palette.map((c) => ({ name: c.names[0]!, label: t(c.label) })),
  );
  // Border (2) and the title line.
  const page = Math.max(1, height - 3);
  const maxOffset = Math.max(0, lines.length - page);
  const top = Math.min(offset, maxOffset);
  const scroll = (d: number) => setOffset(Math.max(0, Math.min(maxOffset, top + d)));
  useCommands(
    {
      'help.close': () => store.getState().closeOverlay(),
      'help.up': top > 0 && (() => scroll(-1)),
      'help.down': top < maxOffset && (() => scroll(1)),
      'help.pageUp': top > 0 && (() => scroll(-page)),
      'help.pageDown': top < maxOffset && (() => scroll(page)),
    },
    { layer: 'overlay' },
  );
  const inner = Math.max(10, width - 4);
  const position = lines.length > page ? ` ${top + 1}–${Math.min(lines.length, top + page)}/${lines.length}` : '';
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={th.accent} paddingX={1} width={width} height={height}>
      <Text bold wrap="truncate-end">
        {clip(`${t('app.help')}${position}`, inner)}
      </Text>
      {lines.slice(top, top + page).map((l, i) => (
        <Text key={top + i} bold={l.heading} color={l.heading ? th.accent : undefined} wrap="truncate-end">
          {clip(l.text, inner)}
        </Text>
      ))}
    </Box>
  );
}
