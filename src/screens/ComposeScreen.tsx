import React, { useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { rmSync } from 'node:fs';
import { AppError, ValidationError } from '../services/errors.js';
import { errorMessage, formatBytes, formatMessage } from '../services/i18n/index.js';
import type { LinkInfo } from '../services/gmail/index.js';
import type { ComposeDefaults } from '../services/mail/index.js';
import { Field } from './components/Field.js';
import { useApp, useServices, useStoreApi, useLang, useT, useTheme } from './context.js';
import { useDirty, useTitle } from './hooks.js';
import { useCommands, useHoldKeys } from './keys/react.js';
import { useDraft, useRestoreDraft } from './drafts.js';
import { LinkFlow } from './LinkFlow.js';
import { useSendProgress } from './sendProgress.js';
import type { ScreenProps } from './types.js';
import { useFocusRing } from './useFocusRing.js';
import { terminalSafe } from '../services/terminalText.js';

// Sending pulls in the MIME builder, the Gmail client and the PDF renderer: on demand only.
const mail = () => import('../services/mail/index.js');
const reports = () => import('../services/reports/index.js');

const FIELDS = ['to', 'cc', 'subject', 'message'] as const;
type FieldName = (typeof FIELDS)[number];

/** Envoi: the report as a PDF attachment, from the user's own Gmail account. */
export function ComposeScreen({ route, width }: ScreenProps) {
  const t = useT();
  const lang = useLang();
  const { db, google } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const code = String(route.params?.code ?? '');
  const [defaults, setDefaults] = useState<ComposeDefaults | null>(null);
  const [values, setValues] = useState<Record<FieldName, string>>({ to: '', cc: '', subject: '', message: '' });
  const [initial, setInitial] = useState('');
  const [size, setSize] = useState<number | null>(null);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  // What the send is doing, counting down a pause before the next try (why, how long).
  const { progress, line: progressLine, report: setProgress } = useSendProgress(lang);
  const [sentId, setSentId] = useState<string | null>(null);
  const [linkWait, setLinkWait] = useState<{ resolve: () => void; reject: (e: unknown) => void } | null>(null);
  const sending = progress !== null && sentId === null;
  const th = useTheme();
  const alive = useRef(true);
  const { focus, setFocus } = useFocusRing(FIELDS.length, { active: !sending && sentId === null && linkWait === null });
  // What is typed before the form is there (To…) waits for it.
  useHoldKeys(defaults === null);

  useEffect(() => {
    alive.current = true;
    (async () => {
      const d = await (await mail()).composeDefaults(db, session.actor, code);
      if (!alive.current) return;
      const v = { to: '', cc: '', subject: d.subject, message: d.message };
      setDefaults(d);
      setValues(v);
      setInitial(JSON.stringify(v));
      // The attachment's size, shown before sending: render it once (the send renders it again, fresh).
      const r = await (await reports()).renderReportToFile(db, session.actor, code, { company: d.company || undefined });
      rmSync(r.path, { force: true });
      if (alive.current) setSize(r.bytes);
    })().catch((e) => {
      store.getState().setFlash({ kind: 'error', text: errorMessage(e, lang) });
      store.getState().pop();
    });
    return () => {
      alive.current = false;
    };
  }, [code, db, session.actor, store, lang]);

  const dirty = initial !== '' && JSON.stringify(values) !== initial && sentId === null;
  useDirty(dirty);
  // A draft keeps the fields typed (To, Cc, subject, message); the attachment is rendered again.
  const before = initial ? (JSON.parse(initial) as Record<FieldName, string>) : null;
  useDraft(code, dirty && before ? Object.fromEntries(FIELDS.filter((f) => values[f] !== before[f]).map((f) => [f, values[f]])) : null);
  useRestoreDraft(defaults !== null, (content) => setValues((v) => ({ ...v, ...(content as Partial<Record<FieldName, string>>) })));
  useTitle(`${t('screen.compose')} ${code}`);

  const flash = (kind: 'info' | 'error', text: string) => store.getState().setFlash({ kind, text });

  async function send() {
    if (!defaults) return;
    // A second Ctrl-S says why it does nothing.
    if (sentId) return flash('info', t('compose.alreadySent', { id: sentId }));
    if (sending) return flash('info', t('compose.stillSending'));
    if (!defaults.mailsThroughGmail) return flash('error', t('mail.notGmail'));
    const m = await mail();
    const to = [values.to];
    const cc = [values.cc];
    try {
      m.validateRecipients(to, cc);
    } catch (e) {
      if (e instanceof m.BadAddressError) setErrors({ [e.field]: errorMessage(e, lang) });
      else if (e instanceof AppError && e.key === 'mail.noRecipient') setErrors({ to: errorMessage(e, lang) });
      return flash('error', errorMessage(e, lang));
    }
    clearErrors();
    setProgress({ phase: 'render' });
    try {
      const r = await m.sendReport(db, session.actor, {
        google,
        code: defaults.code,
        company: defaults.company || undefined,
        to,
        cc,
        subject: values.subject,
        message: values.message,
        onProgress: (p) => alive.current && setProgress(p),
        // No link yet: link now; the mail waits and goes out right after, with its attachment.
        ensureLink: () => new Promise<void>((resolve, reject) => setLinkWait({ resolve, reject })),
      });
      if (!alive.current) return;
      setSentId(r.gmailId);
      store.getState().setFlash({ kind: 'success', text: t('compose.sent', { id: r.gmailId }) });
    } catch (e) {
      if (!alive.current) return;
      setProgress(null);
      // A refused subject or message (a control character): the sentence beside the field too.
      if (e instanceof ValidationError) {
        const fields = Object.entries(e.fields).filter(([name]) => (FIELDS as readonly string[]).includes(name));
        setErrors(Object.fromEntries(fields.map(([name, fe]) => [name, formatMessage(lang, fe.key, fe.params)])));
        const first = fields[0]?.[0];
        if (first) setFocus(FIELDS.indexOf(first as FieldName));
      }
      store.getState().setFlash({ kind: 'error', text: errorMessage(e, lang) });
    }
  }

  /** Field errors go, and their sentence on the message line with them. */
  function clearErrors(name?: FieldName) {
    const gone = name ? [errors[name]] : Object.values(errors);
    setErrors(name ? { ...errors, [name]: undefined } : {});
    const shown = store.getState().flash?.text;
    if (shown && gone.includes(shown)) store.getState().setFlash(null);
  }

  // Ctrl-S always answers (a second one says the mail has gone); Esc waits for the send.
  useCommands({
    'form.save': !!defaults && linkWait === null && { run: () => void send(), description: 'key.send' },
    'nav.back': sending && { run: () => flash('info', t('compose.stillSending')), description: 'key.back' },
  });

  if (linkWait)
    return (
      <Box flexDirection="column">
        <Text color={th.warning}>{t('compose.needLink')}</Text>
        <LinkFlow
          topOffset={1}
          onDone={(_info: LinkInfo) => {
            const w = linkWait;
            setLinkWait(null);
            w.resolve();
          }}
          onCancel={() => {
            const w = linkWait;
            setLinkWait(null);
            w.reject(new AppError('gmail.cancelled'));
          }}
        />
      </Box>
    );
  if (!defaults) return <Text color={th.muted}>{t('app.loading')}</Text>;
  // The labels' 16 columns, and the rest but one for the input (its error wraps under it).
  const inputWidth = Math.max(30, width - 16 - 1);
  return (
    <Box flexDirection="column">
      <Text bold>
        {t('screen.compose')} — {defaults.code} {defaults.reportName}
        {defaults.companyName ? ` · ${terminalSafe(defaults.companyName)}` : ''}
      </Text>
      {FIELDS.map((name, i) => (
        <Field
          key={name}
          label={t(`compose.${name}`)}
          kind={name === 'message' ? 'multiline' : 'text'}
          value={values[name]}
          onChange={(v) => {
            setValues({ ...values, [name]: String(v) });
            if (errors[name]) clearErrors(name);
          }}
          focus={focus === i && !sending && !sentId}
          error={errors[name]}
          labelWidth={16}
          inputWidth={inputWidth}
          maxLength={name === 'subject' ? 500 : undefined}
          onSubmit={() => setFocus(Math.min(FIELDS.length - 1, i + 1))}
        />
      ))}
      {defaults.signature ? (
        <Box>
          <Box width={16} flexShrink={0} paddingLeft={2}>
            <Text color={th.muted}>{t('compose.signature')}</Text>
          </Box>
          <Text color={th.muted}>{terminalSafe(defaults.signature, { multiline: true })}</Text>
        </Box>
      ) : null}
      <Box marginTop={1}>
        <Box width={16} flexShrink={0} paddingLeft={2}>
          <Text>{t('compose.attachment')}</Text>
        </Box>
        <Text bold>{terminalSafe(defaults.attachmentName)}</Text>
        <Text color={th.muted}> ({size === null ? t('compose.sizing') : formatBytes(size, lang)})</Text>
      </Box>
      <Box marginTop={1}>
        {progress ? (
          <Text color={sentId ? th.success : th.warning}>{sentId ? t('compose.sent', { id: sentId }) : progressLine}</Text>
        ) : defaults.mailsThroughGmail ? (
          <Text color={th.muted}>{t('compose.hint')}</Text>
        ) : (
          <Text color={th.warning}>{t('compose.notGmail')}</Text>
        )}
      </Box>
    </Box>
  );
}
