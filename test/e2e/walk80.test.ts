// Issue 9: the built console at exactly 80×24 in a real terminal, every screen visited in
// French (admin), in English (nmorin) and with few rights (jtremblay). A screen fails when
// a drawn line is wider than the terminal (the terminal wrapped it), when a box border is
// broken, or when a message key or a `field.` id shows instead of words. Also: a resize
// 80→79→80 keeps a dirty form; PgDn walks the 34 demo users, each seen exactly once.
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/services/db.js';
import { screenProblems } from '../helpers/screenCheck.js';
import { hasTmux, Terminal, terminalPaths } from '../helpers/terminal.js';
import { eachTerminal } from '../helpers/eachTerminal.js';

const STARTUP_MS = 30_000;
const STEP_MS = 30_000;
const COLS = 80;
const ROWS = 24;

const terminals = eachTerminal();

/** What each walk waits for, in the user's language. */
interface Words {
  readonly code: RegExp;
  readonly password: string;
  readonly menu: string;
  readonly usersList: RegExp;
  readonly formLoaded: RegExp;
  readonly schedule: string;
  readonly rights: string;
  readonly prefs: string;
  readonly discard: string;
  readonly yes: string;
  readonly companies: string;
  readonly companyForm: string;
  readonly config: string;
  readonly configEdit: string;
  readonly audit: string;
  readonly outbox: string;
  readonly diagnostic: RegExp;
  readonly reports: string;
  readonly compose: string;
  readonly passwordScreen: string;
  readonly help: string;
}

const FR: Words = {
  code: /Code d’utilisateur/,
  password: 'Mot de passe',
  menu: 'Préférences  :prefs',
  usersList: /Ligne 1\/34 · Page 1\/2/,
  formLoaded: /^› Code d’utilisateur/m,
  schedule: 'Aucune plage',
  rights: 'Changer droits utilisateurs —',
  prefs: 'Types de courriels',
  discard: 'Abandonner les modifications',
  yes: 'o',
  companies: 'Ligne 1/5',
  companyForm: 'Fiche compagnie',
  config: 'UserMaintenanceShowFields',
  configEdit: 'Modifier la configuration',
  audit: 'Quand',
  outbox: 'Essais',
  diagnostic: /^(Tout est en ordre|À surveiller|Des vérifications ont échoué)/m,
  reports: 'USR01',
  compose: 'Pièce jointe',
  passwordScreen: 'Mot de passe actuel',
  help: 'Aide — touches',
};

const EN: Words = {
  code: /User code/,
  password: 'Password',
  menu: 'Preferences  :prefs',
  usersList: /Row 1\/34 · Page 1\/2/,
  formLoaded: /^› User code/m,
  schedule: 'No range',
  rights: 'Change user rights —',
  prefs: 'Mail type',
  discard: 'Discard unsaved changes',
  yes: 'y',
  companies: 'Row 1/5',
  companyForm: 'Company record',
  config: 'UserMaintenanceShowFields',
  configEdit: 'Edit configuration',
  audit: 'When',
  outbox: 'Tries',
  diagnostic: /^(All is well|To watch|Some checks failed)/m,
  reports: 'USR01',
  compose: 'Attachment',
  passwordScreen: 'Current password',
  help: 'Help — keys',
};

/** The terminal's database, once the console has created and filled it (it does so after its first frame). */
async function demoDatabase(t: Terminal) {
  const deadline = Date.now() + STARTUP_MS;
  for (;;) {
    try {
      const db = await openDb(terminalPaths(t.dir).dbPath);
      const [{ n }] = await db('users').count({ n: '*' });
      if (Number(n) >= 34) return db;
      await db.destroy();
    } catch {
      /* not there yet */
    }
    if (Date.now() > deadline) throw new Error('the demo database never appeared');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function check(t: Terminal, where: string): Promise<void> {
  // A frame being drawn is half old, half new (a box without its bottom yet): check the
  // screen once it has stopped changing — two captures 100 ms apart alike.
  let screen = await t.screen();
  for (const deadline = Date.now() + STEP_MS; Date.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 100));
    const again = await t.screen();
    if (again === screen) break;
    screen = again;
  }
  const joined = await t.screen({ joined: true });
  expect(screenProblems(screen, joined, COLS), `${where}:\n${screen}`).toEqual([]);
}

