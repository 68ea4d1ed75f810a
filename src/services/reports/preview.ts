// What Rapports shows of the report under the cursor: its columns and its first rows, read
// from the same definitions the PDF prints (same order, same words), without drawing a PDF
// and without loading pdfkit — cheap enough to follow the cursor.
import type { Db } from '../db.js';
import { AppError } from '../errors.js';
import { translate } from '../i18n/index.js';
import { FUNCTIONS, allows, levelOf, reportFunction, requireRight, type Actor } from '../rights.js';
import { REPORTS, findReport } from './catalog.js';
import { DEFINITIONS, type ReportQueryContext } from './definitions.js';

/** Rows a preview holds at most (the PDF has them all). */
export const PREVIEW_ROWS = 200;

export interface ReportPreview {
  readonly code: string;
  readonly title: string;
  readonly columns: ReadonlyArray<{ readonly label: string; readonly weight: number; readonly align?: 'left' | 'right' | 'center' }>;
  /** The first rows, in print order (at most `limit`). */
  readonly rows: readonly string[][];
  /** How many rows the whole report has. */
  readonly total: number;
}

/** The columns (in the actor's Langue) and first rows of report `code`; needs rapports.CODE › lecture. */
export async function previewReport(db: Db, actor: Actor, code: string, opts: { limit?: number } = {}): Promise<ReportPreview> {
  const info = findReport(code);
  if (!info) throw new AppError('report.unknown', { code, list: REPORTS.map((r) => r.code).join(', ') });
  await requireRight(db, actor, reportFunction(info.code), 'lecture');
  const def = DEFINITIONS[info.code]!;
  const lang = actor.language;
  const ctx: ReportQueryContext = { db, actor, lang, allMail: allows(await levelOf(db, actor.id, FUNCTIONS.outbox), 'lecture') };
  const limit = Math.max(1, opts.limit ?? PREVIEW_ROWS);
  const rows: string[][] = [];
  for await (const chunk of def.chunks(ctx, limit)) {
    rows.push(...chunk.slice(0, limit - rows.length));
    if (rows.length >= limit) break;
  }
  return {
    code: info.code,
    title: translate(lang, info.titleKey),
    columns: def.columns.map((c) => ({ label: translate(lang, c.label), weight: c.weight, align: c.align })),
    rows,
    total: await def.count(ctx),
  };
}
