import React from 'react';
import { Text } from 'ink';
import type { Hint } from '../keys/bus.js';
import { useHints } from '../keys/react.js';
import { useT, useTheme } from '../context.js';
import type { Translate } from '../../services/i18n/index.js';

/** Always given room in the footer: how to leave and how to get help. */
const RESERVED: ReadonlySet<string> = new Set(['nav.back', 'app.exit', 'app.help']);

/**
 * The footer's hints that fit in `width`, each one a key that works right now: the focused
 * element's and the screen's first, then the global ones; Esc and help always find room.
 */
export function footerHints(t: Translate, hints: readonly Hint[], width: number): Array<{ hint: Hint; text: string }> {
  const candidates = hints.filter((h) => h.footer);
  const reserved = candidates.filter((h) => RESERVED.has(h.command));
  const size = (h: Hint) => Array.from(`${h.label} ${t(h.description)}`).length + 2;
  let used = reserved.reduce((n, h) => n + size(h), 0) - 2;
  const chosen = new Set<Hint>(reserved);
  const labels = new Set(reserved.map((h) => h.label));
  for (const h of candidates) {
    if (chosen.has(h) || labels.has(h.label) || used + size(h) > width) continue;
    used += size(h);
    chosen.add(h);
    labels.add(h.label);
  }
  return candidates.filter((h) => chosen.has(h)).map((hint) => ({ hint, text: `${hint.label} ${t(hint.description)}` }));
}

/** Footer: the keys active now, from the key bus (what is registered is what is shown). */
export function KeyHints({ width }: { width: number }) {
  const t = useT();
  const th = useTheme();
  const shown = footerHints(t, useHints(), width);
  const parts: React.ReactNode[] = [];
  for (const [i, { hint }] of shown.entries()) {
    parts.push(
      <Text key={hint.command} bold color={th.accent}>
        {i ? `  ${hint.label}` : hint.label}
      </Text>,
      <Text key={`${hint.command}-d`} color={th.muted}>
        {` ${t(hint.description)}`}
      </Text>,
    );
  }
  // One text node for the whole line: less for Ink to lay out on every frame.
  return <Text wrap="truncate-end">{parts.length ? parts : ' '}</Text>;
}
