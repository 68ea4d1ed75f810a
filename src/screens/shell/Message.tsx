import React from 'react';
import { Box, Text } from 'ink';
import { useApp, useStoreApi, useT, useTheme } from '../context.js';
import { useCommands } from '../keys/react.js';
import { terminalSafe } from '../../services/terminalText.js';

/** Ctrl-O: the last message in full, when it is longer than the status area. */
export function MessageOverlay({ width, height }: { width: number; height: number }) {
  const t = useT();
  const th = useTheme();
  const store = useStoreApi();
  const flash = useApp((s) => s.flash);
  useCommands({ 'help.close': () => store.getState().closeOverlay() }, { layer: 'overlay' });
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={th.accent} paddingX={1} width={width} height={height} overflow="hidden">
      <Text bold>{t('app.fullMessage')}</Text>
      <Text wrap="wrap" color={flash?.kind === 'error' ? th.error : undefined}>
        {terminalSafe(flash?.text ?? '', { multiline: true })}
      </Text>
    </Box>
  );
}
