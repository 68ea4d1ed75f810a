import React, { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { errorMessage, formatDateTime } from '../services/i18n/index.js';
import type { OutboxEntry } from '../services/mail/index.js';
import { FUNCTIONS, allows, levelOf } from '../services/rights.js';
import { ListView, listPage } from './components/ListView.js';
import { sizeColumns } from './components/Table.js';
import { useApp, useServices, useStoreApi, useLang, useT, useTheme } from './context.js';
import { useAsync } from './hooks.js';
import { useCommands } from './keys/react.js';
import { pauseLine, useSecondTicks, useSendProgress } from './sendProgress.js';
import type { ScreenProps } from './types.js';
import { arraySource } from './lists/source.js';
import { useList } from './lists/useList.js';
import { terminalSafe } from '../services/terminalText.js';
import { useDataChanges } from './dataChanges.js';

const mail = () => import('../services/mail/index.js');

/**
 * Journal des courriels: every mail, its status, attempts, error, Gmail id; / filters, Enter
 * opens a mail in full (the whole error), r retries a failed one.
 */
export function OutboxScreen({ width, height }: ScreenProps) {
  const t = useT();
  const lang = useLang();
  const { db, google } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const [busy, setBusy] = useState(false);
  // A retry's progress: the try, and during a pause why and in how many seconds the next one comes.
  const { line: progressLine, report: setProgress } = useSendProgress(lang);
  const th = useTheme();
  const { data, error, reload } = useAsync(async () => {
    // Everyone's mails with the right on the journal, else one's own.
    const all = allows(await levelOf(db, session.actor.id, FUNCTIONS.outbox), 'lecture');
    return { all, rows: await (await mail()).listOutbox(db, session.actor, { all }) };
  }, []);
  // A mail sent or retried elsewhere (the CLI, another console): read again.
  useDataChanges(reload);
  const columns = sizeColumns<OutboxEntry>(width - 1, [
    { header: t('outbox.col.date'), width: 16, value: (e) => formatDateTime(e.sentAt ?? e.createdAt, lang) },
    // One's own mails only: a column that would repeat one's own code gives its room to To and Objet.
    ...(data?.all ? [{ header: t('outbox.col.user'), width: 11, value: (e: OutboxEntry) => e.user }] : []),
    { header: t('outbox.col.to'), width: 'flex', value: (e) => e.to.join(', ') },
    { header: t('outbox.col.subject'), width: 'flex', value: (e) => e.subject },
    { header: t('outbox.col.report'), width: 7, value: (e) => e.report ?? '' },
    { header: t('outbox.col.status'), width: 10, value: (e) => t(`report.mailStatus.${e.status}`) },
    { header: t('outbox.col.attempts'), width: 6, value: (e) => String(e.attempts), align: 'right' },
  ]);
  const source = useMemo(
    () =>
      arraySource(
        data?.rows ?? [],
        // What / looks in: the columns, and the error.
        (e) => [...columns.map((c) => c.value(e)), e.error ?? ''],
        (e) => String(e.id),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the cells follow the language, not the widths
    [data, lang],
  );
  // Whose mails line, then the list; the Gmail id and the error (two lines at most) below.
  const list = useList({
    source,
    page: listPage(height - 4),
    columns: columns.length,
    active: !busy,
    onOpen: (e) => store.getState().push({ screen: 'mailEntry', params: { id: e.id } }),
  });
  const current = list.current;
  // A mail another process is sending and that waits between two tries: why, and the countdown.
  const now = useSecondTicks(!!current?.pause);
  const paused = current ? pauseLine(current.pause, now, lang) : null;

  async function retry(entry: OutboxEntry, force: boolean) {
    setBusy(true);
    store.getState().setFlash({ kind: 'info', text: t('outbox.retrying') });
    try {
      const r = await (await mail()).retryMail(db, session.actor, entry.id, { force, google, onProgress: setProgress });
      store.getState().setFlash({ kind: 'success', text: t('outbox.retried', { id: r.gmailId }) });
    } catch (e) {
      store.getState().setFlash({ kind: 'error', text: errorMessage(e, lang) });
    } finally {
      setBusy(false);
      setProgress(null);
      reload();
    }
  }

  useCommands({
    'outbox.retry':
      !busy &&
      !!current &&
      (() => {
        if (current.retry === 'retry') return void retry(current, false);
        if (current.retry === 'force')
          return store.getState().confirm({ message: t('outbox.forceConfirm'), dangerous: true, onYes: () => void retry(current, true) });
        // A mail on its way (here or in another process): wait for it, rather than "only a failed one".
        if (current.status === 'sending' || current.status === 'queued')
          return store.getState().setFlash({ kind: 'info', text: t('outbox.busy', { id: current.id }) });
        store.getState().setFlash({ kind: 'error', text: t('outbox.cannotRetry') });
      }),
  });

  if (error) return <Text color={th.error}>{errorMessage(error, lang)}</Text>;
  return (
    <Box flexDirection="column">
      <Text color={th.muted}>{data ? t(data.all ? 'outbox.all' : 'outbox.mine') : ' '}</Text>
      <ListView list={list} columns={columns} width={width} />
      {busy && progressLine ? (
        <Box height={3} overflow="hidden">
          <Text color={th.warning} wrap="wrap">
            {progressLine}
          </Text>
        </Box>
      ) : current ? (
        <Box flexDirection="column" height={3} overflow="hidden">
          <Text wrap="truncate-end">
            <Text color={th.muted}>{t('outbox.col.gmailId')}: </Text>
            {terminalSafe(current.gmailId ?? '—')}
            <Text color={th.muted}> {terminalSafe(current.attachmentName ?? '')}</Text>
          </Text>
          {paused ? (
            <Box height={2} overflow="hidden">
              <Text color={th.warning} wrap="wrap">
                {paused}
              </Text>
            </Box>
          ) : current.error ? (
            <Box height={2} overflow="hidden">
              <Text color={current.status === 'uncertain' ? th.warning : th.error} wrap="wrap">
                {terminalSafe(current.error)}
              </Text>
            </Box>
          ) : null}
        </Box>
      ) : null}
    </Box>
  );
}
