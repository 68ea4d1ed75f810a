import React, { type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { useTheme } from '../context.js';

/**
 * The line above a list or a preview: what it shows on the left (cut, never wrapped, when
 * the line is short) and where the cursor stands on the right, whole.
 */
export function HeaderLine({ position, width, children }: { position: string; width?: number; children: ReactNode }) {
  const th = useTheme();
  return (
    <Box width={width}>
      <Box flexGrow={1} flexShrink={1}>
        {children}
      </Box>
      <Box flexShrink={0} marginLeft={1}>
        <Text color={th.muted}>{position}</Text>
      </Box>
    </Box>
  );
}
