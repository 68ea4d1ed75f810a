// A text field's value as the terminal draws it: grapheme clusters (an emoji with its skin
// tone, a letter with its accent) each taking one or two columns, or more once escaped
// (\u202E). The cursor moves and deletes by whole clusters, and the visible window is
// counted in columns, so a wide character never pushes the field past its box.
import { columnWidth } from '../../services/terminalText.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export interface Cell {
  /** Offset of the cluster in the value (UTF-16 units, as the cursor counts). */
  readonly at: number;
  readonly text: string;
  /** What is drawn for it, and how many columns that takes. */
  readonly shown: string;
  readonly width: number;
}

export function cellsOf(value: string, draw: (cluster: string) => string): Cell[] {
  return Array.from(segmenter.segment(value), (s) => {
    const shown = draw(s.segment);
    return { at: s.index, text: s.segment, shown, width: columnWidth(shown) };
  });
}

/** The cluster boundary before the cursor (0 at the start). */
export function previousBoundary(value: string, cursor: number): number {
  let last = 0;
  for (const s of segmenter.segment(value)) {
    if (s.index >= cursor) break;
    last = s.index;
  }
  return last;
}

/** The cluster boundary after the cursor (the value's length at the end). */
export function nextBoundary(value: string, cursor: number): number {
  for (const s of segmenter.segment(value)) if (s.index > cursor) return s.index;
  return value.length;
}

/** The beginning of the text that fits in `width` columns, "…" when some is left out. */
export function fitStart(cells: readonly Cell[], width: number): string {
  const total = cells.reduce((n, c) => n + c.width, 0);
  if (total <= width) return cells.map((c) => c.shown).join('');
  let out = '';
  let used = 0;
  for (const c of cells) {
    if (used + c.width > width - 1) break;
    out += c.shown;
    used += c.width;
  }
  return out + '…';
}

/**
 * The window of a focused field: the text before the cursor (as much as fits, nearest
 * the cursor), the cell under the cursor (a space at the end), and what fits after it.
 */
export function windowAround(cells: readonly Cell[], cursor: number, width: number): { before: string; under: string; after: string } {
  let i = cells.findIndex((c) => c.at + c.text.length > cursor);
  if (i < 0) i = cells.length;
  const under = cells[i]?.shown ?? ' ';
  let used = columnWidth(under);
  let before = '';
  for (let j = i - 1; j >= 0 && used + cells[j]!.width <= width; j--) {
    before = cells[j]!.shown + before;
    used += cells[j]!.width;
  }
  let after = '';
  for (let j = i + 1; j < cells.length && used + cells[j]!.width <= width; j++) {
    after += cells[j]!.shown;
    used += cells[j]!.width;
  }
  return { before, under, after };
}
