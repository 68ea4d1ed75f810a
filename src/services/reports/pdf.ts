import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { toWinAnsi } from './winansi.js';

// The page engine shared by every report. The layout is fixed (row height, rows per
// page, one line per cell, truncated with "…" instead of wrapped) so the number of
// pages is known before the first one is drawn: "Page n de N" needs no buffered pages,
// and each page is written out as soon as the next one starts.

type PdfDoc = PDFKit.PDFDocument;
type PdfDocConstructor = new (options?: PDFKit.PDFDocumentOptions) => PdfDoc;

const LETTER = { width: 612, height: 792 };
const MARGIN = 36;
const TABLE_HEAD_TOP = MARGIN + 72;
const TABLE_HEAD_HEIGHT = 16;
const ROW_HEIGHT = 14;
const FOOTER_HEIGHT = 20;
const CELL_PAD = 3;
const BODY_SIZE = 8.5;
const REGULAR = 'Helvetica';
/** Helvetica and Helvetica-Bold rise 0.718 em above the baseline (their AFM Ascender). */
const HELVETICA_ASCENT = 0.718;
/** The widest glyph of Helvetica and Helvetica-Bold ("@"), in em. */
const HELVETICA_WIDEST = 1.015;
/** The largest kerning that widens a pair in Helvetica (KPX f quotedblright 60), in em. */
const HELVETICA_MAX_KERN = 0.06;
const BOLD = 'Helvetica-Bold';
/** Above this many bytes waiting in the document, drawing waits for the reader. */
const MAX_PENDING = 1 << 20;

export interface PageLayout {
  readonly landscape: boolean;
  readonly width: number;
  readonly height: number;
  readonly rowsPerPage: number;
}

export function pageLayout(landscape: boolean): PageLayout {
  const width = landscape ? LETTER.height : LETTER.width;
  const height = landscape ? LETTER.width : LETTER.height;
  const rowsTop = TABLE_HEAD_TOP + TABLE_HEAD_HEIGHT;
  const rowsBottom = height - MARGIN - FOOTER_HEIGHT;
  return { landscape, width, height, rowsPerPage: Math.floor((rowsBottom - rowsTop) / ROW_HEIGHT) };
}

export function pageCount(rows: number, layout: PageLayout): number {
  return Math.max(1, Math.ceil(rows / layout.rowsPerPage));
}

export interface PdfColumn {
  readonly label: string;
  readonly weight: number;
  readonly align?: 'left' | 'right' | 'center';
}

/** Everything printed around the table, already in the reader's language. */
export interface PdfPageFrame {
  readonly companyName: string;
  readonly companyLines: readonly string[];
  readonly title: string;
  readonly code: string;
  readonly printedOn: string;
  readonly printedBy: string | null;
  readonly noRows: string;
  pageLabel(page: number, pages: number): string;
}

export interface PdfJob {
  readonly layout: PageLayout;
  readonly frame: PdfPageFrame;
  readonly columns: readonly PdfColumn[];
  readonly pages: number;
  /** The next row, or null when there are no more. */
  readonly nextRow: () => Promise<readonly string[] | null>;
  /** Called once each page is drawn. */
  readonly onPage?: (page: number) => void;
  readonly info: PDFKit.DocumentInfo;
  readonly lang: string;
}

export interface PdfResult {
  readonly bytes: number;
  readonly sha256: string;
  readonly firstLines: string[];
}

