// What a person would call a broken screen, found in a terminal capture (e2e tests).
import { isMessageKey } from '../../src/services/i18n/index.js';

/**
 * What is wrong with a screen, as sentences: lines the terminal had to wrap (capture -J
 * joins them back), broken box borders, message keys or field ids drawn as text.
 */
export function screenProblems(screen: string, joined: string, cols: number): string[] {
  const out: string[] = [];
  for (const line of joined.split('\n')) if (Array.from(line).length > cols) out.push(`wider than ${cols}: «${line}»`);
  const grid = screen.split('\n').map((l) => Array.from(l));
  const at = (r: number, c: number) => grid[r]?.[c] ?? ' ';
  for (let r = 0; r < grid.length; r++) {
    for (let c = 0; c < grid[r]!.length; c++) {
      if (at(r, c) !== '╭') continue;
      const right = grid[r]!.indexOf('╮', c + 1);
      if (right < 0) {
        out.push(`box at ${r},${c}: no ╮`);
        continue;
      }
      for (let c2 = c + 1; c2 < right; c2++) if (at(r, c2) !== '─') out.push(`box at ${r},${c}: top border broken at ${c2}`);
      let bottom = r + 1;
      while (bottom < grid.length && at(bottom, c) === '│') {
        if (at(bottom, right) !== '│') out.push(`box at ${r},${c}: right border broken on row ${bottom}`);
        bottom++;
      }
      if (at(bottom, c) !== '╰' || at(bottom, right) !== '╯') out.push(`box at ${r},${c}: bottom corners missing on row ${bottom}`);
    }
  }
  if (/\bfield\.[A-Za-z_]/.test(screen)) out.push('a field. id is drawn');
  for (const token of screen.match(/\b[a-z][a-zA-Z]*(?:\.[a-zA-Z0-9_]+)+\b/g) ?? [])
    if (isMessageKey(token)) out.push(`message key drawn: ${token}`);
  return out;
}
