// A terminal that goes away under the console (`tmux kill-session`, as a dropped SSH
// connection does): the console ends by itself, cleanly (exit 129, no abort in Node's
// ResetStdio, nodejs/node#51519), without writing to the dead terminal.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openDb } from '../../src/services/db.js';
import { hasTmux, Terminal } from '../helpers/terminal.js';
import { eachTerminal } from '../helpers/eachTerminal.js';

const STARTUP_MS = 20_000;
const BOLD = '\x1b[1m';
const WRAPPER = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'recordExit.mjs');

const terminals = eachTerminal();

function lineWith(screen: string, text: string): string {
  return screen.split('\n').find((l) => l.includes(text)) ?? '';
}

async function login(t: Terminal, code: string, password: string): Promise<void> {
  await t.waitFor('Mot de passe', STARTUP_MS);
  await t.type(code);
  await t.waitFor(new RegExp(`Code d’utilisateur\\s+${code}`));
  await t.press('Enter');
  await t.waitUntil((s) => lineWith(s, 'Mot de passe').includes(`${BOLD}Mot de passe`), 'focus on Mot de passe', 10_000, { escapes: true });
  await t.type(password);
  await t.press('Enter');
}

/** Waits for the exit record the wrapper writes once the console has ended. */
async function exitRecord(file: string, timeoutMs = 15_000): Promise<{ code: number | null; signal: string | null }> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error('the console did not end after its terminal went away');
    await new Promise((r) => setTimeout(r, 50));
  }
  return JSON.parse(readFileSync(file, 'utf8')) as { code: number | null; signal: string | null };
}

describe.skipIf(!hasTmux())('the terminal goes away', () => {
  it('tmux kill-session: the console ends cleanly (exit 129), logging why', async () => {
    const dir = terminals.dir();
    const record = path.join(dir, 'exit.json');
    const term = await terminals.start({ cols: 80, rows: 24, wrapper: WRAPPER, env: { PRX_EXIT_RECORD: record }, dir });
    await login(term, 'admin', 'demo');
    await term.waitFor(/› Utilisateurs/);
    await term.tmux(['kill-session', '-t', 'prx']);
    expect(await exitRecord(record)).toEqual({ code: 129, signal: null });
    expect(readFileSync(term.logPath, 'utf8')).toMatch(/terminal gone \((SIGHUP|end of input|EIO)\)/);
  });

  it('SIGHUP with a dirty form: the draft is kept in the database and offered back at the next login', async () => {
    const dir = terminals.dir();
    const record = path.join(dir, 'exit.json');
    let term = await terminals.start({ cols: 80, rows: 24, wrapper: WRAPPER, env: { PRX_EXIT_RECORD: record }, dir });
    await login(term, 'admin', 'demo');
    await term.waitFor(/› Utilisateurs/);
    await term.press('Enter');
    await term.waitFor('admin@doc.example.com', STARTUP_MS);
    await term.press('/');
    await term.type('jtremblay');
    await term.waitFor(/Ligne 1\/1/);
    await term.press('Enter');
    await term.press('Enter');
    await term.waitFor(/Nom\s+Julie Tremblay/);
    await term.press('Tab');
    await term.waitFor(/^› Nom/m);
    await term.type('-Roy');
    await term.waitFor(/Nom\s+Julie Tremblay-Roy/);
    // The SSH connection drops: the pane's terminal goes away under the console.
    await term.tmux(['kill-session', '-t', 'prx']);
    expect(await exitRecord(record)).toEqual({ code: 129, signal: null });
    const db = await openDb(term.dbPath);
    try {
      const drafts = await db('drafts as d')
        .join('users as u', 'u.id', 'd.user_id')
        .select('u.code', 'd.screen', 'd.record_key', 'd.content');
      expect(drafts).toHaveLength(1);
      expect(drafts[0]).toMatchObject({ code: 'admin', screen: 'userForm', record_key: 'jtremblay' });
      expect(JSON.parse(drafts[0].content as string)).toEqual({ values: { name: 'Julie Tremblay-Roy' } });
      expect((await db('users').where({ code: 'jtremblay' }).first('name'))?.name).toBe('Julie Tremblay');
    } finally {
      await db.destroy();
    }

    // The next login on that database: the draft is offered, o takes it back, Ctrl-S saves it.
    await term.close();
    term = await terminals.start({ cols: 80, rows: 24, dir });
    await login(term, 'admin', 'demo');
    await term.waitFor('Reprendre le brouillon ? Utilisateurs › jtremblay', STARTUP_MS);
    await term.press('o');
    await term.waitFor(/Nom\s+Julie Tremblay-Roy/);
    await term.waitFor('Brouillon repris');
    await term.press('C-s');
    await term.waitFor('Enregistré');
    const after = await openDb(term.dbPath);
    try {
      expect((await after('users').where({ code: 'jtremblay' }).first('name'))?.name).toBe('Julie Tremblay-Roy');
      expect(await after('drafts').count({ n: '*' }).first()).toMatchObject({ n: 0 });
    } finally {
      await after.destroy();
    }
  });
});
