import { jsonForTerminal } from '../services/terminalText.js';
import { alignedColumns, type CliContext } from './context.js';

// Exports that stream: a list read chunk by chunk goes out chunk by chunk, so `users list`
// at a million users holds one chunk in memory, never the whole list.

/**
 * Prints the items as one JSON array, the same text printJson gives for the whole array,
 * or with `ndjson` one compact object a line (both escaped for a terminal like printJson).
 */
export async function printJsonChunks<T>(ctx: CliContext, chunks: AsyncIterable<T[]>, ndjson = false): Promise<void> {
  if (ndjson) {
    for await (const items of chunks) if (items.length) ctx.out(items.map((i) => jsonForTerminal(i, 0) + '\n').join(''));
    return;
  }
  let first = true;
  for await (const items of chunks) {
    if (!items.length) continue;
    const text = items.map((i) => jsonForTerminal(i).replace(/^/gm, '  ')).join(',\n');
    ctx.out((first ? '[\n' : ',\n') + text);
    first = false;
  }
  ctx.out(first ? '[]\n' : '\n]\n');
}

/** Prints rows as aligned columns; the widths are those of the first chunk (a longer cell later pushes its line). */
export async function printTableChunks(ctx: CliContext, headers: readonly string[], chunks: AsyncIterable<string[][]>): Promise<void> {
  let line: ((cells: readonly string[]) => string) | null = null;
  for await (const raw of chunks) {
    const table = alignedColumns(headers, raw);
    if (!line) {
      line = table.line;
      ctx.out(line(headers));
    }
    if (table.rows.length) ctx.out(table.rows.map(line).join(''));
  }
  if (!line) ctx.out(alignedColumns(headers, []).line(headers));
}

/** Maps each chunk of an async sequence. */
export async function* mapChunks<T, U>(chunks: AsyncIterable<T[]>, f: (item: T) => U): AsyncGenerator<U[]> {
  for await (const items of chunks) yield items.map(f);
}
