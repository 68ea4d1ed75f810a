// The start most console e2e tests share: the built console at 80×24 in tmux, admin's
// password typed (PRX_USER preset), Utilisateurs open on its first row. The terminal is
// closed after each test of the file that calls usersAt80().
import { eachTerminal } from './eachTerminal.js';
import type { Terminal, TerminalOptions } from './terminal.js';

// The first start creates, migrates and seeds the database: room for a busy machine.
const STARTUP_MS = 20_000;

export function usersAt80(): (opts?: TerminalOptions) => Promise<Terminal> {
  const terminals = eachTerminal();
  return async (opts = {}) => {
    const t = await terminals.start({ cols: 80, rows: 24, ...opts, env: { PRX_USER: 'admin', ...opts.env } });
    await t.waitFor('Mot de passe', STARTUP_MS);
    await t.type('demo');
    await t.press('Enter');
    await t.waitFor(/› Utilisateurs/, 10_000);
    await t.press('Enter');
    await t.waitFor(/Ligne 1\/34 ·/, 10_000);
    return t;
  };
}
