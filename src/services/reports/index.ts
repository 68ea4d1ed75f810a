import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../db.js';
import { bool } from '../db.js';
import { AppError } from '../errors.js';
import { formatCount, formatDateTime, translate, type Lang, isMessageKey } from '../i18n/index.js';
import { FUNCTIONS, allows, levelOf, reportFunction, requireRight, rightsOf, type Actor, type RightLevel } from '../rights.js';
import { now, todayIso } from '../time.js';
import { REPORTS, findReport } from './catalog.js';
import { DEFINITIONS, type ReportQueryContext } from './definitions.js';
import { pageCount, pageLayout, writeTablePdf } from './pdf.js';
import { safeFileName } from './winansi.js';
import { openPrivateFile, TargetExistsError, type PrivateFile } from '../privateFile.js';

export { REPORTS, findReport, type ReportInfo } from './catalog.js';

/**
 * Rows read from the database at a time while rendering: about 8 pages. A chunk lives
 * while its pages are drawn, so it outlives V8's young-generation collections and is
 * promoted: 1,000 rows a chunk made the old generation (and the peak RSS) grow with the
 * report (USR01, 10k → 100k users: +39 MB; with 250: +27 MB), at the same speed.
 */
const CHUNK_ROWS = 250;

export interface ReportListItem {
  readonly code: string;
  /** In the actor's Langue. */
  readonly name: string;
}

export interface RenderedReport {
  readonly code: string;
  readonly title: string;
  readonly pages: number;
  readonly bytes: number;
  /** Hex SHA-256 of the PDF, computed while it streamed out. */
  readonly sha256: string;
  /** CODE-Name-YYYY-MM-DD.pdf, the name in the actor's Langue. */
  readonly fileName: string;
  /** The first text lines of page 1, for a preview. */
  readonly firstLines: string[];
  /** Code of the company in the header ('' when there is no company at all). */
  readonly company: string;
  readonly companyName: string;
}

export interface RenderOptions {
  /** Company code for the header; default: the actor's Compagnie par défaut. */
  readonly company?: string;
  /**
   * Where the PDF goes: a stream (ended when done; left untouched when the report is
   * refused before drawing) or a file path (a private 0600 file, written to a temporary
   * file moved into place; never through a symlink; left as it was on failure).
   */
  readonly out: NodeJS.WritableStream | string;
  /** A file path only: replace what is there. Without it, an existing file is refused (report.exists). */
  readonly overwrite?: boolean;
  /** Called as pages are drawn (after each page), e.g. to show progress on a long report. */
  readonly onProgress?: (progress: RenderProgress) => void;
}

export interface RenderProgress {
  /** Rows read from the database so far, of `rows`. */
  readonly read: number;
  readonly rows: number;
  /** Pages drawn so far, of `pages`. */
  readonly page: number;
  readonly pages: number;
}

/** The reports the actor may print (at least lecture on rapports.CODE), in catalog order. */
export async function listReports(db: Db, actor: Actor): Promise<ReportListItem[]> {
  const rights = await rightsOf(db, actor.id);
  return REPORTS.filter((r) => allows((rights[reportFunction(r.code)] ?? 'aucun') as RightLevel, 'lecture')).map((r) => ({
    code: r.code,
    name: translate(actor.language, r.titleKey),
  }));
}

/** "USR01 : 120 000 lignes lues sur 1 000 000, page 4 000 de 33 334" */
export function progressText(code: string, p: RenderProgress, lang: Lang): string {
  const n = (v: number) => formatCount(v, lang);
  return translate(lang, 'report.progress', { code, read: n(p.read), rows: n(p.rows), page: n(p.page), pages: n(p.pages) });
}

export function reportName(code: string, lang: Lang): string {
  const info = findReport(code);
  return info ? translate(lang, info.titleKey) : code;
}

/** CODE-Name-YYYY-MM-DD.pdf (local date), safe on every file system, accents kept. */
export function reportFileName(code: string, lang: Lang, at: Date = now()): string {
  const info = findReport(code);
  const c = info?.code ?? code;
  return safeFileName(`${c}-${reportName(c, lang)}-${todayIso(at)}`) + '.pdf';
}

/** Renders report `code` from live data to a PDF written to `opts.out`. */
export async function renderReport(db: Db, actor: Actor, code: string, opts: RenderOptions): Promise<RenderedReport> {
  const output: Output = typeof opts.out === 'string' ? { file: opts.out, overwrite: !!opts.overwrite } : { stream: opts.out };
  return render(db, actor, code, opts.company, output, opts.onProgress);
}

/**
 * Renders to a new private file (0600) in `dir` (default: the system temp folder),
 * e.g. to attach it to a mail. The caller removes `path` when done.
 */
export async function renderReportToFile(
  db: Db,
  actor: Actor,
  code: string,
  opts: { company?: string; dir?: string; onProgress?: (progress: RenderProgress) => void } = {},
): Promise<RenderedReport & { path: string }> {
  const file = path.resolve(opts.dir ?? os.tmpdir(), `prextra-${safeFileName(code)}-${randomUUID()}.pdf`);
  const rendered = await render(db, actor, code, opts.company, { file, overwrite: false }, opts.onProgress);
  return { ...rendered, path: file };
}

