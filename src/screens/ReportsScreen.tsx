import React, { useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import path from 'node:path';
import { Writable } from 'node:stream';
import { errorMessage, formatBytes } from '../services/i18n/index.js';
import type { ReportListItem, RenderProgress } from '../services/reports/index.js';
import type { ReportPreview } from '../services/reports/preview.js';
import { slowProgress } from '../services/progress.js';
import { ListView } from './components/ListView.js';
import { sizeColumns } from './components/Table.js';
import { TextInput } from './components/TextInput.js';
import { useApp, useServices, useStoreApi, useLang, useT, useTheme } from './context.js';
import { useAsync } from './hooks.js';
import { useCommands } from './keys/react.js';
import { arraySource } from './lists/source.js';
import { useList } from './lists/useList.js';
import { PREVIEW_CHROME, ReportPreviewPane, type RenderedInfo } from './ReportPreview.js';
import type { ScreenProps } from './types.js';
import { pathTaken } from '../services/privateFile.js';

// The PDF library is heavy: it is loaded when a report is first rendered, not at start-up.
const reportsService = () => import('../services/reports/index.js');
const previewService = () => import('../services/reports/preview.js');

/** How long the cursor rests on a report before its preview is read (moving fast reads nothing). */
const PREVIEW_DELAY_MS = 80;

/**
 * Rapports: the reports the user may print. The report under the cursor is previewed as it
 * prints (columns, first rows; Tab scrolls it); Enter renders the PDF (pages, size), s saves
 * it, e mails it.
 */
export function ReportsScreen({ width, height }: ScreenProps) {
  const t = useT();
  const lang = useLang();
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const th = useTheme();
  const [busy, setBusy] = useState<string | null>(null);
  const [savePath, setSavePath] = useState<string | null>(null);
  const [inPreview, setInPreview] = useState(false);
  const [previews, setPreviews] = useState<ReadonlyMap<string, ReportPreview>>(new Map());
  const [rendered, setRendered] = useState<ReadonlyMap<string, RenderedInfo>>(new Map());
  const { data, error } = useAsync(async () => (await reportsService()).listReports(db, session.actor), []);

  const columns = sizeColumns<ReportListItem>(width - 1, [
    { header: t('report.list.code'), width: 8, value: (r) => r.code },
    { header: t('report.list.name'), width: 'flex', value: (r) => r.name },
  ]);
  const source = useMemo(
    () =>
      arraySource(
        data ?? [],
        (r) => [r.code, r.name],
        (r) => r.code,
      ),
    [data],
  );
  // The list keeps what it needs (at most every report); the preview has the rest.
  const listRows = Math.min(Math.max(1, data?.length ?? 1), Math.max(3, height - 12));
  const list = useList({ source, page: listRows, columns: columns.length, active: !busy && !inPreview && savePath === null });
  const current = list.current;
  const code = current?.code ?? null;

  // The preview follows the cursor (after it has rested a moment), read once per report.
  const asked = useRef(new Set<string>());
  useEffect(() => {
    if (!code || asked.current.has(code)) return;
    const timer = setTimeout(() => {
      asked.current.add(code);
      previewService()
        .then((p) => p.previewReport(db, session.actor, code))
        .then(
          (p) => setPreviews((m) => new Map(m).set(code, p)),
          (e: unknown) => {
            asked.current.delete(code);
            store.getState().setFlash({ kind: 'error', text: errorMessage(e, lang) });
          },
        );
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [code, db, session.actor, store, lang]);

  async function render(reportCode: string) {
    setBusy(t('rapports.rendering', { code: reportCode }));
    try {
      const reports = await reportsService();
      const onProgress = slowProgress((p: RenderProgress) => setBusy(reports.progressText(reportCode, p, lang)));
      // Drawn to count its pages and bytes; nothing written to disk.
      const discard = new Writable({ write: (_chunk, _enc, done) => done() });
      const r = await reports.renderReport(db, session.actor, reportCode, { out: discard, onProgress });
      setRendered((m) =>
        new Map(m).set(reportCode, { pages: r.pages, bytes: r.bytes, fileName: r.fileName, company: r.companyName || r.company }),
      );
    } catch (e) {
      store.getState().setFlash({ kind: 'error', text: errorMessage(e, lang) });
    } finally {
      setBusy(null);
    }
  }

  async function save(reportCode: string, target: string, overwrite = false) {
    setSavePath(null);
    const file = path.resolve(target.trim());
    // An existing file (or link) is replaced only once the user said yes.
    if (!overwrite && (await pathTaken(file)))
      return store.getState().confirm({
        message: t('rapports.replaceConfirm', { path: file }),
        dangerous: true,
        onYes: () => void save(reportCode, file, true),
      });
    setBusy(t('rapports.rendering', { code: reportCode }));
    try {
      const reports = await reportsService();
      const onProgress = slowProgress((p: RenderProgress) => setBusy(reports.progressText(reportCode, p, lang)));
      const r = await reports.renderReport(db, session.actor, reportCode, { out: file, overwrite, onProgress });
      store.getState().setFlash({ kind: 'success', text: t('rapports.saved', { path: file, size: formatBytes(r.bytes, lang) }) });
    } catch (e) {
      store.getState().setFlash({ kind: 'error', text: errorMessage(e, lang) });
    } finally {
      setBusy(null);
    }
  }

  // One file-name rule everywhere: the name the mail gives its attachment (CODE-Name-date.pdf).
  async function proposeSave(reportCode: string) {
    const name = (await reportsService()).reportFileName(reportCode, session.actor.language);
    setSavePath(path.join(process.cwd(), name));
  }

  const idle = !busy && savePath === null;
  useCommands({
    'reports.preview': idle && !!code && { run: () => void render(code!), description: 'key.renderPdf' },
    'reports.savePdf': idle && !!code && (() => void proposeSave(code!)),
    'reports.mail': idle && !!code && (() => store.getState().push({ screen: 'compose', params: { code: code! } })),
    'reports.focusPreview': idle &&
      !!code &&
      !list.editingFilter && { run: () => setInPreview((v) => !v), description: inPreview ? 'key.focusList' : 'key.focusPreview' },
    'nav.back': inPreview && { run: () => setInPreview(false), description: 'key.focusList' },
  });
  useCommands({ 'nav.back': { run: () => setSavePath(null), description: 'key.cancel' } }, { layer: 'dialog', active: savePath !== null });

  if (error) return <Text color={th.error}>{errorMessage(error, lang)}</Text>;
  const listHeight = listRows + 2;
  const previewHeight = Math.max(PREVIEW_CHROME + 1, height - listHeight - 1);
  return (
    <Box flexDirection="column">
      <ListView list={list} columns={columns} width={width} emptyText={t('report.list.none')} />
      {savePath !== null && code ? (
        <Text>
          {t('rapports.savePath')}:{' '}
          <TextInput
            value={savePath}
            onChange={setSavePath}
            focus
            layer="dialog"
            width={Math.max(20, width - t('rapports.savePath').length - 3)}
            onSubmit={(v) => void save(code, v)}
            submitDescription="key.save"
          />
        </Text>
      ) : (
        <Text color={th.warning} wrap="truncate-end">
          {busy ?? ' '}
        </Text>
      )}
      {code ? (
        <ReportPreviewPane
          key={code}
          code={code}
          preview={previews.get(code) ?? null}
          rendered={rendered.get(code) ?? null}
          focused={inPreview}
          width={width}
          height={previewHeight}
        />
      ) : null}
    </Box>
  );
}
