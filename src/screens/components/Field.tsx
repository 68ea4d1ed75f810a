import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { useCommands } from '../keys/react.js';
import { useListCursor } from '../useListCursor.js';
import { TextInput } from './TextInput.js';
import { terminalSafe } from '../../services/terminalText.js';
import { useTheme } from '../context.js';

export type FieldValue = string | boolean;

export interface FieldOption {
  readonly value: string;
  readonly label: string;
}

export interface FieldProps {
  readonly label: string;
  readonly kind: 'text' | 'password' | 'bool' | 'date' | 'int' | 'select' | 'multiline' | 'readonly';
  readonly value: FieldValue;
  readonly onChange: (value: FieldValue) => void;
  readonly focus: boolean;
  readonly error?: string | null;
  readonly options?: readonly FieldOption[];
  readonly readOnly?: boolean;
  readonly labelWidth: number;
  readonly inputWidth: number;
  /** Shown after the input (Minutes, JJ/MM/AAAA…). */
  readonly suffix?: string;
  readonly maxLength?: number;
  /** Enter (on a text, date, number or checkbox field): the form moves on. */
  readonly onSubmit?: () => void;
  /** The width the field may use: its message wraps under the input within it. */
  readonly width?: number;
}

/** Lines a field takes: its row, and its message wrapped under the input (never cut). */
export function fieldHeight(error: string | null | undefined, width: number, labelWidth: number): number {
  if (!error) return 1;
  return 1 + Math.max(1, Math.ceil(Array.from(error).length / Math.max(10, width - labelWidth - 1)));
}

/** The one form-field widget: label, input (text, checkbox, dropdown…), message beside it. */
export function Field(props: FieldProps) {
  const th = useTheme();
  const { label, kind, focus, error, readOnly, labelWidth, inputWidth, suffix } = props;
  const marker = focus ? '›' : ' ';
  // Rows never shrink: squeezed rows would be drawn over each other (an open list makes the column taller).
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Box flexShrink={0}>
        <Box width={labelWidth} flexShrink={0}>
          <Text bold={focus} color={error ? th.error : undefined} wrap="truncate-end">
            {marker} {label}
          </Text>
        </Box>
        <Box width={inputWidth} flexShrink={0}>
          <FieldInput {...props} readOnly={readOnly || kind === 'readonly'} />
        </Box>
        {suffix ? (
          <Text color={th.muted} wrap="truncate-end">
            {' '}
            {suffix}
          </Text>
        ) : null}
      </Box>
      {error ? (
        <Box marginLeft={labelWidth} width={props.width ? Math.max(10, props.width - labelWidth) : undefined} flexShrink={0}>
          <Text color={th.error} wrap="wrap">
            {error}
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}

function FieldInput(props: FieldProps) {
  const { kind, value, focus, onChange, readOnly, inputWidth, options = [], maxLength, onSubmit } = props;
  const th = useTheme();
  const [listOpen, setListOpen] = useState(false);
  const editable = focus && !readOnly;
  const cycle = (delta: number) => {
    if (!options.length) return;
    const i = options.findIndex((o) => o.value === value);
    onChange(options[(i + delta + options.length) % options.length]!.value);
  };
  useCommands(
    {
      'field.toggle': kind === 'bool' && (() => onChange(!value)),
      'field.nextChoice': kind === 'select' && (() => cycle(1)),
      'field.prevChoice': kind === 'select' && (() => cycle(-1)),
      'field.openList': kind === 'select' && options.length > 0 && (() => setListOpen(true)),
      'field.submit': kind === 'bool' && !!onSubmit && onSubmit,
    },
    { layer: 'widget', active: editable && (kind === 'bool' || kind === 'select') },
  );
  // A read-only field still lets Enter move on.
  useCommands({ 'field.submit': !!onSubmit && onSubmit }, { layer: 'widget', active: focus && !!readOnly });
  if (kind === 'bool') return <Text>{value ? '[x]' : '[ ]'}</Text>;
  if (kind === 'select') {
    const label = terminalSafe(options.find((o) => o.value === value)?.label ?? String(value));
    return (
      <Box flexDirection="column" flexShrink={0}>
        <Text inverse={editable} color={readOnly ? th.muted : undefined} wrap="truncate-end">
          {readOnly ? label : `‹ ${label} ›`}
        </Text>
        {listOpen && editable ? (
          <ChoiceList
            options={options}
            value={String(value)}
            onPick={(v) => {
              setListOpen(false);
              onChange(v);
            }}
            onCancel={() => setListOpen(false)}
          />
        ) : null}
      </Box>
    );
  }
  if (readOnly)
    return (
      <Text color={th.muted} wrap="truncate-end">
        {kind === 'password' ? '••••' : terminalSafe(String(value), { multiline: kind === 'multiline' })}
      </Text>
    );
  return (
    <TextInput
      value={String(value)}
      onChange={(v) => onChange(kind === 'int' ? v.replace(/[^\d-]/g, '') : v)}
      focus={focus}
      mask={kind === 'password'}
      width={inputWidth - 1}
      multiline={kind === 'multiline'}
      maxLength={maxLength}
      onSubmit={onSubmit ? () => onSubmit() : undefined}
    />
  );
}

/** Enter on a select opens its list (a dialog): ↑/↓ then Enter picks, Esc keeps the old value. */
function ChoiceList(props: { options: readonly FieldOption[]; value: string; onPick: (value: string) => void; onCancel: () => void }) {
  const { options, value, onPick, onCancel } = props;
  const initial = Math.max(
    0,
    options.findIndex((o) => o.value === value),
  );
  const { cursor } = useListCursor(options.length, options.length, {
    layer: 'dialog',
    initial: { cursor: initial, top: 0 },
    commands: { up: 'choice.up', down: 'choice.down' },
  });
  useCommands(
    {
      'choice.pick': () => onPick(options[cursor]!.value),
      'choice.cancel': onCancel,
    },
    { layer: 'dialog' },
  );
  return (
    <Box flexDirection="column" borderStyle="single" flexShrink={0}>
      {options.map((o, i) => (
        <Text key={o.value || '(empty)'} inverse={i === cursor} wrap="truncate-end">
          {terminalSafe(o.label)}
        </Text>
      ))}
    </Box>
  );
}
