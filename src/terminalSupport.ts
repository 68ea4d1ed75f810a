// Whether this terminal can show the full-screen console: it needs a terminal type and an
// alternate screen (`smcup` in its terminfo entry). TERM=dumb, an unset TERM, or a type
// whose entry has no alternate screen (vt100, the Linux console) get one sentence pointing
// to the commands instead of a screen full of escapes. Read straight from the compiled
// terminfo file: no child process, nothing heavy on the start-up path.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Index of enter_ca_mode (smcup) among terminfo's string capabilities (term.h order). */
const SMCUP = 28;
const MAGIC_16BIT = 0o432;
const MAGIC_32BIT = 0o1036;

/** Why the console cannot run in this terminal (the TERM value to name), or null when it can. */
export function unsupportedTerminal(env: NodeJS.ProcessEnv): { term: string } | null {
  const term = (env.TERM ?? '').trim();
  if (term === '' || term === 'dumb' || term === 'unknown') return { term };
  const entry = readTerminfo(term, env);
  // No entry found (a newer terminal over SSH to an older server): assume it can.
  if (entry && !hasAlternateScreen(entry)) return { term };
  return null;
}

/** The folders terminfo looks in, in its order ($TERMINFO, ~/.terminfo, $TERMINFO_DIRS, system). */
function terminfoDirs(env: NodeJS.ProcessEnv): string[] {
  const dirs: string[] = [];
  if (env.TERMINFO) dirs.push(env.TERMINFO);
  dirs.push(path.join(env.HOME ?? os.homedir(), '.terminfo'));
  // An empty element of TERMINFO_DIRS means the system folders.
  for (const d of (env.TERMINFO_DIRS ?? '').split(':')) if (d) dirs.push(d);
  dirs.push('/etc/terminfo', '/lib/terminfo', '/usr/share/terminfo', '/usr/lib/terminfo', '/usr/share/lib/terminfo');
  return dirs;
}

function readTerminfo(term: string, env: NodeJS.ProcessEnv): Buffer | null {
  if (term.includes('/') || term.startsWith('.')) return null;
  for (const dir of terminfoDirs(env)) {
    // Linux: x/xterm; macOS: 78/xterm (the first letter in hexadecimal).
    for (const sub of [term[0]!, term.charCodeAt(0).toString(16)]) {
      try {
        return readFileSync(path.join(dir, sub, term));
      } catch {
        /* not in this folder */
      }
    }
  }
  return null;
}

/** Whether a compiled terminfo entry (legacy or 32-bit format) has a non-empty smcup. */
export function hasAlternateScreen(entry: Buffer): boolean {
  if (entry.length < 12) return true;
  const magic = entry.readInt16LE(0);
  if (magic !== MAGIC_16BIT && magic !== MAGIC_32BIT) return true; // unknown format: do not refuse
  const [namesSize, boolCount, numCount, strCount] = [2, 4, 6, 8].map((o) => entry.readInt16LE(o)) as [number, number, number, number];
  if (strCount <= SMCUP) return false;
  let offset = 12 + namesSize + boolCount;
  if (offset % 2) offset++; // the numbers start on an even byte
  offset += numCount * (magic === MAGIC_32BIT ? 4 : 2);
  const stringTable = offset + strCount * 2;
  if (offset + SMCUP * 2 + 2 > entry.length) return true;
  const at = entry.readInt16LE(offset + SMCUP * 2);
  // -1: absent; -2: cancelled.
  return at >= 0 && stringTable + at < entry.length && entry[stringTable + at] !== 0;
}