type Output = { readonly stream: NodeJS.WritableStream } | { readonly file: string; readonly overwrite: boolean };

async function render(
  db: Db,
  actor: Actor,
  code: string,
  companyCode: string | undefined,
  output: Output,
  onProgress?: (progress: RenderProgress) => void,
): Promise<RenderedReport> {
  const info = findReport(code);
  if (!info) throw new AppError('report.unknown', { code, list: REPORTS.map((r) => r.code).join(', ') });
  const def = DEFINITIONS[info.code]!;
  await requireRight(db, actor, reportFunction(info.code), 'lecture');
  const lang = actor.language;
  const me = await db('users as u')
    .leftJoin('companies as c', 'c.id', 'u.default_company_id')
    .where('u.id', actor.id)
    .first('u.name', 'u.name_on_report', 'c.code as company');
  const company = await headerCompany(db, companyCode ?? (me?.company as string | null | undefined) ?? null, companyCode !== undefined);

  const ctx: ReportQueryContext = { db, actor, lang, allMail: allows(await levelOf(db, actor.id, FUNCTIONS.outbox), 'lecture') };
  const total = await def.count(ctx);
  const layout = pageLayout(def.landscape);
  const pages = pageCount(total, layout);
  const at = now();
  const title = reportName(info.code, lang);
  const printedBy = me && bool(me.name_on_report) ? translate(lang, 'report.printedBy', { name: String(me.name ?? actor.name) }) : null;

  // The file is opened only once every check passed: a refused report replaces nothing.
  const target = 'file' in output ? await openOutput(output.file, output.overwrite) : null;
  const reader = rowReader(def.chunks(ctx, CHUNK_ROWS), total);
  try {
    // pdfkit is loaded here only: the console's start-up never pays for it.
    const { default: PDFDocument } = await import('pdfkit');
    const result = await writeTablePdf(
      PDFDocument,
      {
        layout,
        pages,
        lang: lang === 'en' ? 'en-CA' : 'fr-CA',
        columns: def.columns.map((c) => ({ ...c, label: translate(lang, c.label) })),
        frame: {
          companyName: company.name,
          companyLines: [company.address, company.city].filter(Boolean),
          title,
          code: info.code,
          printedOn: translate(lang, 'report.printedOn', { date: formatDateTime(at.toISOString(), lang) }),
          printedBy,
          noRows: translate(lang, 'report.noRows'),
          pageLabel: (page, of) => translate(lang, 'report.page', { page, pages: of }),
        },
        nextRow: reader.next,
        onPage: onProgress ? (page) => onProgress({ read: reader.read(), rows: total, page, pages }) : undefined,
        info: {
          Title: title,
          Subject: info.code,
          Author: printedBy ? String(me?.name ?? actor.name) : company.name,
          Creator: 'prextra-console',
          CreationDate: at,
        },
      },
      target ? target.stream : (output as { stream: NodeJS.WritableStream }).stream,
    );
    await target?.commit();
    return {
      code: info.code,
      title,
      pages,
      bytes: result.bytes,
      sha256: result.sha256,
      fileName: reportFileName(info.code, lang, at),
      firstLines: result.firstLines,
      company: company.code,
      companyName: company.name,
    };
  } catch (err) {
    if (target) await target.abort();
    throw err instanceof TargetExistsError ? new AppError('report.exists', { path: err.path }) : err;
  }
}

async function openOutput(file: string, overwrite: boolean): Promise<PrivateFile> {
  try {
    return await openPrivateFile(file, { overwrite });
  } catch (err) {
    if (err instanceof TargetExistsError) throw new AppError('report.exists', { path: err.path });
    const resolved = path.resolve(file);
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const reasonKey = `report.writeReason.${code}`;
    const reason = isMessageKey(reasonKey) ? { ref: reasonKey } : code || String((err as Error).message);
    throw new AppError('report.cannotWrite', { path: resolved, reason });
  }
}

async function headerCompany(db: Db, code: string | null, explicit: boolean) {
  const cols = ['code', 'name', 'address', 'city'];
  let row = code ? await db('companies').whereRaw('upper(code) = ?', [code.trim().toUpperCase()]).first(cols) : undefined;
  if (!row && explicit) throw new AppError('report.unknownCompany', { code: code ?? '' });
  row ??= await db('companies').orderBy('code').first(cols);
  return {
    code: String(row?.code ?? ''),
    name: String(row?.name ?? ''),
    address: String(row?.address ?? ''),
    city: String(row?.city ?? ''),
  };
}

/**
 * Hands out the rows one at a time from the chunks, never more than `total` (the page
 * count was computed from it: rows added while rendering wait for the next report).
 */
function rowReader(chunks: AsyncGenerator<string[][]>, total: number) {
  let buffer: string[][] = [];
  let index = 0;
  let read = 0;
  return {
    read: () => read,
    next: async (): Promise<string[] | null> => {
      if (read >= total) {
        await chunks.return(undefined);
        return null;
      }
      while (index >= buffer.length) {
        const step = await chunks.next();
        if (step.done) return null;
        buffer = step.value;
        index = 0;
      }
      read++;
      return buffer[index++]!;
    },
  };
}
