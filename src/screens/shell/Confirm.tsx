import React from 'react';
import { Text } from 'ink';
import { t } from '../../services/i18n/index.js';
import type { ConfirmRequest } from '../../state/store.js';
import { useStoreApi } from '../context.js';
import { useCommands } from '../keys/react.js';
import { theme } from '../theme.js';
import { terminalSafe } from '../../services/terminalText.js';

/** The one confirm: a question on the footer line, the screen still visible above it. */
export function confirmText(request: ConfirmRequest): string {
  return `${request.message}  ${t('app.yes')} (o/y)   ${t('app.no')} (n) `;
}

export function ConfirmLine({ request }: { request: ConfirmRequest }) {
  const th = theme();
  const store = useStoreApi();
  const yes = () => {
    store.getState().closeOverlay();
    request.onYes();
  };
  const no = () => {
    store.getState().closeOverlay();
    request.onNo?.();
  };
  useCommands(
    {
      'confirm.yes': yes,
      'confirm.no': no,
      // Enter answers the safe way: no to a dangerous question.
      'confirm.default': { run: request.dangerous ? no : yes, description: request.dangerous ? 'key.no' : 'key.yes' },
    },
    { layer: 'overlay' },
  );
  return (
    <Text wrap="wrap">
      <Text bold color={request.dangerous ? th.warning : th.accent}>
        {terminalSafe(request.message)}
      </Text>
      <Text> </Text>
      <Text inverse>{` ${t('app.yes')} (o/y) `}</Text> <Text inverse>{` ${t('app.no')} (n) `}</Text>
    </Text>
  );
}
