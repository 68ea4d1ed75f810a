import React from 'react';
import { Text } from 'ink';
import type { ConfirmRequest } from '../../state/store.js';
import { useStoreApi, useT, useTheme } from '../context.js';
import { useCommands } from '../keys/react.js';
import { terminalSafe } from '../../services/terminalText.js';
import type { Translate } from '../../services/i18n/index.js';

/** The one confirm: a question on the footer line, the screen still visible above it. */
export function confirmText(t: Translate, request: ConfirmRequest): string {
  return `${request.message}  ${t('app.yes')} (${t('app.yesKeys')})   ${t('app.no')} (n) `;
}

export function ConfirmLine({ request }: { request: ConfirmRequest }) {
  const t = useT();
  const th = useTheme();
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
      'confirm.yes': { run: yes, label: t('app.yesKeys') },
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
      <Text inverse>{` ${t('app.yes')} (${t('app.yesKeys')}) `}</Text> <Text inverse>{` ${t('app.no')} (n) `}</Text>
    </Text>
  );
}
