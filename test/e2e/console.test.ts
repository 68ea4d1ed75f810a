// The built console (dist/cli.js) in a real terminal (tmux), on a fresh demo database.
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/services/db.js';
import { hasTmux, Terminal } from '../helpers/terminal.js';
import { eachTerminal } from '../helpers/eachTerminal.js';

// The first start creates, migrates and seeds the database: give it room on a busy machine.
const STARTUP_MS = 20_000;
const BOLD = '\x1b[1m';

const terminals = eachTerminal();

async function start(opts: Parameters<typeof Terminal.start>[0] = {}): Promise<Terminal> {
  const term = await terminals.start(opts);
  await term.waitFor('Mot de passe', STARTUP_MS);
  return term;
}

/** The line of the screen that holds `text`. */
function lineWith(screen: string, text: string): string {
  return screen.split('\n').find((l) => l.includes(text)) ?? '';
}

/**
 * Types the user code, then the password once the password field has the focus (its
 * label turns bold): a key typed ahead must not decide the test's outcome.
 */
async function login(t: Terminal, code: string, password: string): Promise<void> {
  await t.type(code);
  await t.waitFor(new RegExp(`Code d’utilisateur\\s+${code}`));
  await t.press('Enter');
  await t.waitUntil((s) => lineWith(s, 'Mot de passe').includes(`${BOLD}Mot de passe`), 'focus on Mot de passe', 10_000, { escapes: true });
  await t.type(password);
  await t.waitFor(new RegExp(`Mot de passe\\s+${'•'.repeat(password.length)}(\\s|│)`));
  await t.press('Enter');
}

/** Moves the form's focus with `key` until the marker › stands on `label`. */
async function focusField(t: Terminal, label: string, key = 'Enter'): Promise<void> {
  await t.press(key);
  await t.waitFor(new RegExp(`^› ${label}`, 'm'));
}

async function openUsers(t: Terminal): Promise<void> {
  await login(t, 'admin', 'demo');
  await t.waitFor(/› Utilisateurs/);
  await t.press('Enter');
  await t.waitFor('admin@doc.example.com');
  await t.waitFor(/Ligne \d+\/\d+ · Page 1\/\d+/);
}

async function openNewUserForm(t: Terminal): Promise<void> {
  await openUsers(t);
  await t.press('n');
  await t.waitFor('Nouvel utilisateur');
  await t.waitFor(/^› Code d’utilisateur/m);
}

describe.skipIf(!hasTmux())('the built console in a real terminal', () => {
  it('logs in, creates a user through the form, and the row is in the database', async () => {
    const t = await start();
    await openNewUserForm(t);

    await t.type('ebgaetan');
    await t.waitFor(/Code d’utilisateur\s+ebgaetan/);
    await focusField(t, 'Nom');
    await t.type('Élodie Bérubé-Gaétan');
    await t.waitFor(/Nom\s+Élodie Bérubé-Gaétan/);
    await focusField(t, 'Courriel');
    await t.type('ebg@mtl.example.com');
    await t.waitFor(/Courriel\s+ebg@mtl\.example\.com/);
    await focusField(t, 'Actif');
    await focusField(t, 'N’expire jamais', 'Tab');
    await focusField(t, 'Trace automatique', 'Tab');
    expect(lineWith(await t.screen(), 'Trace automatique')).toContain('[ ]');
    await t.press('Space');
    await t.waitFor(/› Trace automatique\s+\[x\]/);

    await t.press('C-s');
    await t.waitFor('Enregistré. ebgaetan');
    // The form now edits the saved user: the breadcrumb names them.
    await t.waitFor('Utilisateurs › ebgaetan — Élodie');

    const db = await openDb(t.dbPath);
    try {
      const row = await db('users').where({ code: 'ebgaetan' }).first();
      expect(row).toMatchObject({
        name: 'Élodie Bérubé-Gaétan',
        email: 'ebg@mtl.example.com',
        active: 1,
        never_expires: 1,
        auto_trace: 1,
        name_on_report: 0,
        session_timeout_min: 60,
        page_lines: 30,
        language: 'fr',
      });
      const companies = await db('user_companies as uc')
        .join('companies as c', 'c.id', 'uc.company_id')
        .where('uc.user_id', row.id)
        .pluck('c.code');
      expect(companies).toEqual(['DOC']);
      const audit = await db('audit_log').where({ entity: 'user', entity_key: 'ebgaetan', action: 'create' });
      expect(audit).toHaveLength(1);
      expect(audit[0].actor_code).toBe('admin');
    } finally {
      await db.destroy();
    }
  });

  it('refuses a wrong password with the French sentence', async () => {
    const t = await start();
    await login(t, 'admin', 'wrong');
    await t.waitFor('Code d’utilisateur ou mot de passe invalide.');
    expect(await t.screen()).toContain('Connexion — Prextra');
  });

  it('says the terminal is too small below 80×24 and comes back when enlarged', async () => {
    const t = await start();
    await t.resize(79, 30);
    await t.waitFor('Terminal trop petit : 79×30');
    await t.resize(80, 23);
    await t.waitFor('Terminal trop petit : 80×23');
    await t.resize(80, 24);
    await t.waitForGone('Terminal trop petit');
    await t.resize(100, 30);
    const back = await t.waitFor('Mot de passe');
    expect(back).toContain('Connexion — Prextra');
    expect(back).not.toContain('trop petit');
  });

  it('quits on q then o, exits 0 and leaves the alternate screen', async () => {
    const t = await start();
    expect(await t.alternateOn()).toBe(true);
    await login(t, 'admin', 'demo');
    await t.waitFor(/› Utilisateurs/);
    await t.press('q');
    await t.waitFor('Quitter la console ?');
    await t.press('o');
    expect(await t.waitForExit()).toBe(0);
    expect(await t.alternateOn()).toBe(false);
    // The normal screen is back: nothing of the console is left on it.
    expect(await t.screen()).not.toContain('Utilisateurs');
  });

  it('asks before dropping an edited field on Esc, and n keeps the form', async () => {
    const t = await start();
    await openNewUserForm(t);
    await t.type('brouillon');
    await t.waitFor(/Code d’utilisateur\s+brouillon/);
    await t.press('Escape');
    await t.waitFor('Abandonner les modifications non enregistrées ?');
    await t.press('n');
    const kept = await t.waitForGone('Abandonner les modifications');
    expect(kept).toContain('Nouvel utilisateur');
    expect(kept).toMatch(/^› Code d’utilisateur\s+brouillon/m);
    // Typing goes on into the same field.
    await t.type('2');
    await t.waitFor(/Code d’utilisateur\s+brouillon2/);
    // And o drops the changes: back on the list, nothing saved.
    await t.press('Escape');
    await t.waitFor('Abandonner les modifications non enregistrées ?');
    await t.press('o');
    await t.waitFor(/Ligne \d+\/\d+ · Page 1\/\d+/);
    const db = await openDb(t.dbPath);
    try {
      expect(await db('users').where({ code: 'brouillon2' }).first()).toBeUndefined();
    } finally {
      await db.destroy();
    }
  });
});
