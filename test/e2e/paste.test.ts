// Issue 10 §1, bracketed paste in a real terminal: the console asks for it (ESC[?2004h),
// tmux's paste-buffer -p brackets the text, and the focused field takes the paste whole —
// its line break is not an Enter that moves on or submits, its letters are not commands.
import { describe, expect, it } from 'vitest';
import { hasTmux } from '../helpers/terminal.js';
import { usersAt80 } from '../helpers/e2eUsers.js';

const start = usersAt80();

describe.skipIf(!hasTmux())('bracketed paste at 80×24', () => {
  it('a two-line paste into Nom of a new user stays in Nom, the line break made a space', async () => {
    const t = await start();
    await t.press('n');
    await t.waitFor(/^› Code d’utilisateur/m);
    await t.press('Tab');
    await t.waitFor(/^› Nom/m);
    // q, ? and the line break would each do something if typed: pasted, they are text.
    await t.tmux(['set-buffer', '-b', 'prx', '--', 'Élise q?\nCôté']);
    await t.tmux(['paste-buffer', '-p', '-d', '-b', 'prx', '-t', t.target]);
    // Still on Nom (no Enter moved the focus), no help or quit question over the form.
    const s = await t.waitFor(/^› Nom\s+Élise q\? Côté/m);
    expect(s).not.toMatch(/Quitter \?/);
  });
});
