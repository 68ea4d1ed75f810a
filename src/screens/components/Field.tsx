import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../useKeys.js';
import { theme } from '../theme.js';
import { TextInput } from './TextInput.js';
import { terminalSafe } from '../../services/terminalText.js';

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
  /** Enter in a one-line input. */
  readonly onSubmit?: () => void;
  /** A select's list is open (the form stops moving focus while it is). */
  readonly onDropdown?: (open: boolean) => void;
}

/** The one form-field widget: label, input (text, checkbox, dropdown…), message beside it. */
export function Field(props: FieldProps) {
  const th = theme();
  const { label, kind, focus, error, readOnly, labelWidth, inputWidth, suffix } = props;
  const marker = focus ? '›' : ' ';
  return (
    <Box flexDirection="column">
      <Box>
        <Box width={labelWidth} flexShrink={0}>
          <Text bold={focus} color={error ? th.error : undefined} wrap="truncate-end">
            {marker} {label}
          </Text>
        </Box>
        <Box width={inputWidth} flexShrink={0}>
          <FieldInput {...props} readOnly={readOnly || kind === 'readonly'} />
        </Box>
        {suffix ? <Text color={th.muted}> {suffix}</Text> : null}
        {error ? (
          <Text color={th.error} wrap="truncate-end">
            {' '}
            {error}
          </Text>
        ) : null}
      </Box>
      {kind === 'select' && focus && !readOnly ? <Dropdown {...props} /> : null}
    </Box>
  );
}

function FieldInput(props: FieldProps) {
  const { kind, value, focus, onChange, readOnly, inputWidth, options, maxLength, onSubmit } = props;
  const th = theme();
  useKeys(
    (input, key) => {
      if (kind === 'bool' && input === ' ') onChange(!value);
      if (kind === 'select' && options?.length && (key.leftArrow || key.rightArrow || input === ' ')) {
        const i = options.findIndex((o) => o.value === value);
        const next = key.leftArrow ? (i - 1 + options.length) % options.length : (i + 1) % options.length;
        onChange(options[next]!.value);
      }
    },
    { isActive: focus && !readOnly && (kind === 'bool' || kind === 'select') },
  );
  if (kind === 'bool') return <Text>{value ? '[x]' : '[ ]'}</Text>;
  if (kind === 'select') {
    const label = terminalSafe(options?.find((o) => o.value === value)?.label ?? String(value));
    return (
      <Text inverse={focus && !readOnly} color={readOnly ? th.muted : undefined} wrap="truncate-end">
        {readOnly ? label : `‹ ${label} ›`}
      </Text>
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

/** Enter on a select opens its list: ↑/↓ then Enter picks, Esc keeps the old value. */
function Dropdown(props: FieldProps) {
  const { options = [], value, onChange, onDropdown, labelWidth } = props;
  const [open, setOpen] = useState(false);
  const [cursor, setCursor] = useState(0);
  useKeys((_input, key) => {
    if (!open) {
      if (key.return) {
        setCursor(
          Math.max(
            0,
            options.findIndex((o) => o.value === value),
          ),
        );
        setOpen(true);
        onDropdown?.(true);
      }
      return;
    }
    if (key.upArrow) setCursor((c) => Math.max(0, c - 1));
    else if (key.downArrow) setCursor((c) => Math.min(options.length - 1, c + 1));
    else if (key.return) {
      onChange(options[cursor]!.value);
      setOpen(false);
      onDropdown?.(false);
    } else if (key.escape) {
      setOpen(false);
      onDropdown?.(false);
    }
  });
  if (!open) return null;
  return (
    <Box flexDirection="column" marginLeft={labelWidth} borderStyle="single">
      {options.map((o, i) => (
        <Text key={o.value || '(empty)'} inverse={i === cursor}>
          {terminalSafe(o.label)}
        </Text>
      ))}
    </Box>
  );
}
