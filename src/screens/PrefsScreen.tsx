import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { errorMessage, formatDateTime, translateDynamic } from '../services/i18n/index.js';
import type { LinkInfo, MailType, Preferences } from '../services/gmail/index.js';
import { Buttons } from './components/Buttons.js';
import { Field } from './components/Field.js';
import { useApp, useServices, useStoreApi, useLang, useT, useTheme } from './context.js';
import { useAsync, useDirty, useTitle } from './hooks.js';
import { useCommands } from './keys/react.js';
import { LinkFlow } from './LinkFlow.js';
import { goBack } from './navigation.js';
import type { ScreenProps } from './types.js';
import { useFocusRing } from './useFocusRing.js';
import { terminalSafe } from '../services/terminalText.js';

const gmail = () => import('../services/gmail/index.js');

const BUTTONS = ['test', 'relink', 'revoke', 'save', 'close'] as const;
type Button = (typeof BUTTONS)[number];

/** Options-Utilisateurs › Maintenance › Préférences: Types de courriels and the Gmail link. */
export function PrefsScreen({ route }: ScreenProps) {
  const t = useT();
  const lang = useLang();
  const { db, google } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const userCode = (route.params?.code as string | undefined) ?? session.actor.code;
  const [mailType, setMailType] = useState<MailType | null>(null);
  const [linking, setLinking] = useState(false);
  const [busy, setBusy] = useState(false);
  const th = useTheme();
  const { focus, setFocus } = useFocusRing(1 + BUTTONS.length, { active: !linking });
  const {
    data: prefs,
    error,
    reload,
  } = useAsync<Preferences>(async () => (await gmail()).getPreferences(db, session.actor, userCode), [userCode]);
  const own = userCode.toLowerCase() === session.actor.code.toLowerCase();
  const current = mailType ?? prefs?.mailType ?? 'aucun';
  const dirty = prefs !== undefined && current !== prefs.mailType;
  useDirty(dirty);
  useTitle(own ? null : `${t('option.prefs')} — ${userCode}`);

  const flash = (kind: 'success' | 'error', text: string) => store.getState().setFlash({ kind, text });

  function choose(next: MailType) {
    if (!prefs) return;
    if (next === 'gmail' && !prefs.email.trim()) return flash('error', t('prefs.noEmail'));
    setMailType(next);
    // The original asks right away whether to test the connection with Gmail.
    if (next === 'gmail' && own)
      store
        .getState()
        .confirm({ message: t('prefs.testConfirm'), onYes: () => (prefs.link?.status === 'linked' ? void test() : setLinking(true)) });
  }

  async function run(action: () => Promise<string>) {
    setBusy(true);
    try {
      flash('success', await action());
    } catch (e) {
      flash('error', errorMessage(e, lang));
    } finally {
      setBusy(false);
      reload();
    }
  }
  const test = () => run(async () => (await (await gmail()).testLink(db, session.actor, google), t('prefs.testOk')));
  const revoke = () =>
    store.getState().confirm({
      message: t('prefs.revokeConfirm', { address: prefs?.link?.address ?? '' }),
      dangerous: true,
      onYes: () => void run(async () => (await (await gmail()).revokeLink(db, session.actor, google, userCode), t('prefs.revoked'))),
    });
  const save = () =>
    run(async () => {
      await (await gmail()).setMailType(db, session.actor, userCode, current, prefs!.rowVersion);
      setMailType(null);
      return t('app.saved');
    });

  function press(b: Button) {
    if (busy) return;
    if (b === 'close') return goBack(store, t);
    if (b === 'save') return void save();
    if (!own && b !== 'revoke') return flash('error', t('prefs.ownOnly'));
    if (b === 'test') return prefs?.link ? void test() : flash('error', t('gmail.notLinked'));
    if (b === 'relink') {
      if (!prefs?.email.trim()) return flash('error', t('prefs.noEmail'));
      return setLinking(true);
    }
    if (b === 'revoke') return prefs?.link && prefs.link.status !== 'revoked' ? revoke() : flash('error', t('gmail.notLinked'));
  }

  const options = [
    { value: 'aucun', label: t('prefs.mailType.aucun') },
    ...(prefs?.gmailOffered || current === 'gmail' ? [{ value: 'gmail', label: t('prefs.mailType.gmail') }] : []),
  ];
  useCommands({ 'form.save': !!prefs && !linking && (() => void save()) });

  if (error) return <Text color={th.error}>{errorMessage(error, lang)}</Text>;
  if (!prefs) return <Text color={th.muted}>{t('app.loading')}</Text>;
  if (linking)
    return (
      <LinkFlow
        onDone={(info) => {
          setLinking(false);
          flash('success', t('prefs.linked', { address: info.address }));
          reload();
        }}
        onCancel={(reason) => {
          setLinking(false);
          flash('error', reason);
        }}
      />
    );
  return (
    <Box flexDirection="column">
      <Text bold>
        {t('prefs.title')} — {prefs.userCode}
      </Text>
      <Box marginTop={1}>
        <Field
          label={t('prefs.mailType')}
          kind="select"
          value={current}
          options={options}
          onChange={(v) => choose(v as MailType)}
          focus={focus === 0}
          labelWidth={24}
          inputWidth={16}
        />
      </Box>
      {!prefs.gmailOffered ? <Text color={th.muted}>{t('prefs.gmailNotOffered')}</Text> : null}
      {prefs.gmailOffered && !prefs.email ? <Text color={th.warning}>{t('prefs.noEmail')}</Text> : null}
      <LinkPanel link={prefs.link} />
      <Box gap={2} marginTop={1}>
        <Buttons
          buttons={BUTTONS.map((b) => ({
            id: b,
            label: t(b === 'save' ? 'button.save' : b === 'close' ? 'button.close' : `prefs.${b}`),
            bold: b === 'save',
          }))}
          focused={focus - 1}
          onPress={press}
          onFocus={(i) => setFocus(i + 1)}
        />
        {busy ? <Text color={th.muted}>{t('app.loading')}</Text> : null}
      </Box>
    </Box>
  );
}

function LinkPanel({ link }: { link: LinkInfo | null }) {
  const t = useT();
  const lang = useLang();
  const th = useTheme();
  const row = (label: string, value: string, color?: string) => (
    <Box>
      <Box width={26} flexShrink={0}>
        <Text color={th.muted}>{label}</Text>
      </Box>
      {/* Wrapped, never cut: the last error says what to do. */}
      <Text color={color}>{terminalSafe(value)}</Text>
    </Box>
  );
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold color={th.accent}>
        {t('prefs.link')}
      </Text>
      {!link ? (
        <Text color={th.muted}>{t('prefs.notLinked')}</Text>
      ) : (
        <>
          {row(t('gmail.field.address'), link.address)}
          {row(t('gmail.field.scopes'), link.scopes.map((sc) => sc.replace('https://www.googleapis.com/auth/', '')).join(' '))}
          {row(t('gmail.field.lastRefresh'), formatDateTime(link.lastRefreshAt, lang))}
          {row(t('gmail.field.status'), t(`gmail.status.${link.status}`), link.status === 'linked' ? th.success : th.warning)}
          {link.lastError ? row(t('gmail.field.lastError'), translateDynamic(lang, link.lastError), th.error) : null}
        </>
      )}
    </Box>
  );
}
