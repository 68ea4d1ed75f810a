import { afterEach } from 'vitest';
import { newTerminalDir, removeTerminalDir, Terminal, type TerminalOptions } from './terminal.js';

/**
 * The folders and terminals a test makes, closed and removed after it (also when it fails
 * half-way): `dir()` a new folder (newTerminalDir), `start()` the console in tmux.
 */
export function eachTerminal(): { dir(): string; start(opts?: TerminalOptions): Promise<Terminal> } {
  const terms: Terminal[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const term of terms.splice(0)) await term.close();
    for (const dir of dirs.splice(0)) removeTerminalDir(dir);
  });
  return {
    dir() {
      const dir = newTerminalDir();
      dirs.push(dir);
      return dir;
    },
    async start(opts = {}) {
      const term = await Terminal.start(opts);
      terms.push(term);
      return term;
    },
  };
}
