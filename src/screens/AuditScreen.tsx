import React, { useMemo, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { listAudit, type AuditRow } from '../services/auditQuery.js';
import { auditText, type AuditText } from '../services/auditText.js';
import { errorMessage, translate, type Lang } from '../services/i18n/index.js';
import { ListView, listPage } from './components/ListView.js';
import { sizeColumns } from './components/Table.js';
import { useApp, useServices, useStoreApi, useLang, useT, useTheme } from './context.js';
import { useAsync } from './hooks.js';
import { arraySource } from './lists/source.js';
import { useList } from './lists/useList.js';
import type { ScreenProps } from './types.js';
import { useDataChanges } from './dataChanges.js';

/**
 * "N’expire jamais : Oui → Non": the field and its change in one column (Enter shows them
 * apart); a right by the last part of its function's name.
 */
const change = (lang: Lang, a: AuditText) =>
  a.field ? translate(lang, 'audit.changeLine', { field: a.field.split(' › ').pop()!, old: a.old, new: a.new }) : '';
/** What the filter looks in and the sort compares: the columns' text, in the reader's language. */
const auditCells = (lang: Lang) => (r: AuditRow) => {
  const a = auditText(r, lang);
  return [a.at, a.who, a.action, a.object, change(lang, a)];
};

/** Entries read at a time. */
const CHUNK = 500;

/** Audit: who changed what, when, old → new (secrets masked by the service). */
export function AuditScreen({ width, height }: ScreenProps) {
  const t = useT();
  const lang = useLang();
  const th = useTheme();
  const { db } = useServices();
  const session = useApp((s) => s.session)!;
  const store = useStoreApi();
  const { data, error, reload } = useAsync(() => listAudit(db, session.actor, { limit: CHUNK }), []);
  // Older entries, read by position (before the oldest shown) when the cursor nears the end.
  const [older, setOlder] = useState<AuditRow[]>([]);
  const [reading, setReading] = useState(false);
  const rows = useMemo(() => [...(data ?? []), ...older], [data, older]);
  const columns = sizeColumns<AuditRow>(width - 1, [
    { header: t('audit.at'), width: 16, value: (r) => auditText(r, lang).at },
    { header: t('audit.who'), width: 9, value: (r) => auditText(r, lang).who },
    { header: t('audit.action'), width: 12, value: (r) => auditText(r, lang).action },
    // From 100 columns the object is whole; below, it shares the room with the change.
    { header: t('audit.entity'), width: width >= 100 ? 21 : 'flex', value: (r) => auditText(r, lang).object },
    { header: t('audit.change'), width: 'flex', value: (r) => change(lang, auditText(r, lang)) },
  ]);
  // The source changes when older entries arrive; the cursor stays on its row.
  const source = useMemo(() => arraySource(rows, auditCells(lang), (r) => String(r.id)), [rows, lang]);
  // The line under the table says when older entries are being read.
  const page = listPage(height - 1);
  const mayHaveOlder = rows.length > 0 && rows.length % CHUNK === 0;
  const asked = useRef<number | null>(null);
  // New entries written elsewhere: the newest read again (older ones again as the cursor goes).
  useDataChanges(() => {
    asked.current = null;
    setOlder([]);
    reload();
  });
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
  // Enter: the entry in full (every field, whole values); the list keeps its place meanwhile.
  const list = useList({
    source,
    page,
    columns: columns.length,
    onMove: readOlder,
    onOpen: (r) => store.getState().push({ screen: 'auditEntry', params: { id: r.id } }),
  });
  if (error) return <Text color={th.error}>{errorMessage(error, lang)}</Text>;
  return (
    <Box flexDirection="column">
      <ListView list={list} columns={columns} width={width} />
      <Text color={th.muted}>{reading ? t('audit.readingOlder') : ' '}</Text>
    </Box>
  );
}
