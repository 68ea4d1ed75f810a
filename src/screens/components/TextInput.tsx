import React, { useRef, useState } from 'react';
import { Text } from 'ink';
import { theme } from '../theme.js';
import { useKeys, type KeyLayer } from '../useKeys.js';
import { terminalSafe } from '../../services/terminalText.js';

export interface TextInputProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** Receives keys only while focused. */
  readonly focus: boolean;
  readonly mask?: boolean;
  readonly placeholder?: string;
  /** Visible width; the text scrolls horizontally inside it. */
  readonly width?: number;
  readonly multiline?: boolean;
  /** Enter: receives the value as it is now (typed text and Enter may arrive in one chunk). */
  readonly onSubmit?: (value: string) => void;
  readonly maxLength?: number;
  /** 'overlay' for an input inside a dialog or the palette. */
  readonly layer?: KeyLayer;
}

/** One-line (or multi-line) text entry: ←/→ Home/End, Backspace, Ctrl-U clears. */
export function TextInput({
  value,
  onChange,
  focus,
  mask,
  placeholder,
  width = 30,
  multiline,
  onSubmit,
  maxLength,
  layer,
}: TextInputProps) {
  const [cursorState, setCursorState] = useState(value.length);
  // Several keys can arrive in one event: work on refs so each sees the previous one's result.
  const valueRef = useRef(value);
  const propRef = useRef(value);
  const cursorRef = useRef(cursorState);
  if (value !== propRef.current) {
    propRef.current = value;
    // A value set from outside (a record loaded, a field cleared) puts the cursor at its
    // end; our own edit coming back as the prop changes nothing.
    if (value !== valueRef.current) {
      valueRef.current = value;
      cursorRef.current = value.length;
      if (cursorState !== value.length) setCursorState(value.length);
    }
  } else cursorRef.current = Math.min(cursorRef.current, valueRef.current.length);

  const setCursor = (c: number) => {
    cursorRef.current = c;
    setCursorState(c);
  };
  const setValue = (v: string) => {
    if (v === valueRef.current) return;
    valueRef.current = v;
    onChange(v);
  };
  const insert = (text: string) => {
    const v = valueRef.current;
    const c = cursorRef.current;
    let next = v.slice(0, c) + text + v.slice(c);
    if (maxLength !== undefined && next.length > maxLength) next = next.slice(0, maxLength);
    setValue(next);
    setCursor(Math.min(c + text.length, next.length));
  };

  useKeys(
    (input, key) => {
      const v = valueRef.current;
      const c = cursorRef.current;
      if (key.return) {
        if (multiline && !key.ctrl) insert('\n');
        else onSubmit?.(valueRef.current);
        return;
      }
      if (key.leftArrow) return setCursor(Math.max(0, c - 1));
      if (key.rightArrow) return setCursor(Math.min(v.length, c + 1));
      if (key.home || (key.ctrl && input === 'a')) return setCursor(0);
      if (key.end || (key.ctrl && input === 'e')) return setCursor(v.length);
      if (key.ctrl && input === 'u') {
        setValue('');
        setCursor(0);
        return;
      }
      // Most terminals send DEL (0x7f) for Backspace, which Ink reports as `delete`.
      if (key.backspace || key.delete) {
        if (c > 0) {
          setValue(v.slice(0, c - 1) + v.slice(c));
          setCursor(c - 1);
        }
        return;
      }
      if (key.ctrl || key.meta || key.escape || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown) return;
      if (input) insert(input.replace(/[\x00-\x1f]/g, ''));
    },
    { isActive: focus, layer, text: true },
  );

  const cursor = cursorRef.current;
  const shown = mask ? '•'.repeat(value.length) : value;
  const th = theme();
  // What is drawn is escaped (a value loaded from the database may hold anything).
  const safe = (s: string) => terminalSafe(s, { multiline });
  if (multiline) {
    return (
      <Text>
        {safe(shown)}
        {focus ? <Text inverse> </Text> : null}
      </Text>
    );
  }
  if (!shown && !focus && placeholder) return <Text color={th.muted}>{placeholder}</Text>;
  // Not focused: the beginning of the text, "…" when it is longer than the field.
  if (!focus) return <Text>{safe(shown.length > width ? shown.slice(0, Math.max(0, width - 1)) + '…' : shown)}</Text>;
  // Focused: scroll horizontally so the cursor stays visible.
  const start = Math.max(0, cursor - width + 1);
  const visible = shown.slice(start, start + width);
  const cur = cursor - start;
  return (
    <Text>
      {safe(visible.slice(0, cur))}
      <Text inverse>{safe(visible[cur] ?? ' ')}</Text>
      {safe(visible.slice(cur + 1))}
    </Text>
  );
}
