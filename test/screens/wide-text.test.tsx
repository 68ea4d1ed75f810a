// Found by trying the console at 80×24 (qa): a name holding emoji or CJK characters, or a
// character drawn as an escape (\u202E), made the focused field wider than its box (the
// line wrapped under the form), and Backspace after an emoji left half of it (\uD83D),
// which the save then refused as invalid text.
import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { consoleTestDb, renderConsole, KEYS } from '../helpers/renderApp.js';

const tdb = consoleTestDb();
const SIZE = { columns: 80, rows: 24 };
const FORM = [{ screen: 'menu' as const }, { screen: 'users' as const }, { screen: 'userForm' as const, params: { code: 'jtremblay' } }];

/** The line after the one holding `label`, and every line wider than the terminal. */
function layout(frame: string, label: RegExp) {
  const lines = frame.split('\n');
  const i = lines.findIndex((l) => label.test(l));
  return { next: lines[i + 1] ?? '', tooWide: lines.filter((l) => stringWidth(l) > SIZE.columns) };
}

describe('a text field holding wide characters at 80 columns', () => {
  it('scrolls inside its box by display width: the field stays on its one line', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin', size: SIZE, stack: FORM });
    await ui.waitFor('Julie Tremblay');
    await ui.press(KEYS.tab, KEYS.end);
    await ui.type(' 日本語テスト😀😀😀 \u202Eévil 東京都庁舎の展望台からの眺め');
    const f = await ui.waitFor('眺め');
    const { next, tooWide } = layout(f, /› Nom/);
    expect(tooWide).toEqual([]);
    expect(next).toMatch(/^ {2}Courriel/);
  });

  it('Backspace takes a whole emoji away, never half of it', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin', size: SIZE, stack: FORM });
    await ui.waitFor('Julie Tremblay');
    await ui.press(KEYS.tab, KEYS.end);
    await ui.type('😀👍🏽');
    await ui.waitFor('😀👍🏽');
    await ui.press(KEYS.backspace);
    const f = await ui.waitFor((fr: string) => !fr.includes('👍'));
    expect(f).not.toMatch(/\\uD8|\\uDC|\\uDF/);
    expect(f).toMatch(/Julie Tremblay😀/);
    await ui.press(KEYS.left, KEYS.backspace);
    const g = await ui.waitFor((fr: string) => !/Tremblay😀/.test(fr));
    expect(g).not.toMatch(/\\uD8|\\uDC|\\uDF/);
    expect(g).toMatch(/Julie Trembla😀/);
  });
});

describe('a list row holding wide characters at 80 columns', () => {
  it('keeps every column in place and the row within the terminal', async () => {
    await tdb().db('users').where({ code: 'jtremblay' }).update({ name: '日本語テスト😀😀😀東京都庁舎の展望台' });
    const ui = await renderConsole(tdb().db, { as: 'admin', size: SIZE, stack: [{ screen: 'menu' }, { screen: 'users' }] });
    const f = await ui.waitFor('日本語');
    const lines = f.split('\n');
    expect(lines.filter((l) => stringWidth(l) > SIZE.columns)).toEqual([]);
    const mail = (code: string) => {
      const l = lines.find((x) => x.includes(code))!;
      return stringWidth(l.slice(0, l.indexOf(`${code}@`)));
    };
    expect(mail('jtremblay')).toBe(mail('jlapointe'));
  });
});

describe('a field with a length limit', () => {
  it('cuts a typed emoji whole, never in half', async () => {
    const ui = await renderConsole(tdb().db, { size: SIZE });
    await ui.waitFor('Connexion — Prextra');
    await ui.type('a😀😀😀😀😀😀');
    const f = await ui.waitFor('a😀😀😀😀');
    expect(f).not.toMatch(/\\uD8|\\uDC|\\uDF/);
  });
});
