// Issue 9, "expected of every list", in a real terminal at 80×24: what `/` filters on is
// marked in the rows (bold underline), Enter opens the row, and back from the form the
// filter, its marks and the position are all still there.
import { describe, expect, it } from 'vitest';
import { hasTmux } from '../helpers/terminal.js';
import { usersAt80 } from '../helpers/e2eUsers.js';

const MARKED = /\x1b\[1;4mgauth\x1b\[0m/i;

const start = usersAt80();

describe.skipIf(!hasTmux())('a filtered list at 80×24', () => {
  it('marks the match, opens the row with Enter, and keeps filter, marks and place after Esc', async () => {
    const t = await start({ noColor: false });
    await t.type('/gauth');
    const row = (s: string) => s.split('\n').find((l) => l.replace(/\x1b\[[\d;]*m/g, '').includes('fgauthier@')) ?? '';
    const marks = (s: string) => row(s).match(new RegExp(MARKED.source, 'gi'))?.length ?? 0;
    // Code, name and e-mail each carry the mark where they match (once the whole filter is read).
    const filtered = await t.waitUntil((s) => marks(s) === 3, 'three marks on the row', 10_000, { escapes: true });
    expect(filtered.replace(/\x1b\[[\d;]*m/g, '')).toMatch(/Ligne 1\/1 ·/);
    await t.press('Enter'); // leaves the filter line for the list
    await t.press('Enter'); // opens the row
    await t.waitFor(/› Code d’utilisateur\s+fgauthier/);
    await t.press('Escape');
    await t.waitFor(/Filtre: gauth/);
    const back = await t.waitUntil((s) => MARKED.test(row(s)), 'the marks back', 10_000, { escapes: true });
    expect(back).toMatch(/Ligne 1\/1 ·/);
  });
});
