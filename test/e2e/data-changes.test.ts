// Issue 14, the console: a list on screen follows what another process changes. The built
// console in tmux at 80×24 shows Utilisateurs; a CLI command (another process, its own
// connection) renames the user under the cursor and adds one: the list shows both within
// 2 s, the cursor still on the renamed row, without a key pressed.
import { afterEach, describe, expect, it } from 'vitest';
import { hasTmux, newTerminalDir, removeTerminalDir, runCli, Terminal } from '../helpers/terminal.js';

const STARTUP_MS = 20_000;

let term: Terminal | null = null;
let dir: string | null = null;
afterEach(async () => {
  await term?.close();
  term = null;
  if (dir) removeTerminalDir(dir);
  dir = null;
});

describe.skipIf(!hasTmux())('a list follows changes made by another process', () => {
  it('Utilisateurs shows a rename and a new user from the CLI within 2 s, the cursor on its row', async () => {
    dir = newTerminalDir();
    term = await Terminal.start({ dir, cols: 80, rows: 24, env: { PRX_USER: 'admin' } });
    const t = term;
    await t.waitFor('Mot de passe', STARTUP_MS);
    await t.type('demo');
    await t.press('Enter');
    await t.waitFor(/› Utilisateurs/, 10_000);
    await t.press('Enter');
    await t.waitFor(/Ligne 1\/34 ·/, 10_000);
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
