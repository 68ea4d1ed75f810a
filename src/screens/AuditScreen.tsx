import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { listAudit, type AuditRow } from '../services/auditQuery.js';
import { errorMessage, formatDateTime, t } from '../services/i18n/index.js';
import { isKey } from '../state/keymap.js';
import { Table, columnWidths, type Column } from './components/Table.js';
import { useApp, useServices } from './context.js';
import { useAsync, useBack, useScreenInput, useScreenKeys } from './hooks.js';
import { theme } from './theme.js';
import type { ScreenProps } from './types.js';

/** Entries read at a time. */
const CHUNK = 500;

/** Audit: who changed what, when, old → new (secrets masked by the service). */
export function AuditScreen({ width, height }: ScreenProps) {
  const { db } = useServices();
  const session = useApp((s) => s.session)!;
  const [cursor, setCursor] = useState(0);
  const back = useBack();
  useScreenKeys(['list', 'global'], false);
  const { data, error } = useAsync(() => listAudit(db, session.actor, { limit: CHUNK }), []);
  // Older entries, read by position (before the oldest shown) when the cursor reaches the end.
  const [older, setOlder] = useState<AuditRow[]>([]);
  const [reading, setReading] = useState(false);
  const rows = older.length ? [...(data ?? []), ...older] : (data ?? []);
  const page = Math.max(1, height - 2);
  const mayHaveOlder = rows.length > 0 && rows.length % CHUNK === 0;
  const readOlder = () => {
    if (reading || !mayHaveOlder) return;
    setReading(true);
    listAudit(db, session.actor, { before: rows[rows.length - 1]!.id, limit: CHUNK }).then(
      (more) => {
        setOlder((o) => [...o, ...more]);
        setReading(false);
      },
      () => setReading(false),
    );
  };
  useScreenInput((input, key) => {
    if (isKey('back', input, key)) return back();
    // Moving to within a page of the end reads the next older entries.
    const target = isKey('last', input, key) ? rows.length - 1 : isKey('pageDown', input, key) ? cursor + page : cursor + 1;
    if ((isKey('down', input, key) || isKey('pageDown', input, key) || isKey('last', input, key)) && target + page >= rows.length - 1)
      readOlder();
    if (isKey('down', input, key)) setCursor((c) => Math.min(rows.length - 1, c + 1));
    else if (isKey('up', input, key)) setCursor((c) => Math.max(0, c - 1));
    else if (isKey('pageDown', input, key)) setCursor((c) => Math.min(rows.length - 1, c + page));
    else if (isKey('pageUp', input, key)) setCursor((c) => Math.max(0, c - page));
    else if (isKey('first', input, key)) setCursor(0);
    else if (isKey('last', input, key)) setCursor(rows.length - 1);
  });
  if (error) return <Text color={theme().error}>{errorMessage(error)}</Text>;
  const [wAt, wWho, wAction, wWhat, wField, wChange] = columnWidths(width - 1, [16, 9, 10, 16, 14, 'flex']);
  const columns: Column<AuditRow>[] = [
    { header: t('audit.at'), width: wAt!, value: (r) => formatDateTime(r.at) },
    { header: t('audit.who'), width: wWho!, value: (r) => r.actor ?? '' },
    { header: t('audit.action'), width: wAction!, value: (r) => r.action },
    { header: t('audit.entity'), width: wWhat!, value: (r) => `${r.entity} ${r.entityKey}` },
    { header: t('audit.field'), width: wField!, value: (r) => r.field },
    { header: `${t('audit.old')} → ${t('audit.new')}`, width: wChange!, value: (r) => (r.field ? `${r.old ?? ''} → ${r.new ?? ''}` : '') },
  ];
  return (
    <Box flexDirection="column">
      <Table columns={columns} rows={rows} cursor={cursor} height={height - 2} emptyText={data ? t('app.noRows') : t('app.loading')} />
      <Text color={theme().muted}>{reading ? t('audit.readingOlder') : ' '}</Text>
    </Box>
  );
}
