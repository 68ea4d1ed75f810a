import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { useCommands } from '../keys/react.js';
import { terminalSafe } from '../../services/terminalText.js';
import { useTheme } from '../context.js';

export interface ChecklistItem {
  readonly value: string;
  readonly label: string;
}

export interface ChecklistProps {
  readonly title: string;
  readonly items: readonly ChecklistItem[];
  readonly checked: readonly string[];
  /** Has the keys: ↑/↓ move, Space ticks. */
  readonly focus: boolean;
  readonly readOnly?: boolean;
  readonly onToggle: (value: string) => void;
  readonly height: number;
  readonly error?: string | null;
}

/** The one checklist widget (Compagnies permises): Space toggles the highlighted item. */
export function Checklist({ title, items, checked, focus, readOnly, onToggle, height, error }: ChecklistProps) {
  const th = useTheme();
  const [cursorState, setCursor] = useState(0);
  const cursor = Math.min(cursorState, Math.max(0, items.length - 1));
  useCommands(
    {
      'checklist.up': cursor > 0 && (() => setCursor(cursor - 1)),
      'checklist.down': cursor < items.length - 1 && (() => setCursor(cursor + 1)),
      'checklist.toggle': !readOnly && items.length > 0 && (() => onToggle(items[cursor]!.value)),
    },
    { layer: 'widget', active: focus },
  );
  const h = Math.max(1, height - 1);
  const start = Math.min(Math.max(0, cursor - h + 1), Math.max(0, items.length - h));
  return (
    <Box flexDirection="column">
      <Text bold={focus} color={error ? th.error : th.accent} wrap="truncate-end">
        {focus ? '› ' : '  '}
        {title}
        {error ? <Text color={th.error}> {error}</Text> : null}
      </Text>
      {items.slice(start, start + h).map((it, i) => {
        const on = checked.includes(it.value);
        return (
          <Text key={it.value} inverse={focus && start + i === cursor} wrap="truncate-end">
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
