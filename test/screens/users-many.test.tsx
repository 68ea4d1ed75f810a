// Utilisateurs over more users than the count cap (issue 11): the count reads "1 000+",
// pages are read by position (next, previous, End, Home) and show the right users.
import { describe, expect, it } from 'vitest';
import { KEYS, consoleTestDb, renderConsole } from '../helpers/renderApp.js';
import { insertManyUsers } from '../helpers/manyUsers.js';

const tdb = consoleTestDb();

describe('Utilisateurs with many users', () => {
  it('shows a capped count, pages forward, back, to the end and home by position', async () => {
    await insertManyUsers(tdb().db, 1100);
    const codes = (await tdb().db('users').select('code').orderBy('code_key')).map((r) => r.code as string);
    const ui = await renderConsole(tdb().db, { as: 'admin', stack: [{ screen: 'menu' }, { screen: 'users' }] });
    const f0 = await ui.waitFor('admin@doc.example.com');
    expect(f0).toMatch(/1\s000\+ lignes/);
    expect(f0).toContain('Page 1');
    expect(f0).not.toContain('Page 1/');
    await ui.press(KEYS.right);
    const f1 = await ui.waitFor('Page 2');
    expect(f1).toContain(`${codes[30]} `);
    expect(f1).not.toContain(`${codes[29]} `);
    await ui.press(KEYS.left);
    await ui.waitFor('Page 1');
    expect(ui.frame()).toContain('admin@doc.example.com');
    expect(ui.frame()).not.toContain(`${codes[30]} `);
    // End: the exact count is asked for, so the last page has its number.
    await ui.press('G');
    const end = await ui.waitFor(`Page 38/38`);
    expect(end).toMatch(/1\s134 lignes/);
    expect(end).toContain(`${codes.at(-1)} `);
    // Back one page from the end: the 30 users before the last page.
    await ui.press(KEYS.left);
    await ui.waitFor('Page 37/38');
    expect(ui.frame()).toContain(`${codes.at(-31)} `);
    await ui.press('g');
    await ui.waitFor('Page 1/38');
    expect(ui.frame()).toContain('admin@doc.example.com');
    // A filter keeps its own count: a narrow one is exact.
    await ui.press('/');
    await ui.type('m0004');
    const narrow = await ui.waitFor('10 lignes');
    expect(narrow).toContain('m00049');
  });
});
