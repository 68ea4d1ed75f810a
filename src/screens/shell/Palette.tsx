import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { useLang, useStoreApi, useT, useTheme } from '../context.js';
import { fit } from '../components/Table.js';
import { TextInput } from '../components/TextInput.js';
import { useCommands, useHoldKeys } from '../keys/react.js';
import { useListCursor } from '../useListCursor.js';
import { askLogout, askQuit, openScreen } from '../navigation.js';
import { useServices } from '../context.js';
import { complete, find, forbiddenMatch, matching, usePaletteCommands, type PaletteEntry } from './paletteCommands.js';

/** `:` — the commands the user may run, narrowed as they type; Tab completes, Enter runs. */
export function Palette({ width, height }: { width: number; height: number }) {
  const t = useT();
  const th = useTheme();
  const lang = useLang();
  const store = useStoreApi();
  const { db } = useServices();
  const entries = usePaletteCommands();
  // What is typed before the user's rights are read waits for them (Enter would find nothing).
  useHoldKeys(entries.length === 0);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const list = matching(entries, value);
  // Nothing the user may run starts so: a refused command that does says why, not "none".
  const refused = list.length === 0 ? forbiddenMatch(entries, value) : undefined;
  const errorLines = error ? Math.ceil(error.length / Math.max(1, width - 4)) : 0;
  const room = Math.max(1, height - 3 - errorLines);
  const {
    cursor,
    top: start,
    setCursor,
  } = useListCursor(list.length, room, {
    layer: 'overlay',
    commands: { up: 'palette.up', down: 'palette.down' },
  });

  const run = (entry: PaletteEntry) => {
    if (!entry.allowed) return setError(entry.reason);
    store.getState().closeOverlay();
    if (entry.target === 'quit') askQuit(store, t);
    else if (entry.target === 'logout') askLogout(store, db, t, lang);
    else openScreen(store, entry.target, t);
  };
  const submit = () => {
    const typed = value.trim().replace(/^:/, '');
    const exact = find(entries, typed);
    if (exact) return run(exact);
    if (list[cursor]) return run(list[cursor]!);
    if (!typed) return store.getState().closeOverlay();
    setError(t('palette.unknown', { cmd: typed }));
  };
  useCommands(
    {
      'palette.complete': () => {
        const next = complete(entries, value);
        setValue(next !== value ? next : (list[cursor]?.names[0] ?? value));
        setCursor(0);
        setError(null);
      },
      'palette.run': submit,
      'palette.close': () => store.getState().closeOverlay(),
    },
    { layer: 'overlay' },
  );
  const inner = Math.max(10, width - 4);
  return (
    <Box
      flexDirection="column"
      borderStyle="round"
      borderColor={th.accent}
      paddingX={1}
      width={width}
      height={height}
      justifyContent="flex-end"
    >
      {list.length === 0 && !error ? (
        <Text color={refused ? th.error : th.muted} wrap="wrap">
          {refused ? refused.reason : t('palette.noMatch')}
        </Text>
      ) : null}
      {list.slice(start, start + room).map((c, i) => (
        <Text key={c.names[0]} inverse={start + i === cursor} wrap="truncate-end">
          {fit(`:${c.names[0]!.padEnd(12)} ${t(c.label)}${c.names.length > 1 ? `  (${c.names.slice(1).join(', ')})` : ''}`, inner)}
        </Text>
      ))}
      {error ? (
        <Text color={th.error} wrap="wrap">
          {error}
        </Text>
      ) : null}
      <Text>
        <Text bold>:</Text>
        <TextInput
          value={value}
          onChange={(v) => {
            setValue(v);
            setCursor(0);
            setError(null);
          }}
          focus
          width={Math.max(10, width - 6)}
          layer="overlay"
        />
      </Text>
    </Box>
  );
}
