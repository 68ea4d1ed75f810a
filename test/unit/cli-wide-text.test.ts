// Found by trying the CLI (qa): a name with CJK characters or emoji (two columns each)
// shifted the later columns of `users list` and `users show`: widths were counted in
// UTF-16 units, not in the columns a terminal draws.
import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { runCli } from '../helpers/cli.js';
import { eachTestDb } from '../helpers/db.js';

const t = eachTestDb();
const WIDE = '日本語テスト😀😀😀東京';

/** The column where `text` starts on the line holding `key`. */
const columnOf = (out: string, key: string, text: string) => {
  const line = out.split('\n').find((l) => l.includes(key))!;
  return stringWidth(line.slice(0, line.indexOf(text)));
};

describe('CLI tables with wide characters', () => {
  it('users list keeps every column in place (first chunk and whole list)', async () => {
    await t.db('users').where({ code: 'sroy' }).update({ name: WIDE });
    for (const args of [
      ['users', 'list'],
      ['users', 'list', '--filter', 'r'],
    ]) {
      const r = await runCli(t, 'admin', args);
      expect(r.code).toBe(0);
      expect(columnOf(r.out, 'sroy', 'sroy@')).toBe(columnOf(r.out, 'pcote', 'pcote@'));
    }
  });
});