/** Draws the report into `out`, hashing and counting the bytes as they pass. */
export async function writeTablePdf(PDFDocument: PdfDocConstructor, job: PdfJob, out: NodeJS.WritableStream): Promise<PdfResult> {
  const { layout, frame, pages } = job;
  const doc = new PDFDocument({
    size: 'LETTER',
    layout: layout.landscape ? 'landscape' : 'portrait',
    margin: 0,
    autoFirstPage: false,
    bufferPages: false,
    compress: true,
    displayTitle: true,
    lang: job.lang,
    info: job.info,
  });
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  let failure: unknown;
  const flowing = pipeline(doc, meter, out).catch((err: unknown) => {
    failure = err;
    throw err;
  });
  flowing.catch(() => undefined);

  const tableWidth = layout.width - 2 * MARGIN;
  const totalWeight = job.columns.reduce((s, c) => s + c.weight, 0);
  let x = MARGIN;
  const cols = job.columns.map((c) => {
    const width = (tableWidth * c.weight) / totalWeight;
    const col = { ...c, x, width, label: toWinAnsi(c.label) };
    x += width;
    return col;
  });
  const firstLines: string[] = [];
  const rowsTop = TABLE_HEAD_TOP + TABLE_HEAD_HEIGHT;

  // The caller sets the font, size and colour (once per block of rows, not per row).
  const drawCells = (cells: readonly string[], top: number, font: string, record: boolean) => {
    const shown: string[] = [];
    cols.forEach((col, i) => {
      const text = fit(doc, cells[i] ?? '', col.width - 2 * CELL_PAD, font, BODY_SIZE);
      shown.push(text);
      if (!text) return;
      const w = col.align && col.align !== 'left' ? doc.widthOfString(text) : 0;
      const left =
        col.align === 'right' ? col.x + col.width - CELL_PAD - w : col.align === 'center' ? col.x + (col.width - w) / 2 : col.x + CELL_PAD;
      doc.text(text, left, top + (ROW_HEIGHT - BODY_SIZE) / 2, { lineBreak: false });
    });
    if (record) firstLines.push(shown.filter(Boolean).join('  '));
  };

  try {
    for (let page = 1; page <= pages; page++) {
      if (failure) break;
      doc.addPage();
      forgetWrittenPage(doc);
      const record = page === 1;
      drawFrame(doc, layout, frame, page, pages, record ? firstLines : null);

      doc.rect(MARGIN, TABLE_HEAD_TOP, tableWidth, TABLE_HEAD_HEIGHT).fill('#e4e4e4');
      doc.font(BOLD).fontSize(BODY_SIZE).fillColor('black');
      drawCells(
        cols.map((c) => c.label),
        TABLE_HEAD_TOP + (TABLE_HEAD_HEIGHT - ROW_HEIGHT) / 2,
        BOLD,
        record,
      );
      // One page of rows at a time (a page, never the whole report): the stripes go out as
      // one shape with one fill, then the text in one font and colour.
      const pageRows: (readonly string[])[] = [];
      while (pageRows.length < layout.rowsPerPage) {
        const row = await job.nextRow();
        if (!row) break;
        pageRows.push(row);
      }
      const drawn = pageRows.length;
      for (let i = 1; i < drawn; i += 2) doc.rect(MARGIN, rowsTop + i * ROW_HEIGHT, tableWidth, ROW_HEIGHT);
      if (drawn > 1) doc.fill('#f3f3f3');
      doc.font(REGULAR).fontSize(BODY_SIZE).fillColor('black');
      pageRows.forEach((row, i) => drawCells(row, rowsTop + i * ROW_HEIGHT, REGULAR, record));
      if (page === 1 && drawn === 0) {
        doc
          .font(REGULAR)
          .fontSize(BODY_SIZE + 1)
          .fillColor('black');
        const text = toWinAnsi(frame.noRows);
        doc.text(text, MARGIN + CELL_PAD, rowsTop + 6, { lineBreak: false });
        firstLines.push(text);
      }
      doc
        .moveTo(MARGIN, rowsTop + drawn * ROW_HEIGHT)
        .lineTo(MARGIN + tableWidth, rowsTop + drawn * ROW_HEIGHT)
        .lineWidth(0.5)
        .stroke('#999999');
      job.onPage?.(page);
      await relieve(doc);
    }
  } catch (err) {
    // A failed query must not leave the output open: tear the whole pipeline down.
    doc.destroy(err as Error);
    await flowing.catch(() => undefined);
    throw err;
  }
  doc.end();
  await flowing;
  return { bytes, sha256: hash.digest('hex'), firstLines: firstLines.filter(Boolean).slice(0, 8) };
}

