import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { checkAccess, login } from '../services/auth.js';
import type { Db } from '../services/db.js';
import { AppError } from '../services/errors.js';
import { errorMessage, formatMessage, translate } from '../services/i18n/index.js';
import { log } from '../services/log.js';
import { now } from '../services/time.js';
import { getSchedule, loadUser } from '../services/users/index.js';
import type { AppStore } from '../state/store.js';
import { pendingAlerts } from '../services/alerts.js';
import { TextInput } from './components/TextInput.js';
import { useApp, useServices, useStoreApi, useLang, useT, useTheme } from './context.js';
import { useCommands, useKeyBus } from './keys/react.js';
import { quitQuestion } from './navigation.js';

export const GUARD_INTERVAL_MS = 15_000;

/**
 * Checks an open session: locks it after Expiration de la connexion minutes without a
 * key, and ends it when the user may no longer use Prextra (left the allowed hours,
 * deactivated, expired) — the services refuse them anyway; this says so on screen.
 */
export async function checkSession(db: Db, store: AppStore, lastKeyAt: number, at: Date = now()): Promise<void> {
  const s = store.getState();
  if (!s.session) return;
  if (!s.locked && at.getTime() - lastKeyAt > s.session.sessionTimeoutMin * 60_000) s.lock();
  const u = await loadUser(db, s.session.actor.code);
  try {
    if (!u) throw new AppError('auth.invalid');
    checkAccess(u, await getSchedule(db, u.id), at);
  } catch (e) {
    log('info', `session of ${s.session.actor.code} ended: ${e instanceof AppError ? e.key : String(e)}`);
    const lang = s.session.actor.language;
    store.getState().endSession(translate(lang, 'session.ended', { reason: errorMessage(e, lang) }));
  }
}

export function useSessionGuard(): void {
  const services = useServices();
  const store = useStoreApi();
  const bus = useKeyBus();
  useEffect(() => {
    const timer = setInterval(() => {
      if (store.getState().session)
        checkSession(services.db, store, bus?.lastKeyAt ?? Date.now(), services.clock.now()).catch((e) =>
          log('warn', 'session check failed', e),
        );
    }, GUARD_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [services, store, bus]);
}

/** Alerte lors ouverture session, read again (after an unlock, back on the menu): only what is still true. */
export async function refreshNotices(db: Db, store: AppStore): Promise<void> {
  const session = store.getState().session;
  if (!session) return;
  const u = await loadUser(db, session.actor.code);
  const notices = u?.login_alert
    ? (await pendingAlerts(db, session.actor)).map((a) => formatMessage(session.actor.language, a.key, a.params))
    : [];
  if (store.getState().session === session) store.getState().setNotices(notices);
}

/** The lock: asks for the password again; the screen underneath keeps its state. */
export function LockPanel() {
  const t = useT();
  const lang = useLang();
  const { db, clock } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session);
  const overlay = useApp((s) => s.overlay);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const th = useTheme();
  const submit = async (pw: string) => {
    if (!session) return;
    try {
      await login(db, session.actor.code, pw, clock);
      setPassword('');
      store.getState().unlock();
      refreshNotices(db, store).catch((e) => log('warn', 'login alerts failed', e));
    } catch (e) {
      setPassword('');
      if (e instanceof AppError && e.key === 'auth.invalid') setError(errorMessage(e, lang));
      else store.getState().endSession(errorMessage(e, lang));
    }
  };
  // Under a question (Esc: quit?) the lock hears nothing.
  useCommands(
    {
      'lock.unlock': () => void submit(password),
      'app.exit': { run: () => store.getState().quit(), confirm: () => quitQuestion(store, t) },
    },
    { layer: 'overlay', active: overlay === null },
  );
  if (!session) return null;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={th.warning} paddingX={2} paddingY={1} width={70}>
      <Text bold>{t('lock.title')}</Text>
      <Text>{t('lock.hint', { code: session.actor.code, minutes: session.sessionTimeoutMin })}</Text>
      <Box marginTop={1}>
        <Box width={22}>
          <Text>{t('login.password')}</Text>
        </Box>
        <TextInput value={password} onChange={setPassword} focus={overlay === null} mask layer="overlay" />
      </Box>
      {error ? <Text color={th.error}>{error}</Text> : null}
    </Box>
  );
}
