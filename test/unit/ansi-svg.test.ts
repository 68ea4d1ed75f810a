// The README's pictures (scripts/screenshots.mjs) keep the terminal's colours and grid:
// what tmux capture-pane -e gives, as SVG.
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs script without types
import { ansiToSvg, color256, parseAnsi } from '../../scripts/ansi-svg.mjs';

interface Run {
  col: number;
  text: string;
  width: number;
  fg: string;
  bg: string | null;
  bold: boolean;
}

describe('a terminal capture as SVG', () => {
  it('keeps each colour, bold and inverse, and the column where each run starts', () => {
    const rows = parseAnsi(
      '\x1b[1m\x1b[36mUtilisateurs\x1b[39m\x1b[22m › x\n\x1b[7mbmercier\x1b[27m  \x1b[38;5;196mrouge\x1b[0m',
      2,
    ) as Run[][];
    expect(rows[0]![0]).toMatchObject({ col: 0, text: 'Utilisateurs', fg: '#11a8cd', bold: true });
    expect(rows[0]![1]).toMatchObject({ col: 12, text: ' › x', bold: false, bg: null });
    // Inverse: the default colours swapped (the cursor's row).
    expect(rows[1]![0]).toMatchObject({ col: 0, text: 'bmercier', fg: '#1e1e1e', bg: '#d4d4d4' });
    expect(rows[1]![2]).toMatchObject({ col: 10, text: 'rouge', fg: color256(196) });
    expect(color256(196)).toBe('#ff0000');
    expect(color256(244)).toBe('#808080');
  });

  it('draws each run at its cell, stretched to its width, text escaped', () => {
    const svg = ansiToSvg('\x1b[31mA & <B>\x1b[0m\n\x1b[44m  \x1b[0m', { columns: 10, rows: 2, title: 'essai' }) as string;
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="108" height="90"/);
    expect(svg).toContain('<title>essai</title>');
    expect(svg).toContain('fill="#cd3131" textLength="58.8" lengthAdjust="spacingAndGlyphs">A &amp; &lt;B&gt;</text>');
    // A background with no text is still drawn.
    expect(svg).toMatch(/<rect x="12\.0" y="60" width="16\.8" height="18" fill="#2472c8"\/>/);
  });
});
