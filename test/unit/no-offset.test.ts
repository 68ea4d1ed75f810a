// Issue 11: lists, exports and reports read in keyset order ((sort key, id) > last, with a
// limit), never by OFFSET, whose cost grows with the page number. The behaviour is tested
// where each list is (users-list-cli, audit-list, reports-scale); this keeps OFFSET from
// coming back anywhere in the sources, as knex's .offset() or in raw SQL.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

/** The code without its comments (a comment may say why OFFSET is not used). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

describe('no OFFSET paging', () => {
  it('no source calls .offset() or writes OFFSET into SQL', () => {
    const found = sources('src').flatMap((file) =>
      code(readFileSync(file, 'utf8'))
        .split('\n')
        .map((line, i) => ({ file, line: i + 1, text: line.trim() }))
        .filter(({ text }) => /\.offset\s*\(/.test(text) || /\bOFFSET\b/.test(text)),
    );
    expect(found).toEqual([]);
  });
});
