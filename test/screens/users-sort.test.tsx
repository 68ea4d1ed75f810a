// Issue 9, "expected of every list": Utilisateurs sorts too — `>` cycles Code ▲, Code ▼,
// Nom ▲, Nom ▼ (marked in the header), each order read page by page from the database
// (keyset, any size), every user reachable exactly once with ↓, and Enter opens the row
// under the cursor.
import { describe, expect, it } from 'vitest';
import { KEYS, codesShown, consoleTestDb, renderConsole, type RenderedConsole } from '../helpers/renderApp.js';

const tdb = consoleTestDb();
const AT_80 = { columns: 80, rows: 24 };

/** The codes in the database's order for a sort (name or code_key, then id). */
async function codesBy(column: 'name_key' | 'code_key', desc: boolean): Promise<string[]> {
  const dir = desc ? 'desc' : 'asc';
  const rows = await tdb()
    .db('users')
    .select('code')
    .orderBy([
      { column, order: dir },
      { column: 'id', order: dir },
    ]);
  return rows.map((r) => r.code as string);
}

/**
 * Walks the whole list with ↓ from the top: at each step the rows drawn are a run of the
 * expected order holding the cursor's position. Returns every code seen.
 */
async function walk(ui: RenderedConsole, codes: readonly string[]): Promise<Set<string>> {
  await ui.press(KEYS.home);
  await ui.waitFor('Ligne 1/34 ');
  const seen = new Set<string>();
  for (let i = 1; i <= codes.length; i++) {
    if (i > 1) {
      await ui.press(KEYS.down);
      await ui.waitFor(`Ligne ${i}/34 `);
    }
    const drawn = codesShown(ui.frame(), codes);
    const start = codes.indexOf(drawn[0]!);
    expect(drawn, `row ${i}`).toEqual(codes.slice(start, start + drawn.length));
    expect(i - 1 >= start && i - 1 < start + drawn.length, `row ${i} drawn`).toBe(true);
    for (const c of drawn) seen.add(c);
  }
  return seen;
}

describe('Utilisateurs: sort', () => {
  it('> cycles Code ▲, Code ▼, Nom ▲, Nom ▼, then off; each order whole, each user once', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin', size: AT_80, stack: [{ screen: 'menu' }, { screen: 'users' }] });
    await ui.waitFor('Ligne 1/34 ');
    const orders: Array<[string, 'name_key' | 'code_key', boolean]> = [
      ['Code ▲', 'code_key', false],
      ['Code ▼', 'code_key', true],
      ['Nom ▲', 'name_key', false],
      ['Nom ▼', 'name_key', true],
    ];
    for (const [mark, column, desc] of orders) {
      await ui.press('>');
      await ui.waitFor(mark);
      const codes = await codesBy(column, desc);
      expect([...(await walk(ui, codes))].sort(), mark).toEqual([...codes].sort());
    }
    await ui.press('>');
    await ui.waitForGone(/[▲▼]/);
  });

  it('Enter on a row of the Nom ▼ order opens that user', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin', size: AT_80, stack: [{ screen: 'menu' }, { screen: 'users' }] });
    await ui.waitFor('Ligne 1/34 ');
    await ui.press('<');
    await ui.waitFor('Nom ▼');
    const codes = await codesBy('name_key', true);
    await ui.press(KEYS.down, KEYS.down);
    await ui.waitFor('Ligne 3/34 ');
    await ui.press(KEYS.enter);
    await ui.waitFor(new RegExp(`› Code d’utilisateur\\s+${codes[2]}\\b`));
  });
});