/** Logs in (the login screen speaks French: PRX_LANG is not set); `w` is the user's language. */
async function login(t: Terminal, w: Words, code: string): Promise<void> {
  await t.waitFor(FR.password, STARTUP_MS);
  await t.type(code);
  await t.waitFor(new RegExp(`${FR.code.source}\\s+${code}`), STEP_MS);
  await t.press('Enter');
  // Typed ahead: the key bus hands it to the password field the Enter focused.
  await t.type('demo');
  await t.waitFor(/••••/, STEP_MS);
  await t.press('Enter');
  await t.waitFor(w.menu, STEP_MS);
}

/** `:name` then Enter, once the palette shows what was typed on its input line. */
async function command(t: Terminal, name: string, marker: string | RegExp): Promise<void> {
  await t.type(':');
  await t.waitFor('╭', STEP_MS);
  await t.type(name);
  await t.waitFor(new RegExp(`^│ :${name}\\s+│$`, 'm'), STEP_MS);
  await t.press('Enter');
  await t.waitFor(marker, STEP_MS);
}

/**
 * `key` opens what shows `opened`, checked as `where`; Escape leaves it: the screen shows
 * `back` again (by default: `opened` is gone).
 */
async function visit(t: Terminal, key: string, opened: string | RegExp, where: string, back?: string | RegExp): Promise<void> {
  await t.press(key);
  await t.waitFor(opened, STEP_MS);
  await check(t, where);
  await t.press('Escape');
  if (back === undefined) await t.waitForGone(opened, STEP_MS);
  else await t.waitFor(back, STEP_MS);
}

const helpCheck = (t: Terminal, w: Words, where: string) => visit(t, 'F1', w.help, `${where} › help`);

/** Every screen an administrator reaches, each checked (and its help). */
async function walkAll(t: Terminal, w: Words): Promise<void> {
  await check(t, 'menu');
  await helpCheck(t, w, 'menu');
  await command(t, 'users', w.usersList);
  await check(t, 'users');
  await t.press('/');
  await t.type('tr');
  await t.waitFor(/Filt\S*: tr/, STEP_MS);
  await check(t, 'users › filter');
  await t.press('Escape');
  await t.waitForGone(/Filt\S*: tr/, STEP_MS);
  await t.waitFor(w.usersList, STEP_MS);
  await t.press('Enter');
  await t.waitFor(w.formLoaded, STEP_MS);
  await check(t, 'user form');
  await helpCheck(t, w, 'user form');
  await t.press('C-t');
  await t.waitFor(w.schedule, STEP_MS);
  await t.press('a');
  await t.waitForGone(w.schedule, STEP_MS);
  await check(t, 'schedule');
  await t.press('Escape');
  await t.waitFor(w.discard, STEP_MS);
  await check(t, 'schedule › discard?');
  await t.press(w.yes);
  await t.waitFor(w.formLoaded, STEP_MS);
  await visit(t, 'C-r', w.rights, 'rights', w.formLoaded);
  await visit(t, 'C-p', w.prefs, 'user › prefs', w.formLoaded);
  await t.press('Escape');
  await t.waitFor(w.usersList, STEP_MS);
  await visit(t, 'n', /^› /m, 'new user', w.usersList);
  await command(t, 'companies', w.companies);
  await check(t, 'companies');
  await visit(t, 'Enter', w.companyForm, 'company form', w.companies);
  await command(t, 'config', w.config);
  await check(t, 'config');
  await visit(t, 'Enter', w.configEdit, 'config › edit');
  await command(t, 'audit', w.audit);
  await check(t, 'audit');
  await command(t, 'outbox', w.outbox);
  await check(t, 'outbox');
  await command(t, 'diagnostic', w.diagnostic);
  await check(t, 'diagnostic');
  await walkOwn(t, w);
}

