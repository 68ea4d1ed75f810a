// Terminals that cannot take the full-screen console: one sentence that points to the
// commands, nothing drawn, exit status 1 — the built console in tmux.
import { describe, expect, it } from 'vitest';
import { hasTmux } from '../helpers/terminal.js';
import { eachTerminal } from '../helpers/eachTerminal.js';

const terminals = eachTerminal();

describe.skipIf(!hasTmux())('terminals the console refuses', () => {
  it.each(['dumb', 'vt100'])('TERM=%s: one sentence pointing to the CLI, no screen drawn, exit 1', async (type) => {
    const term = await terminals.start({ cols: 80, rows: 24, term: type });
    expect(await term.waitForExit(20_000)).toBe(1);
    // With the history: tmux's "Pane is dead" line may scroll the first line out of view.
    const screen = (await term.tmux(['capture-pane', '-p', '-J', '-S', '-', '-t', term.target])).trim();
    expect(screen).toContain(`Ce terminal (TERM=${type}) ne peut pas afficher la console plein écran`);
    expect(screen).toContain('prextra-console --help');
    // Nothing of the console: no login form, no frame, the normal screen.
    expect(screen).not.toMatch(/Mot de passe|─/);
    expect(await term.alternateOn()).toBe(false);
  });

  it('the login screen speaks the locale before anyone logs in: English under LANG=en_CA, PRX_LANG first', async () => {
    let term = await terminals.start({ cols: 80, rows: 24, env: { LANG: 'en_CA.UTF-8', LC_ALL: '' } });
    await term.waitFor('User code', 20_000);
    expect(await term.screen()).toContain('Password');
    await term.close();
    term = await terminals.start({ cols: 80, rows: 24, env: { LANG: 'en_CA.UTF-8', LC_ALL: '', PRX_LANG: 'fr' } });
    await term.waitFor('Code d’utilisateur', 20_000);
  });
});
