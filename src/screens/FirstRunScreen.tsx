import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { errorMessage, t } from '../services/i18n/index.js';
import { createFirstAdministrator } from '../services/setup.js';
import { TextInput } from './components/TextInput.js';
import { useServices, useStoreApi } from './context.js';
import { useScreenInput, useScreenKeys } from './hooks.js';
import { theme } from './theme.js';
import type { ScreenProps } from './types.js';

/** A new database without demo data: choose the administrator's password. */
export function FirstRunScreen(_props: ScreenProps) {
  const { db } = useServices();
  const store = useStoreApi();
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [field, setField] = useState<0 | 1>(0);
  const [error, setError] = useState<string | null>(null);
  const th = theme();
  useScreenKeys(['global'], true);
  useScreenInput((_i, key) => {
    if (key.tab || key.upArrow || key.downArrow) setField((f) => (f === 0 ? 1 : 0));
  });
  const submit = async (typed?: string) => {
    if (field === 0) return setField(1);
    const confirm = typed ?? b;
    if (a !== confirm) {
      setError(t('validation.passwordMismatch'));
      setB('');
      return;
    }
    try {
      await createFirstAdministrator(db, a);
      store.getState().setFlash({ kind: 'success', text: t('firstRun.created') });
      store.getState().reset({ screen: 'login' });
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={th.accent} paddingX={2} paddingY={1} width={70}>
      <Text bold>{t('firstRun.title')}</Text>
      <Text>{t('firstRun.hint')}</Text>
      <Box marginTop={1}>
        <Box width={22}>
          <Text>{t('login.password')}</Text>
        </Box>
        <TextInput value={a} onChange={setA} focus={field === 0} mask onSubmit={() => void submit()} />
      </Box>
      <Box>
        <Box width={22}>
          <Text>{t('firstRun.confirm')}</Text>
        </Box>
        <TextInput value={b} onChange={setB} focus={field === 1} mask onSubmit={(v) => void submit(v)} />
      </Box>
      {error ? <Text color={th.error}>{error}</Text> : null}
    </Box>
  );
}
