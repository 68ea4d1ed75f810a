import React, { useMemo, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { listAudit, type AuditRow } from '../services/auditQuery.js';
import { errorMessage, formatDateTime, type Lang } from '../services/i18n/index.js';
import { ListView, listPage } from './components/ListView.js';
import { sizeColumns } from './components/Table.js';
import { useApp, useServices, useLang, useT, useTheme } from './context.js';
import { useAsync } from './hooks.js';
import { arraySource } from './lists/source.js';
import { useList } from './lists/useList.js';
import type { ScreenProps } from './types.js';

const change = (r: AuditRow) => (r.field ? `${r.old ?? ''} → ${r.new ?? ''}` : '');
/** What the filter looks in and the sort compares: the columns' text. */
const auditCells = (lang: Lang) => (r: AuditRow) => [
  formatDateTime(r.at, lang),
  r.actor ?? '',
  r.action,
  `${r.entity} ${r.entityKey}`,
  r.field,
  change(r),
];

/** Entries read at a time. */
const CHUNK = 500;

/** Audit: who changed what, when, old → new (secrets masked by the service). */
export function AuditScreen({ width, height }: ScreenProps) {
  const t = useT();
  const lang = useLang();
  const th = useTheme();
  const { db } = useServices();
  const session = useApp((s) => s.session)!;
  const { data, error } = useAsync(() => listAudit(db, session.actor, { limit: CHUNK }), []);
  // Older entries, read by position (before the oldest shown) when the cursor nears the end.
  const [older, setOlder] = useState<AuditRow[]>([]);
  const [reading, setReading] = useState(false);
  const rows = useMemo(() => [...(data ?? []), ...older], [data, older]);
  const columns = sizeColumns<AuditRow>(width - 1, [
    { header: t('audit.at'), width: 16, value: (r) => formatDateTime(r.at, lang) },
    { header: t('audit.who'), width: 9, value: (r) => r.actor ?? '' },
    { header: t('audit.action'), width: 10, value: (r) => r.action },
    { header: t('audit.entity'), width: 16, value: (r) => `${r.entity} ${r.entityKey}` },
    { header: t('audit.field'), width: 14, value: (r) => r.field },
    { header: `${t('audit.old')} → ${t('audit.new')}`, width: 'flex', value: change },
  ]);
  // The source changes when older entries arrive; the cursor stays on its row.
  const source = useMemo(() => arraySource(rows, auditCells(lang), (r) => String(r.id)), [rows, lang]);
  // The line under the table says when older entries are being read.
  const page = listPage(height - 1);
  const mayHaveOlder = rows.length > 0 && rows.length % CHUNK === 0;
  const asked = useRef<number | null>(null);
  const readOlder = (index: number) => {
    const oldest = rows[rows.length - 1]?.id;
    if (oldest === undefined || asked.current === oldest || !mayHaveOlder || index + 2 * page < rows.length) return;
    asked.current = oldest;
    setReading(true);
    listAudit(db, session.actor, { before: oldest, limit: CHUNK }).then(
      (more) => {
        setOlder((o) => [...o, ...more]);
        setReading(false);
      },
      () => {
        asked.current = null;
        setReading(false);
      },
    );
  };
  // Moving to within two pages of the end reads the next older entries.
  const list = useList({ source, page, columns: columns.length, onMove: readOlder });
  if (error) return <Text color={th.error}>{errorMessage(error, lang)}</Text>;
  return (
    <Box flexDirection="column">
      <ListView list={list} columns={columns} width={width} />
      <Text color={th.muted}>{reading ? t('audit.readingOlder') : ' '}</Text>
    </Box>
  );
}
