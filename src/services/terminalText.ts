// Text that reaches a terminal. Whatever a user typed (a name, an address, a callback's
// error parameter) is drawn through terminalSafe(): control characters, bidi overrides and
// unpaired surrogates come out as visible escapes (\x1B, \u202E), never as bytes the
// terminal would obey (retitle, clear, reorder). Fields refuse them on the way in
// (textProblem), so only data written before that rule, or by hand, needs escaping.
import stringWidth from 'string-width';
import type { FieldError } from './errors.js';

// C0 and DEL, C1, and the bidi embeddings/overrides/isolates, line/paragraph separators.
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const UNSAFE_BUT_NEWLINE =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** The visible form of one unsafe character: \t, \n, \r, \x1B, \u202E. */
function visibleEscape(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The one escape for everything drawn or printed: tables, fields, messages, CLI lines.
 * `multiline` keeps line feeds (a Signature, a block of CLI output). Idempotent.
 */
export function terminalSafe(text: string, opts: { readonly multiline?: boolean } = {}): string {
  return text.replace(opts.multiline ? UNSAFE_BUT_NEWLINE : UNSAFE, visibleEscape);
}

/**
 * JSON for a terminal: the same value as JSON.stringify (still valid JSON), with the
 * characters JSON leaves raw (DEL, C1, bidi overrides, U+2028/9) written as \u escapes.
 */
export function jsonForTerminal(data: unknown, indent = 2): string {
  return JSON.stringify(data, null, indent).replace(
    /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// Refused in every field: C0 (tab aside; line feed only where lines are allowed), DEL and C1.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;
const CONTROL_BUT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/**
 * Why a typed text cannot be stored, or null: a control character (tab allowed; line
 * feed too when `multiline`, a Windows CR LF counts as one), or text that was not valid
 * UTF-8 (decoded as U+FFFD, or an unpaired surrogate).
 */
export function textProblem(text: string, opts: { readonly multiline?: boolean } = {}): FieldError | null {
  const s = opts.multiline ? text.replace(/\r\n/g, '\n') : text;
  const m = (opts.multiline ? CONTROL_BUT_NEWLINE : CONTROL).exec(s);
  if (m) return { key: 'validation.controlChar', params: { char: visibleEscape(m[0]) } };
  if (s.includes('\ufffd') || LONE_SURROGATE.test(s)) return { key: 'validation.invalidText' };
  return null;
}

/** True when the text shows something: not only spaces, zero-width or format characters. */
export function hasVisibleCharacter(text: string): boolean {
  return /[^\p{White_Space}\p{Cc}\p{Cf}\p{Z}\u115f\u1160\u3164\uffa0]/u.test(text);
}

/** Columns a terminal takes to draw the text (an emoji or a CJK character: two). */
export function columnWidth(text: string): number {
  return stringWidth(text);
}

/** The text padded with spaces to `width` columns (aligned output of the CLI). */
export function padColumns(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}
