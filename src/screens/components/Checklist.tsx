import React from 'react';
import { Box, Text } from 'ink';
import { theme } from '../theme.js';
import { terminalSafe } from '../../services/terminalText.js';

export interface ChecklistItem {
  readonly value: string;
  readonly label: string;
}

export interface ChecklistProps {
  readonly title: string;
  readonly items: readonly ChecklistItem[];
  readonly checked: readonly string[];
  /** Highlighted item, or -1 when the list has no focus. */
  readonly cursor: number;
  readonly height: number;
  readonly error?: string | null;
}

/** The one checklist widget (Compagnies permises): Space toggles the highlighted item. */
export function Checklist({ title, items, checked, cursor, height, error }: ChecklistProps) {
  const th = theme();
  const h = Math.max(1, height - 1);
  const start = Math.min(Math.max(0, cursor - h + 1), Math.max(0, items.length - h));
  return (
    <Box flexDirection="column">
      <Text bold={cursor >= 0} color={error ? th.error : th.accent}>
        {cursor >= 0 ? '› ' : '  '}
        {title}
        {error ? <Text color={th.error}> {error}</Text> : null}
      </Text>
      {items.slice(start, start + h).map((it, i) => {
        const on = checked.includes(it.value);
        return (
          <Text key={it.value} inverse={start + i === cursor}>
            {'  '}
            {on ? '[x]' : '[ ]'} {terminalSafe(it.label)}
          </Text>
        );
      })}
    </Box>
  );
}

/** Toggles `value` in a list of checked values. */
export function toggle(list: readonly string[], value: string): string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}
