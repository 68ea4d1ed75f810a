import type { KeyPress } from '../../state/keymap.js';

// Terminal bytes → keypresses and pastes. Ink's input parser hands over one event per
// escape sequence and one per run of plain characters; a run is keys typed ahead (over a
// slow SSH link, or from tmux), so it is split into single keys. A paste is only what the
// terminal brackets (ESC[200~ … ESC[201~, enabled by ESC[?2004h at start-up): it reaches
// the focused text field as one event, newlines and all.

export const BRACKETED_PASTE_ON = '\u001b[?2004h';
export const BRACKETED_PASTE_OFF = '\u001b[?2004l';
const PASTE_START = '\u001b[200~';
const PASTE_END = '\u001b[201~';

export type InputEvent =
  | { readonly kind: 'key'; readonly key: KeyPress }
  /** `removed`: the paste held control characters or escape sequences, taken out of `text`. */
  | { readonly kind: 'paste'; readonly text: string; readonly removed?: true };

const key = (name: string, text = ''): KeyPress => ({ name, text });

const CSI_LETTERS: Record<string, string> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
  P: 'f1',
  Q: 'f2',
  R: 'f3',
  S: 'f4',
  Z: 'shift-tab',
};
const CSI_TILDE: Record<string, string> = {
  '1': 'home',
  '2': 'insert',
  '3': 'delete',
  '4': 'end',
  '5': 'pageup',
  '6': 'pagedown',
  '7': 'home',
  '8': 'end',
  '11': 'f1',
  '12': 'f2',
  '13': 'f3',
  '14': 'f4',
  '15': 'f5',
  '17': 'f6',
  '18': 'f7',
  '19': 'f8',
  '20': 'f9',
  '21': 'f10',
  '23': 'f11',
  '24': 'f12',
};

/** xterm modifier parameter (1 + shift·1 + alt·2 + ctrl·4) as a name prefix. */
function modifiers(param: string | undefined): string {
  const m = Number(param ?? '1') - 1;
  if (!(m > 0)) return '';
  return `${m & 4 ? 'ctrl-' : ''}${m & 2 ? 'meta-' : ''}${m & 1 ? 'shift-' : ''}`;
}

/** One escape sequence (ESC…) as one key; unknown sequences are named by their bytes. */
function parseEscape(seq: string): KeyPress {
  if (seq === '\u001b') return key('escape');
  if (seq.startsWith('\u001b\u001b')) {
    const inner = parseEscape(seq.slice(1));
    return key(inner.name === 'escape' ? 'escape' : `meta-${inner.name}`);
  }
  // CSI: ESC [ params final — SS3: ESC O final.
  let m = /^\u001b\[\[?([\d;]*)([A-Za-z~])$/.exec(seq);
  if (m) {
    const params = m[1]!.split(';');
    const final = m[2]!;
    if (final === '~') {
      const base = CSI_TILDE[params[0]!];
      if (base) return key(modifiers(params[1]) + base);
    } else if (CSI_LETTERS[final]) {
      if (final === 'Z') return key('shift-tab');
      return key(modifiers(params[1]) + CSI_LETTERS[final]!);
    }
    return key(seq.slice(1));
  }
  m = /^\u001bO([A-Za-z])$/.exec(seq);
  if (m && CSI_LETTERS[m[1]!]) return key(CSI_LETTERS[m[1]!]!);
  // Alt + a character.
  const rest = seq.slice(1);
  if (Array.from(rest).length === 1) return key(`meta-${controlName(rest) ?? rest}`);
  return key(rest);
}

/** The name of a control character, or null for a printable one. */
function controlName(c: string): string | null {
  const code = c.codePointAt(0)!;
  if (c === '\r' || c === '\n') return 'return';
  if (c === '\t') return 'tab';
  // Most terminals send DEL (0x7f) for Backspace; some send ^H.
  if (code === 0x7f || code === 0x08) return 'backspace';
  if (code === 0) return 'ctrl-space';
  if (code < 0x20) return `ctrl-${String.fromCharCode(code + 96)}`;
  if (code >= 0x80 && code < 0xa0) return `c1-${code.toString(16)}`;
  return null;
}

/** Keys of one input event (an escape sequence, or a run of characters typed ahead). */
export function parseKeys(raw: string): KeyPress[] {
  if (raw.startsWith('\u001b')) return [parseEscape(raw)];
  const out: KeyPress[] = [];
  for (const c of Array.from(raw)) {
    const control = controlName(c);
    if (control) out.push(key(control));
    else if (c === ' ') out.push(key('space', ' '));
    else out.push(key(c, c));
  }
  return out;
}

/**
 * Turns the terminal's input events into keys and pastes. Stateful: a paste may span
 * several events (the terminal sends it in chunks).
 */
export class InputDecoder {
  private paste: string | null = null;

  push(raw: string): InputEvent[] {
    if (this.paste !== null) {
      const end = raw.indexOf(PASTE_END);
      if (end < 0) {
        this.paste += raw;
        return [];
      }
      const text = this.paste + raw.slice(0, end);
      this.paste = null;
      const after = raw.slice(end + PASTE_END.length);
      const clean = normalisePaste(text);
      const removed = clean !== text.replace(/\r\n?/g, '\n');
      return [{ kind: 'paste', text: clean, ...(removed ? { removed } : {}) }, ...(after ? this.push(after) : [])];
    }
    const start = raw.indexOf(PASTE_START);
    if (start >= 0) {
      const before = raw.slice(0, start);
      const events = before ? this.push(before) : [];
      this.paste = '';
      return [...events, ...this.push(raw.slice(start + PASTE_START.length))];
    }
    if (raw === '') return [];
    return parseKeys(raw).map((k) => ({ kind: 'key', key: k }));
  }

  /** A paste whose end never came (the terminal went away mid-paste) is dropped. */
  reset(): void {
    this.paste = null;
  }
}

/**
 * Line ends as \n; escape sequences (CSI, OSC such as a window title, DCS, two-byte ones)
 * removed whole, then any other C0/C1 control character: what a paste holds is text.
 */
export function normalisePaste(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // OSC, DCS, SOS, PM, APC: up to BEL or ST (ESC \), or to the end when cut.
      .replace(/\u001b[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\|$)/g, '')
      .replace(/(?:\u001b\[|\u009b)[\d;?<=>]*[ -/]*[@-~]/g, '')
      .replace(/\u001b[ -/]*[0-~]/g, '')
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
  );
}