/** What everyone reaches: reports and Envoi, preferences, password, the palette. */
async function walkOwn(t: Terminal, w: Words): Promise<void> {
  await command(t, 'reports', w.reports);
  await check(t, 'reports');
  await helpCheck(t, w, 'reports');
  await visit(t, 'e', w.compose, 'compose');
  await command(t, 'prefs', w.prefs);
  await check(t, 'prefs');
  await helpCheck(t, w, 'prefs');
  await command(t, 'password', w.passwordScreen);
  await check(t, 'password');
  // The palette from the menu (in a text field, : is typed).
  await t.press('Escape');
  await t.waitFor(w.menu, STEP_MS);
  await t.type(':');
  await t.waitFor('╭', STEP_MS);
  await check(t, 'palette');
  await t.press('Escape');
  await t.waitForGone('╭', STEP_MS);
}

describe.skipIf(!hasTmux())(`every screen at exactly ${COLS}×${ROWS}`, () => {
  it('in French as admin', { timeout: 240_000 }, async () => {
    const t = await terminals.start({ cols: COLS, rows: ROWS });
    await t.waitFor(FR.password, STARTUP_MS);
    await check(t, 'login');
    await login(t, FR, 'admin');
    await walkAll(t, FR);
  });

  it('in English as nmorin (given the administrator’s rights)', { timeout: 240_000 }, async () => {
    const t = await terminals.start({ cols: COLS, rows: ROWS });
    await t.waitFor(FR.password, STARTUP_MS);
    const db = await demoDatabase(t);
    try {
      // The administrator's rights, copied (the demo gives nmorin few).
      const admin = await db('users').where({ code: 'admin' }).first('id');
      const nmorin = await db('users').where({ code: 'nmorin' }).first('id');
      const rows = await db('rights').where({ user_id: admin.id }).select('function_code', 'level');
      await db('rights').where({ user_id: nmorin.id }).delete();
      await db('rights').insert(rows.map((r) => ({ ...r, user_id: nmorin.id })));
    } finally {
      await db.destroy();
    }
    await login(t, EN, 'nmorin');
    await walkAll(t, EN);
  });

  it('as jtremblay, with few rights', { timeout: 120_000 }, async () => {
    const t = await terminals.start({ cols: COLS, rows: ROWS });
    await login(t, FR, 'jtremblay');
    await check(t, 'menu');
    await walkOwn(t, FR);
  });

  it('a resize 80→79→80 keeps a dirty form: the edit is there and Esc still asks', { timeout: 120_000 }, async () => {
    const t = await terminals.start({ cols: COLS, rows: ROWS });
    await login(t, FR, 'admin');
    // Utilisateurs is the menu's first option.
    await t.press('Enter');
    await t.waitFor(/admin +Administrateur/, STEP_MS);
    await t.press('Enter');
    await t.waitFor(FR.formLoaded, STEP_MS);
    await t.press('Tab');
    await t.waitFor(/^› Nom/m, STEP_MS);
    await t.type(' (modifié)');
    await t.waitFor('(modifié)', STEP_MS);
    await t.resize(79, 24);
    await t.waitFor('Terminal trop petit', STEP_MS);
    await t.resize(80, 24);
    const back = await t.waitFor('(modifié)', 10_000);
    expect(back).not.toContain('Terminal trop petit');
    await check(t, 'after the resize');
    await t.press('Escape');
    await t.waitFor(FR.discard, STEP_MS);
  });

  it('PgDn walks the 34 demo users: every code seen exactly once', { timeout: 120_000 }, async () => {
    const t = await terminals.start({ cols: COLS, rows: ROWS });
    await login(t, FR, 'admin');
    await t.press('Enter');
    await t.waitFor(/admin +Administrateur/, STEP_MS);
    const db = await demoDatabase(t);
    const all = (await db('users').select('code').orderBy('code_key')).map((r) => r.code as string);
    await db.destroy();
    expect(all).toHaveLength(34);
    const shown = (s: string) =>
      s
        .split('\n')
        .slice(4, ROWS - 2)
        .map((l) => l.trim().split(/\s+/)[0]!)
        .filter((c) => all.includes(c));
    const pages = [shown(await t.screen())];
    for (let i = 0; i < 4; i++) {
      await t.press('PageDown');
      const before = pages.at(-1)!.join();
      const next = await t.waitUntil((s) => shown(s).join() !== before, 'the next page', 5_000).catch(() => null);
      if (!next) break;
      pages.push(shown(next));
    }
    expect(pages.flat()).toEqual(all);
    await check(t, 'users, second page');
  });
});
