import React from 'react';
import { Text } from 'ink';
import { getAuditEntry, type AuditRow } from '../services/auditQuery.js';
import type { Db } from '../services/db.js';
import type { Actor } from '../services/rights.js';
import { auditText } from '../services/auditText.js';
import { errorMessage, formatBytes, formatDateTime, translateDynamic, type Lang, type Translate } from '../services/i18n/index.js';
import type { OutboxEntry } from '../services/mail/index.js';
import { useApp, useLang, useServices, useT, useTheme } from './context.js';
import { EntryView, type EntryLine } from './EntryView.js';
import { pauseLine, useSecondTicks } from './sendProgress.js';
import { useDataChanges } from './dataChanges.js';
import { useAsync, useTitle } from './hooks.js';
import type { ScreenProps } from './types.js';

const mail = () => import('../services/mail/index.js');

/**
 * One record in full, the one `route.params.id` names: loaded as the session's user by
 * `load`, its lines in an EntryView (the error instead, or Loading… until it comes).
 */
function Entry<T>({
  route,
  width,
  height,
  title,
  load,
  lines,
  countdown,
}: ScreenProps & {
  title: (t: Translate, id: number) => string;
  load: (db: Db, actor: Actor, id: number) => Promise<T>;
  /** `now`: the clock, drawn again each second while `countdown` says the entry counts down. */
  lines: (data: T, t: Translate, lang: Lang, now: number) => EntryLine[];
  countdown?: (data: T) => boolean;
}) {
  const t = useT();
  const lang = useLang();
  const th = useTheme();
  const { db } = useServices();
  const session = useApp((s) => s.session)!;
  const id = Number(route.params?.id);
  const { data, error, reload } = useAsync(() => load(db, session.actor, id), [id]);
  // A record that moves on meanwhile (a mail another process is sending) is read again.
  useDataChanges(reload);
  const now = useSecondTicks(!!data && !!countdown?.(data));
  useTitle(title(t, id));
  if (error) return <Text color={th.error}>{errorMessage(error, lang)}</Text>;
  if (!data) return <Text color={th.muted}>{t('app.loading')}</Text>;
  return <EntryView lines={lines(data, t, lang, now)} width={width} height={height} />;
}

function auditLines(data: AuditRow, t: Translate, lang: Lang): EntryLine[] {
  const a = auditText(data, lang);
  return [
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
}

/** Audit › Enter: one entry in full, every field, in the reader's language. */
export function AuditEntryScreen(props: ScreenProps) {
  return <Entry {...props} title={(t, id) => t('entry.audit', { id })} load={getAuditEntry} lines={auditLines} />;
}

function mailLines(e: OutboxEntry, t: Translate, lang: Lang, now: number): EntryLine[] {
  const paused = pauseLine(e.pause, now, lang);
  const size = e.attachmentSize === null ? '' : ` (${formatBytes(e.attachmentSize, lang)})`;
  return [
    { label: t('outbox.col.id'), value: String(e.id) },
    { label: t('outbox.col.status'), value: translateDynamic(lang, `report.mailStatus.${e.status}`, e.status) },
    ...(e.error
      ? [{ label: t('entry.error'), value: e.error, tone: e.status === 'uncertain' ? ('warning' as const) : ('error' as const) }]
      : []),
    ...(paused ? [{ label: t('entry.pause'), value: paused, tone: 'warning' as const }] : []),
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
export function MailEntryScreen(props: ScreenProps) {
  return (
    <Entry
      {...props}
      title={(t, id) => t('entry.mail', { id })}
      load={async (db, actor, id) => (await mail()).getOutboxEntry(db, actor, id)}
      lines={mailLines}
      countdown={(e) => e.pause !== null}
    />
  );
}
