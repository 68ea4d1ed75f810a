// A terminal capture with its SGR escapes (tmux capture-pane -e) as an SVG picture: the
// character grid kept (each run of text stretched to its cells, whatever the reader's
// monospace font), foreground and background colours (16, 256 and true colours), bold,
// dim, italic, underline and inverse. Used by scripts/screenshots.mjs.

const FG = '#d4d4d4';
const BG = '#1e1e1e';
// The 16 colours of a common dark terminal theme (VS Code's).
const BASIC = [
  '#000000',
  '#cd3131',
  '#0dbc79',
  '#e5e510',
  '#2472c8',
  '#bc3fbc',
  '#11a8cd',
  '#e5e5e5',
  '#666666',
  '#f14c4c',
  '#23d18b',
  '#f5f543',
  '#3b8eea',
  '#d670d6',
  '#29b8db',
  '#ffffff',
];

const hex = (n) => n.toString(16).padStart(2, '0');

/** xterm's 256 colours: the 16, a 6×6×6 cube, 24 greys. */
export function color256(n) {
  if (n < 16) return BASIC[n];
  if (n < 232) {
    const c = n - 16;
    const level = (v) => (v === 0 ? 0 : 55 + v * 40);
    return `#${hex(level(Math.floor(c / 36)))}${hex(level(Math.floor(c / 6) % 6))}${hex(level(c % 6))}`;
  }
  const g = 8 + (n - 232) * 10;
  return `#${hex(g)}${hex(g)}${hex(g)}`;
}

const plain = () => ({ fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false });

/** Applies one SGR sequence's parameters to the pen. */
function sgr(pen, params) {
  const p = params.length ? params : [0];
  for (let i = 0; i < p.length; i++) {
    const n = p[i];
    if (n === 0) Object.assign(pen, plain());
    else if (n === 1) pen.bold = true;
    else if (n === 2) pen.dim = true;
    else if (n === 3) pen.italic = true;
    else if (n === 4) pen.underline = true;
    else if (n === 7) pen.inverse = true;
    else if (n === 22) pen.bold = pen.dim = false;
    else if (n === 23) pen.italic = false;
    else if (n === 24) pen.underline = false;
    else if (n === 27) pen.inverse = false;
    else if (n >= 30 && n <= 37) pen.fg = BASIC[n - 30];
    else if (n >= 90 && n <= 97) pen.fg = BASIC[n - 90 + 8];
    else if (n >= 40 && n <= 47) pen.bg = BASIC[n - 40];
    else if (n >= 100 && n <= 107) pen.bg = BASIC[n - 100 + 8];
    else if (n === 39) pen.fg = null;
    else if (n === 49) pen.bg = null;
    else if (n === 38 || n === 48) {
      let value = null;
      if (p[i + 1] === 5) {
        value = color256(p[i + 2] ?? 0);
        i += 2;
      } else if (p[i + 1] === 2) {
        value = `#${hex(p[i + 2] ?? 0)}${hex(p[i + 3] ?? 0)}${hex(p[i + 4] ?? 0)}`;
        i += 4;
      }
      if (n === 38) pen.fg = value;
      else pen.bg = value;
    }
  }
}

/**
 * The capture as rows of runs: [{ col, text, fg, bg, bold, dim, italic, underline }], the
 * colours resolved (inverse applied, defaults filled in).
 */
export function parseAnsi(text, rows) {
  const out = [];
  const pen = plain();
  for (const line of text.replace(/\n$/, '').split('\n').slice(0, rows)) {
    const runs = [];
    let col = 0;
    let i = 0;
    const push = (ch) => {
      const fg = pen.inverse ? (pen.bg ?? BG) : (pen.fg ?? FG);
      const bg = pen.inverse ? (pen.fg ?? FG) : pen.bg;
      const last = runs[runs.length - 1];
      const style = { fg, bg, bold: pen.bold, dim: pen.dim, italic: pen.italic, underline: pen.underline };
      if (last && last.col + last.width === col && Object.keys(style).every((k) => last[k] === style[k])) {
        last.text += ch;
        last.width += 1;
      } else runs.push({ col, text: ch, width: 1, ...style });
      col += 1;
    };
    while (i < line.length) {
      const m = /^\x1b\[([0-9;:]*)m/.exec(line.slice(i));
      if (m) {
        sgr(
          pen,
          m[1]
            .split(/[;:]/)
            .filter((s) => s !== '')
            .map(Number),
        );
        i += m[0].length;
        continue;
      }
      const other = /^\x1b(\[[0-9;?]*[A-Za-z]|\][^\x07]*\x07|.)/.exec(line.slice(i));
      if (other) {
        i += other[0].length;
        continue;
      }
      const ch = String.fromCodePoint(line.codePointAt(i));
      i += ch.length;
      push(ch);
    }
    out.push(runs);
  }
  return out;
}

const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The SVG picture of a capture: a window `columns`×`rows` cells with a title bar. */
export function ansiToSvg(text, { columns, rows, title = '' }) {
  const cw = 8.4;
  const ch = 18;
  const pad = 12;
  const bar = 30;
  const width = Math.ceil(columns * cw + 2 * pad);
  const height = Math.ceil(rows * ch + 2 * pad + bar);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" rx="8" fill="${BG}"/>`,
    `<rect width="${width}" height="${bar}" rx="8" fill="#323233"/><rect y="${bar - 8}" width="${width}" height="8" fill="#323233"/>`,
    ...['#ff5f56', '#ffbd2e', '#27c93f'].map((c, i) => `<circle cx="${18 + i * 20}" cy="${bar / 2}" r="6" fill="${c}"/>`),
    `<text x="${width / 2}" y="${bar / 2 + 4}" fill="#9d9d9d" font-family="sans-serif" font-size="12" text-anchor="middle">${escapeXml(title)}</text>`,
    `<g font-family="'DejaVu Sans Mono','Menlo','Consolas','Liberation Mono',monospace" font-size="14" xml:space="preserve">`,
  ];
  parseAnsi(text, rows).forEach((runs, r) => {
    const y = pad + bar + r * ch;
    for (const run of runs) {
      const x = (pad + run.col * cw).toFixed(1);
      const w = (run.width * cw).toFixed(1);
      if (run.bg) parts.push(`<rect x="${x}" y="${y}" width="${w}" height="${ch}" fill="${run.bg}"/>`);
      if (!run.text.trim()) continue;
      const attrs = [
        `x="${x}"`,
        `y="${y + 13}"`,
        `fill="${run.fg}"`,
        `textLength="${w}"`,
        'lengthAdjust="spacingAndGlyphs"',
        run.bold ? 'font-weight="bold"' : '',
        run.dim ? 'opacity="0.6"' : '',
        run.italic ? 'font-style="italic"' : '',
        run.underline ? 'text-decoration="underline"' : '',
      ].filter(Boolean);
      parts.push(`<text ${attrs.join(' ')}>${escapeXml(run.text)}</text>`);
    }
  });
  parts.push('</g>', '</svg>', '');
  return parts.join('\n');
}