function drawFrame(doc: PdfDoc, layout: PageLayout, frame: PdfPageFrame, page: number, pages: number, record: string[] | null): void {
  const right = layout.width - MARGIN;
  const half = (layout.width - 2 * MARGIN) / 2;
  // Placed by baseline, so texts of different sizes on one line sit on one line.
  const put = (text: string, font: string, size: number, baseline: number, align: 'left' | 'right', width = half) => {
    doc.font(font).fontSize(size).fillColor('black');
    const shown = fit(doc, text, width, font, size);
    if (!shown) return '';
    const left = align === 'right' ? right - doc.widthOfString(shown) : MARGIN;
    doc.text(shown, left, baseline - HELVETICA_ASCENT * size, { lineBreak: false });
    return shown;
  };
  const lines: string[] = [];
  const top = MARGIN + 9;
  lines.push(put(frame.companyName, BOLD, 12, top, 'left'));
  frame.companyLines.forEach((line, i) => lines.push(put(line, REGULAR, 9, top + 14 + i * 11, 'left')));
  const title = put(frame.title, BOLD, 15, top + 46, 'left', layout.width - 2 * MARGIN);
  const printedOn = put(frame.printedOn, REGULAR, 9, top, 'right');
  put(frame.code, REGULAR, 9, top + 14, 'right');
  doc
    .moveTo(MARGIN, MARGIN + 64)
    .lineTo(right, MARGIN + 64)
    .lineWidth(0.75)
    .stroke('#555555');
  const footerY = layout.height - MARGIN;
  if (frame.printedBy) put(frame.printedBy, REGULAR, 8, footerY, 'left');
  put(frame.pageLabel(page, pages), REGULAR, 8, footerY, 'right');
  record?.push(...lines, title, printedOn);
}

/**
 * The longest prefix of `text` that fits `width` in the current font (`font` at
 * `size`), with "…" when cut. Measuring with kerning is what pdfkit spends most of its
 * time on, so a text is measured only when a cheap upper bound says it might not fit.
 */
function fit(doc: PdfDoc, text: string, width: number, font: string, size: number): string {
  const s = toWinAnsi(text).trim();
  if (!s || s.length * size * HELVETICA_WIDEST <= width) return s;
  if (unkernedWidth(doc, s, font, size) + (s.length - 1) * size * HELVETICA_MAX_KERN <= width) return s;
  if (doc.widthOfString(s) <= width) return s;
  const ellipsis = '…';
  const room = width - doc.widthOfString(ellipsis);
  if (room <= 0) return '';
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (doc.widthOfString(s.slice(0, mid)) <= room) lo = mid;
    else hi = mid - 1;
  }
  return s.slice(0, lo).trimEnd() + ellipsis;
}

const charWidths = new Map<string, Map<string, number>>();

/** Sum of the glyph widths, kerning left out (cached per font, size and character). */
function unkernedWidth(doc: PdfDoc, s: string, font: string, size: number): number {
  const key = `${font}/${size}`;
  let widths = charWidths.get(key);
  if (!widths) charWidths.set(key, (widths = new Map()));
  let sum = 0;
  for (const ch of s) {
    let w = widths.get(ch);
    if (w === undefined) widths.set(ch, (w = doc.widthOfString(ch)));
    sum += w;
  }
  return sum;
}

/**
 * pdfkit keeps every written page's dictionary (and through it the page's content and
 * resource objects) in the Pages tree until the end, where only its object number is
 * needed: about a kilobyte a page, 30 MB over USR01 at a million users. Once the next page
 * is added the previous one has been written, so its dictionary's data is dropped (its
 * number stays). Done only when pdfkit's structure is the one expected.
 */
function forgetWrittenPage(doc: PdfDoc): void {
  const kids = (doc as unknown as { _root?: { data?: { Pages?: { data?: { Kids?: unknown[] } } } } })._root?.data?.Pages?.data?.Kids;
  const written = Array.isArray(kids) && kids.length >= 2 ? (kids[kids.length - 2] as { data?: unknown; offset?: unknown }) : null;
  // `offset` is set when pdfkit has written the object out.
  if (written && typeof written.offset === 'number' && written.data && typeof written.data === 'object') written.data = {};
}

/** Waits while the reader is behind, so a slow disk or upload bounds the memory held. */
async function relieve(doc: PdfDoc): Promise<void> {
  while (doc.readableLength > MAX_PENDING && !doc.destroyed) {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        doc.off('resume', done);
        resolve();
      };
      const timer = setTimeout(done, 25);
      doc.once('resume', done);
    });
  }
}
