import React from 'react';
import { Box, Text } from 'ink';
import { useCommands } from '../keys/react.js';
import { useListCursor } from '../useListCursor.js';
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
  const h = Math.max(1, height - 1);
  // ↑ on the first item and ↓ on the last move on to the form's previous or next field.
  const { cursor, top: start } = useListCursor(items.length, h, {
    layer: 'widget',
    active: focus,
    commands: { up: 'checklist.up', down: 'checklist.down' },
    passAtEnds: true,
  });
  useCommands(
    { 'checklist.toggle': !readOnly && items.length > 0 && (() => onToggle(items[cursor]!.value)) },
    { layer: 'widget', active: focus },
  );
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
