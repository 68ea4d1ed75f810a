import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { errorMessage } from '../services/i18n/index.js';
import { createFirstAdministrator } from '../services/setup.js';
import { TextInput } from './components/TextInput.js';
import { useServices, useStoreApi, useLang, useT, useTheme } from './context.js';
import { useCommands } from './keys/react.js';
import { quitQuestion } from './navigation.js';
import { useFocusRing } from './useFocusRing.js';
import type { ScreenProps } from './types.js';

/** A new database without demo data: choose the administrator's password. */
export function FirstRunScreen(_props: ScreenProps) {
  const t = useT();
  const lang = useLang();
  const { db } = useServices();
  const store = useStoreApi();
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [error, setError] = useState<string | null>(null);
  const th = useTheme();
  const { focus: field, setFocus: setField } = useFocusRing(2);
  useCommands({ 'app.exit': { run: () => store.getState().quit(), confirm: () => quitQuestion(store, t) } });
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
      setError(errorMessage(e, lang));
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
        <TextInput value={b} onChange={setB} focus={field === 1} mask onSubmit={(v) => void submit(v)} submitDescription="key.create" />
      </Box>
      {error ? <Text color={th.error}>{error}</Text> : null}
    </Box>
  );
}
