import React, { useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { errorMessage, formatBytes, t } from '../services/i18n/index.js';
import type { ReportListItem, RenderedReport, RenderProgress } from '../services/reports/index.js';
import { slowProgress } from '../services/progress.js';
import { Table, sizeColumns } from './components/Table.js';
import { TextInput } from './components/TextInput.js';
import { useApp, useServices, useStoreApi } from './context.js';
import { useAsync } from './hooks.js';
import { useCommands } from './keys/react.js';
import { theme } from './theme.js';
import type { ScreenProps } from './types.js';
import { useListCursor } from './useListCursor.js';
import { terminalSafe } from '../services/terminalText.js';
import { pathTaken } from '../services/privateFile.js';

// The PDF library is heavy: it is loaded when a report is first rendered, not at start-up.
const reportsService = () => import('../services/reports/index.js');

type Preview = RenderedReport & { path: string };

/** Rapports: the reports the user may print; Enter previews, s saves the PDF, e mails it. */
export function ReportsScreen({ width, height }: ScreenProps) {
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const [filter, setFilter] = useState('');
  const [editingFilter, setEditingFilter] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [savePath, setSavePath] = useState<string | null>(null);
  const th = theme();
  const temp = useRef<string | null>(null);
  const { data, error } = useAsync(async () => (await reportsService()).listReports(db, session.actor), []);
  const rows = (data ?? []).filter((r) => !filter || `${r.code} ${r.name}`.toLowerCase().includes(filter.toLowerCase()));
  const tableHeight = Math.min(rows.length + 1, Math.max(3, height - 10));
  const list = useListCursor(rows.length, tableHeight - 1, { active: !editingFilter && !busy });
  const cursor = list.cursor;
  const current = rows[cursor];

  function dropTemp() {
    if (temp.current) rmSync(temp.current, { force: true });
    temp.current = null;
  }
  // The preview PDF is a temporary file: it goes when the screen does.
  useEffect(
    () => () => {
      if (temp.current) rmSync(temp.current, { force: true });
    },
    [],
  );

  async function render(code: string) {
    setBusy(t('rapports.rendering', { code }));
    setPreview(null);
    try {
      const reports = await reportsService();
      const onProgress = slowProgress((p: RenderProgress) => setBusy(reports.progressText(code, p)));
      const r = await reports.renderReportToFile(db, session.actor, code, { onProgress });
      dropTemp();
      temp.current = r.path;
      setPreview(r);
    } catch (e) {
      store.getState().setFlash({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  }

  async function save(target: string, overwrite = false) {
    if (!current) return;
    setSavePath(null);
    const file = path.resolve(target.trim());
    // An existing file (or link) is replaced only once the user said yes.
    if (!overwrite && (await pathTaken(file)))
      return store
        .getState()
        .confirm({ message: t('rapports.replaceConfirm', { path: file }), dangerous: true, onYes: () => void save(file, true) });
    setBusy(t('rapports.rendering', { code: current.code }));
    try {
      const reports = await reportsService();
      const code = current.code;
      const onProgress = slowProgress((p: RenderProgress) => setBusy(reports.progressText(code, p)));
      const r = await reports.renderReport(db, session.actor, code, { out: file, overwrite, onProgress });
      store.getState().setFlash({ kind: 'success', text: t('rapports.saved', { path: file, size: formatBytes(r.bytes) }) });
    } catch (e) {
      store.getState().setFlash({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  }

  useCommands({
    'list.filter': !busy && (() => setEditingFilter(true)),
    'nav.back': !!preview && { run: () => setPreview(null), description: 'key.closePreview' },
    'reports.preview': !busy && !!current && (() => void render(current!.code)),
    'reports.savePdf':
      !busy &&
      !!current &&
      (() => {
        const name = preview?.code === current!.code ? preview.fileName : `${current!.code}.pdf`;
        setSavePath(path.join(process.cwd(), name));
      }),
    'reports.mail': !busy && !!current && (() => store.getState().push({ screen: 'compose', params: { code: current!.code } })),
  });
  useCommands(
    {
      'filter.done': () => setEditingFilter(false),
      'filter.clear': () => {
        setFilter('');
        setEditingFilter(false);
      },
    },
    { layer: 'widget', active: editingFilter },
  );
  useCommands({ 'nav.back': { run: () => setSavePath(null), description: 'key.cancel' } }, { layer: 'dialog', active: savePath !== null });

  if (error) return <Text color={th.error}>{errorMessage(error)}</Text>;
  const columns = sizeColumns<ReportListItem>(width - 1, [
    { header: t('report.list.code'), width: 8, value: (r) => r.code },
    { header: t('report.list.name'), width: 'flex', value: (r) => r.name },
  ]);
  const previewLines = preview ? Math.max(0, height - rows.length - 8) : 0;
  return (
    <Box flexDirection="column">
      <Text>
        <Text color={filter || editingFilter ? th.accent : th.muted}>/{t('app.filter')}: </Text>
        {editingFilter ? (
          <TextInput value={filter} onChange={(v) => (setFilter(v), list.setCursor(0))} focus width={30} />
        ) : (
          <Text>{terminalSafe(filter)}</Text>
        )}
      </Text>
      <Table
        columns={columns}
        rows={rows.slice(list.top, list.top + tableHeight - 1)}
        cursor={editingFilter ? -1 : cursor - list.top}
        height={tableHeight - 1}
        emptyText={data ? t('report.list.none') : t('app.loading')}
      />
      {busy ? <Text color={th.warning}>{busy}</Text> : null}
      {savePath !== null ? (
        <Text>
          {t('rapports.savePath')}:{' '}
          <TextInput
            value={savePath}
            onChange={setSavePath}
            focus
            layer="dialog"
            width={Math.max(20, width - 30)}
            onSubmit={(v) => void save(v)}
            submitDescription="key.save"
          />
        </Text>
      ) : null}
      {preview ? (
        <Box flexDirection="column" borderStyle="single" borderColor={th.muted} paddingX={1} marginTop={1}>
          <Text bold>
            {t('rapports.preview', {
              code: preview.code,
              title: preview.title,
              pages: preview.pages,
              size: formatBytes(preview.bytes),
              company: preview.companyName || preview.company,
            })}
          </Text>
          <Text color={th.muted}>{terminalSafe(preview.fileName)}</Text>
          {preview.firstLines.slice(0, previewLines).map((l, i) => (
            <Text key={i} wrap="truncate-end">
              {terminalSafe(l)}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
