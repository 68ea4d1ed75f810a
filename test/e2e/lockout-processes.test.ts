// Issue 8, hole 1 through the built CLI: 15 processes sending a wrong password at the same
// moment lock the account (each counts; none is lost to a read-then-write race).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTerminalDir, removeTerminalDir, runCli } from '../helpers/terminal.js';

let dir: string;
beforeEach(() => {
  dir = newTerminalDir();
});
afterEach(() => removeTerminalDir(dir));

describe('lockout race across processes', () => {
  it('15 concurrent CLI logins with a wrong password lock the account; the right one is then refused', async () => {
    const seeded = await runCli(dir, ['db', 'seed', '--demo']);
    expect(seeded.code, seeded.stderr).toBe(0);
    const runs = await Promise.all(
      Array.from({ length: 15 }, () => runCli(dir, ['users', 'show', 'ibouchard'], { PRX_USER: 'ibouchard', PRX_PASSWORD: 'mauvais' })),
    );
    for (const r of runs) {
      expect(r.code).toBe(3); // login refused
      expect(r.stderr.trim()).toBe('prextra-console: Code d’utilisateur ou mot de passe invalide.');
    }
    const right = await runCli(dir, ['users', 'show', 'ibouchard'], { PRX_USER: 'ibouchard', PRX_PASSWORD: 'demo' });
    expect(right.code).toBe(3);
    expect(right.stderr).toContain('Compte verrouillé');
    expect(right.stdout).toBe('');
  }, 120_000);
});
