// Which terminals the full-screen console refuses (TERM=dumb, none, no alternate screen),
// read from the real terminfo entries of this machine.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { hasAlternateScreen, unsupportedTerminal } from '../../src/terminalSupport.js';

/** Whether infocmp says the entry has smcup (the reference the parser must agree with). */
function infocmpHasSmcup(term: string): boolean | null {
  try {
    return /\bsmcup=/.test(execFileSync('infocmp', ['-1', term], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return null;
  }
}

describe('unsupportedTerminal', () => {
  const env = (TERM?: string): NodeJS.ProcessEnv => ({ HOME: '/nonexistent', ...(TERM === undefined ? {} : { TERM }) });

  it('refuses TERM=dumb, an empty or missing TERM', () => {
    expect(unsupportedTerminal(env('dumb'))).toEqual({ term: 'dumb' });
    expect(unsupportedTerminal(env(''))).toEqual({ term: '' });
    expect(unsupportedTerminal(env())).toEqual({ term: '' });
  });

  it('agrees with infocmp on the alternate screen of the installed entries', () => {
    for (const term of ['xterm-256color', 'screen-256color', 'tmux-256color', 'vt100', 'linux', 'xterm']) {
      const expected = infocmpHasSmcup(term);
      if (expected === null) continue;
      expect(unsupportedTerminal(env(term)), term).toEqual(expected ? null : { term });
    }
    expect(infocmpHasSmcup('vt100')).toBe(false);
    expect(unsupportedTerminal(env('vt100'))).toEqual({ term: 'vt100' });
    expect(unsupportedTerminal(env('xterm-256color'))).toBeNull();
  });

  it('lets an unknown terminal type through (no terminfo entry on this server)', () => {
    expect(unsupportedTerminal(env('xterm-kitty-not-installed'))).toBeNull();
  });

  it('reads a cancelled or absent smcup as no alternate screen', () => {
    // Legacy format: magic, names 2 bytes, no booleans, no numbers, 29 strings, 1-byte table.
    const header = Buffer.alloc(12);
    header.writeInt16LE(0o432, 0);
    header.writeInt16LE(2, 2);
    header.writeInt16LE(0, 4);
    header.writeInt16LE(0, 6);
    header.writeInt16LE(29, 8);
    header.writeInt16LE(4, 10);
    const names = Buffer.from('x\0');
    const strings = Buffer.alloc(29 * 2, 0xff); // every string absent (-1)
    const table = Buffer.from('\x1b7\0\0');
    expect(hasAlternateScreen(Buffer.concat([header, names, strings, table]))).toBe(false);
    strings.writeInt16LE(0, 28 * 2);
    expect(hasAlternateScreen(Buffer.concat([header, names, strings, table]))).toBe(true);
    strings.writeInt16LE(-2, 28 * 2);
    expect(hasAlternateScreen(Buffer.concat([header, names, strings, table]))).toBe(false);
  });
});
