import React from 'react';
import { Text } from 'ink';
import { getAuditEntry } from '../services/auditQuery.js';
import { auditText } from '../services/auditText.js';
import { errorMessage, formatBytes, formatDateTime, translateDynamic, type Lang, type Translate } from '../services/i18n/index.js';
import type { OutboxEntry } from '../services/mail/index.js';
import { useApp, useLang, useServices, useT, useTheme } from './context.js';
import { EntryView, type EntryLine } from './EntryView.js';
import { useAsync, useTitle } from './hooks.js';
import type { ScreenProps } from './types.js';

const mail = () => import('../services/mail/index.js');

/** Audit › Enter: one entry in full, every field, in the reader's language. */
export function AuditEntryScreen({ route, width, height }: ScreenProps) {
  const t = useT();
  const lang = useLang();
  const th = useTheme();
  const { db } = useServices();
  const session = useApp((s) => s.session)!;
  const id = Number(route.params?.id);
  const { data, error } = useAsync(() => getAuditEntry(db, session.actor, id), [id]);
  useTitle(t('entry.audit', { id }));
  if (error) return <Text color={th.error}>{errorMessage(error, lang)}</Text>;
  if (!data) return <Text color={th.muted}>{t('app.loading')}</Text>;
  const a = auditText(data, lang);
  const lines: EntryLine[] = [
    { label: t('audit.at'), value: a.at },
    { label: t('audit.who'), value: a.who },
    { label: t('audit.action'), value: a.action },
    { label: t('audit.entity'), value: a.object },
    ...(a.field
      ? [
          { label: t('audit.field'), value: a.field },
          { label: t('audit.old'), value: a.old },
          { label: t('audit.new'), value: a.new },
        ]
      : []),
  ];
  return <EntryView lines={lines} width={width} height={height} />;
}

function mailLines(e: OutboxEntry, t: Translate, lang: Lang): EntryLine[] {
  const size = e.attachmentSize === null ? '' : ` (${formatBytes(e.attachmentSize, lang)})`;
  return [
    { label: t('outbox.col.id'), value: String(e.id) },
    { label: t('outbox.col.status'), value: translateDynamic(lang, `report.mailStatus.${e.status}`, e.status) },
    ...(e.error
      ? [{ label: t('entry.error'), value: e.error, tone: e.status === 'uncertain' ? ('warning' as const) : ('error' as const) }]
      : []),
    { label: t('entry.created'), value: formatDateTime(e.createdAt, lang) },
    { label: t('entry.sent'), value: formatDateTime(e.sentAt, lang) },
    { label: t('outbox.col.user'), value: `${e.user} — ${e.userName}` },
    { label: t('compose.to'), value: e.to.join(', ') },
    { label: t('compose.cc'), value: e.cc.join(', ') },
    { label: t('compose.subject'), value: e.subject },
    { label: t('outbox.col.report'), value: e.report ?? '' },
    { label: t('entry.company'), value: e.company ?? '' },
    { label: t('compose.attachment'), value: e.attachmentName ? `${e.attachmentName}${size}` : '' },
    { label: t('entry.sha256'), value: e.attachmentSha256 ?? '' },
    { label: t('outbox.col.attempts'), value: String(e.attempts) },
    { label: t('outbox.col.gmailId'), value: e.gmailId ?? '' },
    { label: t('compose.message'), value: e.body },
  ];
}

/** Journal des courriels › Enter: one mail in full, the whole error and the text sent. */
export function MailEntryScreen({ route, width, height }: ScreenProps) {
  const t = useT();
  const lang = useLang();
  const th = useTheme();
  const { db } = useServices();
  const session = useApp((s) => s.session)!;
  const id = Number(route.params?.id);
  const { data, error } = useAsync(async () => (await mail()).getOutboxEntry(db, session.actor, id), [id]);
  useTitle(t('entry.mail', { id }));
  if (error) return <Text color={th.error}>{errorMessage(error, lang)}</Text>;
  if (!data) return <Text color={th.muted}>{t('app.loading')}</Text>;
  return <EntryView lines={mailLines(data, t, lang)} width={width} height={height} />;
}
