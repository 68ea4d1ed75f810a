// Issue 14, the console: a list on screen follows what another process changes. The built
// console in tmux at 80×24 shows Utilisateurs; a CLI command (another process, its own
// connection) renames the user under the cursor and adds one: the list shows both within
// 2 s, the cursor still on the renamed row, without a key pressed.
import { describe, expect, it } from 'vitest';
import { hasTmux, runCli } from '../helpers/terminal.js';
import { eachTerminal } from '../helpers/eachTerminal.js';
import { usersAt80 } from '../helpers/e2eUsers.js';

const terminals = eachTerminal();
const start = usersAt80();

describe.skipIf(!hasTmux())('a list follows changes made by another process', () => {
  it('Utilisateurs shows a rename and a new user from the CLI within 2 s, the cursor on its row', async () => {
    const dir = terminals.dir();
    const t = await start({ dir });
    for (const n of [2, 3, 4]) {
      await t.press('Down');
      await t.waitFor(new RegExp(`Ligne ${n}/34 ·`));
    }
    // The user under the cursor: the 4th of the list, in the list's order (by code).
    const env = { PRX_USER: 'admin', PRX_PASSWORD: 'demo' };
    const listed = await runCli(dir, ['users', 'list', '--json'], env);
    const under = (JSON.parse(listed.stdout) as Array<{ code: string }>)[3]?.code;
    expect(await t.screen()).toContain(under);

    expect((await runCli(dir, ['users', 'set', under!, 'name=Renommé Ailleurs'], env)).code).toBe(0);
    expect((await runCli(dir, ['users', 'add', 'zzlast', 'name=Zoé Dernière', 'email=zz@mtl.example.com'], env)).code).toBe(0);
    const changedAt = Date.now();
    const after = await t.waitUntil((s) => s.includes('Renommé Ailleurs') && /Ligne 4\/35 ·/.test(s), 'the rename and 35 rows', 5_000);
    expect(Date.now() - changedAt).toBeLessThan(2_000);
    expect(after.split('\n').find((l) => l.includes('Renommé Ailleurs'))).toContain(under!);
  });
});
