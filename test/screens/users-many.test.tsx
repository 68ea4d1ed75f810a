// Utilisateurs over more users than the count cap (issue 11): the count reads "1 000+",
// windows are read by position (next, previous, End, Home) and show the right users.
import { describe, expect, it } from 'vitest';
import { KEYS, consoleTestDb, renderConsole } from '../helpers/renderApp.js';
import { insertManyUsers } from '../helpers/manyUsers.js';

const tdb = consoleTestDb();

/** The user codes drawn in the table, top to bottom. */
const shownCodes = (frame: string) =>
  frame
    .split('\n')
    .filter((l) => l.includes('@'))
    .map((l) => l.trim().split(/\s+/)[0]!);

describe('Utilisateurs with many users', () => {
  it('shows a capped count, pages forward, back, to the end and home by position', async () => {
    await insertManyUsers(tdb().db, 1100);
    const codes = (await tdb().db('users').select('code').orderBy('code_key')).map((r) => r.code as string);
    const ui = await renderConsole(tdb().db, { as: 'admin', stack: [{ screen: 'menu' }, { screen: 'users' }] });
    const f0 = await ui.waitFor('admin@doc.example.com');
    expect(f0).toMatch(/Ligne 1\/1\s000\+ · Page 1(?!\/)/);
    const page = shownCodes(f0).length;
    expect(shownCodes(f0)).toEqual(codes.slice(0, page));
    await ui.press(KEYS.pageDown);
    await ui.waitFor(`${codes[page]} `);
    expect(shownCodes(ui.frame())).toEqual(codes.slice(page, 2 * page));
    await ui.press(KEYS.pageUp);
    await ui.waitFor('admin@doc.example.com');
    expect(shownCodes(ui.frame())).toEqual(codes.slice(0, page));
    // End: the exact count is asked for, so the last row has its number.
    await ui.press('G');
    const end = await ui.waitFor(/Ligne 1\s134\/1\s134/);
    expect(shownCodes(end)).toEqual(codes.slice(-page));
    // Back one page from the end.
    await ui.press(KEYS.pageUp);
    await ui.waitFor(`${codes.at(-2 * page)} `);
    expect(shownCodes(ui.frame())).toEqual(codes.slice(-2 * page, -page));
    await ui.press('g');
    await ui.waitFor(/Ligne 1\/1\s134 · Page 1\//);
    expect(ui.frame()).toContain('admin@doc.example.com');
    // A filter keeps its own count: a narrow one is exact.
    await ui.press('/');
    await ui.type('m0004');
    const narrow = await ui.waitFor('Ligne 1/10 ');
    expect(narrow).toContain('m00049');
  });
});
