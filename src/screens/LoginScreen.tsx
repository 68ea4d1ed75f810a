import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { login } from '../services/auth.js';
import { pendingAlerts } from '../services/alerts.js';
import { getCompany } from '../services/companies.js';
import { errorMessage, formatMessage } from '../services/i18n/index.js';
import { log } from '../services/log.js';
import type { SessionInfo } from '../state/store.js';
import { TextInput } from './components/TextInput.js';
import { useServices, useStoreApi, useLang, useT, useTheme } from './context.js';
import { useCommands } from './keys/react.js';
import { quitQuestion } from './navigation.js';
import { useFocusRing } from './useFocusRing.js';
import type { ScreenProps } from './types.js';
import { offerDrafts } from './drafts.js';

export function LoginScreen(_props: ScreenProps) {
  const t = useT();
  const lang = useLang();
  const services = useServices();
  const { env } = services;
  const store = useStoreApi();
  const presetUser = env.PRX_USER ?? '';
  const [code, setCode] = useState(presetUser);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const th = useTheme();
  const { focus: field, setFocus: setField } = useFocusRing(2, { initial: presetUser ? 1 : 0, active: !busy });
  // Esc on the first screen leaves the console (asking first).
  useCommands({ 'app.exit': { run: () => store.getState().quit(), confirm: () => quitQuestion(store, t) } });

  const submit = async (typedPassword?: string) => {
    if (field === 0) {
      setField(1);
      return;
    }
    const pw = typedPassword ?? password;
    setBusy(true);
    setError(null);
    try {
      await services.ready;
      const db = services.db;
      const session = await login(db, code, pw, services.clock);
      const u = session.user;
      const company = u.default_company ? await getCompany(db, u.default_company).catch(() => null) : null;
      const info: SessionInfo = {
        actor: session.actor,
        companyCode: company?.code ?? null,
        companyName: company?.name ?? null,
        pageLines: u.page_lines,
        sessionTimeoutMin: u.session_timeout_min,
      };
      const notices = u.login_alert
        ? (await pendingAlerts(db, session.actor)).map((a) => formatMessage(session.actor.language, a.key, a.params))
        : [];
      const s = store.getState();
      s.setSession(info);
      // What the status line said belonged to the session before (its logout, its expiry).
      s.setFlash(null);
      s.setNotices(notices);
      s.reset({ screen: 'menu' });
      // Unsaved forms of a session whose terminal went away: offered back now.
      void offerDrafts(store, db, session.actor).catch((e: unknown) => log('error', 'offering drafts failed', e));
    } catch (err) {
      log('info', `login refused for ${code}`);
      setError(errorMessage(err, lang));
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <Box flexDirection="column" alignItems="center" paddingTop={2}>
      <Box flexDirection="column" borderStyle="round" borderColor={th.accent} paddingX={2} paddingY={1} width={60}>
        <Text bold>{t('screen.login')} — Prextra</Text>
        <Box marginTop={1}>
          <Box width={22}>
            <Text bold={field === 0}>{t('login.code')}</Text>
          </Box>
          <TextInput
            value={code}
            onChange={setCode}
            focus={field === 0 && !busy}
            onSubmit={() => void submit()}
            width={30}
            maxLength={10}
          />
        </Box>
        <Box>
          <Box width={22}>
            <Text bold={field === 1}>{t('login.password')}</Text>
          </Box>
          <TextInput
            value={password}
            onChange={setPassword}
            focus={field === 1 && !busy}
            onSubmit={(v) => void submit(v)}
            submitDescription="key.login"
            width={30}
            mask
          />
        </Box>
        <Box marginTop={1}>
          {busy ? (
            <Text color={th.muted}>{t('login.working')}</Text>
          ) : error ? (
            <Text color={th.error} wrap="wrap">
              {error}
            </Text>
          ) : (
            <Text color={th.muted}>{t('login.submit')}</Text>
          )}
        </Box>
      </Box>
    </Box>
  );
}
