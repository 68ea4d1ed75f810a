import React from 'react';
import { Box, Text } from 'ink';
import { useCommands } from '../keys/react.js';
import { useTheme } from '../context.js';

export interface ButtonSpec<Id extends string> {
  readonly id: Id;
  readonly label: string;
  readonly bold?: boolean;
  /** Drawn muted; pressing it still runs onPress (which says why it cannot act). */
  readonly muted?: boolean;
}

export interface ButtonsProps<Id extends string> {
  readonly buttons: readonly ButtonSpec<Id>[];
  /** Index of the focused button, or -1 when the row has no focus. */
  readonly focused: number;
  readonly onPress: (id: Id) => void;
  /** ←/→ move along the row. */
  readonly onFocus: (index: number) => void;
}

/** The one button row: [ Enregistrer ]  [ Fermer ]; Enter presses the focused button. */
export function Buttons<Id extends string>({ buttons, focused, onPress, onFocus }: ButtonsProps<Id>) {
  const th = useTheme();
  const n = buttons.length;
  useCommands(
    {
      'button.press': () => onPress(buttons[focused]!.id),
      'button.prev': () => onFocus((focused - 1 + n) % n),
      'button.next': () => onFocus((focused + 1) % n),
    },
    { layer: 'widget', active: focused >= 0 && focused < n },
  );
  return (
    <Box gap={2}>
      {buttons.map((b, i) => (
        <Text key={b.id} inverse={focused === i} bold={b.bold} color={b.muted ? th.muted : undefined}>
          {`[ ${b.label} ]`}
        </Text>
      ))}
    </Box>
  );
}
