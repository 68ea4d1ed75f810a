import React, { useRef, useState } from 'react';
import { Text } from 'ink';
import { typesText } from '../../state/keymap.js';
import type { Layer } from '../keys/bus.js';
import { useCommands } from '../keys/react.js';
import { terminalSafe } from '../../services/terminalText.js';
import { cellsOf, fitStart, nextBoundary, previousBoundary, windowAround } from './textCells.js';
import { useTheme } from '../context.js';
import { type PlainKey } from '../../services/i18n/index.js';

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
  /** Enter: receives the value as it is now. */
  readonly onSubmit?: (value: string) => void;
  /** What Enter does, for the footer (default "next field"). */
  readonly submitDescription?: PlainKey;
  readonly maxLength?: number;
  /** 'overlay' for an input inside the palette or the lock, 'dialog' inside a prompt. */
  readonly layer?: Layer;
}

/** One-line (or multi-line) text entry: ←/→ Home/End, Backspace, Del, Ctrl-U clears; a paste arrives whole. */
export function TextInput({
  value,
  onChange,
  focus,
  mask,
  placeholder,
  width = 30,
  multiline,
  onSubmit,
  submitDescription,
  maxLength,
  layer = 'widget',
}: TextInputProps) {
  const [cursorState, setCursorState] = useState(value.length);
  // Keys are handled one by one before React renders again: work on refs so each sees the
  // previous one's result.
  const valueRef = useRef(value);
  const propRef = useRef(value);
  const cursorRef = useRef(cursorState);
  /* eslint-disable react-hooks/refs -- the refs follow the value prop during render on purpose (see above) */
  if (value !== propRef.current) {
    propRef.current = value;
    // A value set from outside (a record loaded, a field cleared) puts the cursor at its
    // end; our own edit coming back as the prop changes nothing.
    if (value !== valueRef.current) {
      valueRef.current = value;
      cursorRef.current = value.length;
    }
  } else cursorRef.current = Math.min(cursorRef.current, valueRef.current.length);
  const cursor = cursorRef.current;
  /* eslint-enable react-hooks/refs */

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
    if (maxLength !== undefined && next.length > maxLength) next = next.slice(0, previousBoundary(next, maxLength + 1));
    setValue(next);
    setCursor(Math.min(c + text.length, next.length));
  };

  useCommands(
    {
      'text.left': () => setCursor(previousBoundary(valueRef.current, cursorRef.current)),
      'text.right': () => setCursor(nextBoundary(valueRef.current, cursorRef.current)),
      'text.home': () => setCursor(0),
      'text.end': () => setCursor(valueRef.current.length),
      'text.backspace': () => {
        const c = cursorRef.current;
        if (c > 0) {
          const from = previousBoundary(valueRef.current, c);
          setValue(valueRef.current.slice(0, from) + valueRef.current.slice(c));
          setCursor(from);
        }
      },
      'text.delete': () => {
        const c = cursorRef.current;
        setValue(valueRef.current.slice(0, c) + valueRef.current.slice(nextBoundary(valueRef.current, c)));
      },
      'text.clear': () => {
        setValue('');
        setCursor(0);
      },
      'text.newline': multiline && (() => insert('\n')),
      'field.submit': !multiline && !!onSubmit && { run: () => onSubmit(valueRef.current), description: submitDescription },
    },
    {
      layer,
      active: focus,
      capture: typesText,
      onKey: (key) => insert(key.text),
      onPaste: (text) => insert(multiline ? text : text.replace(/\s*\n\s*/g, ' ')),
      captureDescription: 'key.typeText',
    },
  );

  const shown = mask ? '•'.repeat(value.length) : value;
  const th = useTheme();
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
  // Counted in columns, a cluster at a time (see textCells): wide and escaped text fits too.
  const cells = cellsOf(value, mask ? () => '•' : safe);
  // Not focused: the beginning of the text, "…" when it is longer than the field.
  if (!focus) return <Text>{fitStart(cells, width)}</Text>;
  // Focused: scroll horizontally so the cursor stays visible.
  const { before, under, after } = windowAround(cells, cursor, width);
  return (
    <Text>
      {before}
      <Text inverse>{under}</Text>
      {after}
    </Text>
  );
}
