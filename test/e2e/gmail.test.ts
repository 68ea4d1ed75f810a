// The Gmail procedure end to end in a real terminal (tmux), on the built console in sandbox
// mode: the Google simulator stands in for Google, PRX_NO_BROWSER=1 and no DISPLAY, so the
// console shows the consent address and the paste box (as over SSH); the test plays the
// person's browser elsewhere (approveConsent) and pastes the redirect address back.
//   1. issue 3: Configuration › UserMaintenanceShowFields = gmail (admin, through the
//      screen), then Préférences › Gmail › "Tester ?" › consent › paste › linked › Ctrl-S.
//   2. issue 4: support linked (CLI, paste on stdin), Rapports › USR01 › e › To › Ctrl-S:
//      the simulator holds exactly one mail, with the report as its PDF attachment.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { openDb } from '../../src/services/db.js';
import { decryptSecret, secretKey } from '../../src/services/crypto.js';
import { approveConsent } from '../helpers/google.js';
import { hasTmux, newTerminalDir, removeTerminalDir, runCli, spawnCli, Terminal, terminalPaths } from '../helpers/terminal.js';

// The first start creates, migrates and seeds the database: room on a busy 2-core machine.
const STARTUP_MS = 20_000;
const STEP_MS = 15_000;
const BOLD = '\x1b[1m';
const SUPPORT_ADDRESS = 'prextra.dev@gmail.com';
// The console runs without a display, whatever the developer's shell has.
const NO_DISPLAY = { DISPLAY: '', WAYLAND_DISPLAY: '' };

const terminals: Terminal[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const t of terminals.splice(0)) await t.close();
  for (const d of dirs.splice(0)) removeTerminalDir(d);
});

function tempDir(): string {
  const dir = newTerminalDir();
  dirs.push(dir);
  return dir;
}

async function start(dir: string, args: string[], env: Record<string, string> = {}): Promise<Terminal> {
  const t = await Terminal.start({ dir, args, env: { ...NO_DISPLAY, ...env } });
  terminals.push(t);
  await t.waitFor('Mot de passe', STARTUP_MS);
  return t;
}

function lineWith(screen: string, text: string): string {
  return screen.split('\n').find((l) => l.includes(text)) ?? '';
}

/** Types the password once its field has the focus (label bold), then Enter; waits for the menu. */
async function typePassword(t: Terminal, password: string): Promise<void> {
  await t.waitUntil((s) => lineWith(s, 'Mot de passe').includes(`${BOLD}Mot de passe`), 'focus on Mot de passe', STEP_MS, {
    escapes: true,
  });
  await t.type(password);
  await t.waitFor(new RegExp(`Mot de passe\\s+${'•'.repeat(password.length)}(\\s|│)`), STEP_MS);
  await t.press('Enter');
  await t.waitFor(/^Menu\s/m, STEP_MS);
}

async function login(t: Terminal, code: string, password: string): Promise<void> {
  await t.type(code);
  await t.waitFor(new RegExp(`Code d’utilisateur\\s+${code}`), STEP_MS);
  await t.press('Enter');
  await typePassword(t, password);
}

/** The command palette: `:name`, Enter once the palette shows what was typed. */
async function command(t: Terminal, name: string, breadcrumb: string | RegExp): Promise<void> {
  await t.type(`:${name}`);
  // The input line of the palette's box (the list above it shows each command with its label).
  await t.waitFor(new RegExp(`^│ :${name}\\s+│$`, 'm'), STEP_MS);
  await t.press('Enter');
  await t.waitFor(breadcrumb, STEP_MS);
}

/** Types a long value into the focused text input and waits until its end shows on screen. */
async function typeLong(t: Terminal, text: string): Promise<void> {
  await t.type(text);
  await t.waitFor(text.slice(-24), STEP_MS);
}

describe.skipIf(!hasTmux())('Gmail in a real terminal (sandbox, no browser)', () => {
  it('issue 3: Configuration enables gmail; support chooses Gmail, links through the paste box, and Ctrl-S saves', async () => {
    const dir = tempDir();

    // The administrator adds gmail to UserMaintenanceShowFields in Configuration.
    const admin = await start(dir, ['--demo']);
    await login(admin, 'admin', 'demo');
    await command(admin, 'config', 'Maintenance › Configuration');
    // The first setting; its key's name shows under the list.
    await admin.waitFor(/^Champs offerts \(Préférences\)\s/m, STEP_MS);
    await admin.waitFor('Clé UserMaintenanceShowFields', STEP_MS);
    await admin.press('Enter');
    await admin.waitFor('Modifier la configuration — Champs offerts (Préférences)', STEP_MS);
    await admin.type('gmail');
    await admin.waitFor(/^› gmail$/m, STEP_MS);
    await admin.press('Enter');
    await admin.waitFor('Enregistré : Champs offerts (Préférences).', STEP_MS);
    await admin.waitFor(/^Champs offerts \(Préférences\)\s+gmail\s/m, STEP_MS);
    await admin.press('q');
    await admin.waitFor('Quitter la console ?', STEP_MS);
    await admin.press('o');
    expect(await admin.waitForExit(STEP_MS)).toBe(0);
    await admin.close();

    // support, on the same database: Préférences › Types de courriels › Gmail.
    const t = await start(dir, ['--sandbox'], { PRX_USER: 'support' });
    await t.waitFor(/Code d’utilisateur\s+support/, STEP_MS);
    await typePassword(t, 'demo');
    await command(t, 'prefs', 'Options-Utilisateurs › Maintenance › Préférences');
    await t.waitFor(/› Types de courriels\s+‹ Aucun ›/, STEP_MS);
    expect(await t.screen()).toContain('Aucun compte Gmail lié.');
    await t.press('Space');
    await t.waitFor(/› Types de courriels\s+‹ Gmail ›/, STEP_MS);
    await t.waitFor('Tester la connexion avec Gmail ?', STEP_MS);
    await t.press('o');

    // The consent address, on one line of its own once the terminal's soft wrap is joined.
    await t.waitFor('collez l’adresse complète ici', STEP_MS);
    const joined = await t.waitUntil((s) => /^http:\/\/127\.0\.0\.1:\d+\/\S*redirect_uri=\S+$/m.test(s), 'the consent URL', STEP_MS, {
      joined: true,
    });
    const urlLines = joined.split('\n').filter((l) => l.includes('/o/oauth2/v2/auth'));
    expect(urlLines).toHaveLength(1);
    const url = urlLines[0]!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/o\/oauth2\/v2\/auth\?\S+$/);
    const params = new URL(url).searchParams;
    expect(params.get('login_hint')).toBe(SUPPORT_ADDRESS);
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('scope')).toBe('openid email https://www.googleapis.com/auth/gmail.send');
    expect(params.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth2callback$/);
    // The line before it says to open it; the one after is the paste box's sentence, not a piece of it.
    const rows = joined.split('\n');
    const at = rows.indexOf(url);
    expect(rows[at - 1]).toContain('Ouvrez cette adresse dans un navigateur');
    expect(rows[at + 1]).toContain('collez l’adresse complète ici');
    // Wider than the terminal: without -J the same address spans several rows, soft-wrapped.
    expect(url.length).toBeGreaterThan(100);
    const plain = (await t.screen()).split('\n');
    const first = plain.findIndex((l) => l.startsWith('http://127.0.0.1'));
    expect(plain.slice(first, first + Math.ceil(url.length / 100)).join('')).toBe(url);

    // The person's browser, elsewhere: Allow; "cannot connect" there, so the address is pasted.
    const redirect = await approveConsent(url);
    expect(redirect).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth2callback\?/);
    await typeLong(t, redirect);
    await t.press('Enter');
    await t.waitFor(`Compte ${SUPPORT_ADDRESS} lié.`, STEP_MS);
    const linked = await t.waitFor(/^Statut\s+Lié/m, STEP_MS);
    expect(linked).toContain(SUPPORT_ADDRESS);
    expect(linked).toMatch(/› Types de courriels\s+‹ Gmail ›/);
    await t.press('C-s');
    await t.waitFor('Enregistré.', STEP_MS);

    const { dbPath, configDir, logPath } = terminalPaths(dir);
    const db = await openDb(dbPath);
    let account: Record<string, string>;
    try {
      const user = await db('users').where({ code: 'support' }).first();
      account = await db('mail_accounts').where({ user_id: user.id }).first();
      expect(account).toMatchObject({ provider: 'gmail', address: SUPPORT_ADDRESS, status: 'linked' });
      expect(account.scopes).toContain('https://www.googleapis.com/auth/gmail.send');
      expect(account.refresh_token_enc).toMatch(/^v2\./);
      const prefs = await db('user_preferences').where({ user_id: user.id }).first();
      expect(prefs.mail_type).toBe('gmail');
    } finally {
      await db.destroy();
    }
    // The refresh token opens with the console's key file, and is nowhere in the database files in clear.
    const token = decryptSecret(
      account.refresh_token_enc!,
      { table: 'mail_accounts', id: account.user_id!, field: 'refresh_token_enc' },
      secretKey({ PRX_CONFIG_DIR: configDir }),
    );
    expect(token.length).toBeGreaterThan(20);
    for (const file of [dbPath, `${dbPath}-wal`, logPath])
      if (existsSync(file)) expect(readFileSync(file).includes(Buffer.from(token)), file).toBe(false);
  });

  it('issue 4: Rapports › USR01 › e › Ctrl-S sends the report from support’s Gmail, and the simulator holds the mail', async () => {
    const dir = tempDir();
    const supportEnv = { ...NO_DISPLAY, PRX_USER: 'support', PRX_PASSWORD: 'demo' };

    // A demo database, and support's Gmail linked by the CLI (the redirect address pasted on
    // stdin; the consent address is an instruction, on stderr).
    const seeded = await runCli(dir, ['db', 'seed', '--demo']);
    expect(seeded.code, seeded.stderr).toBe(0);
    // support has chosen Gmail in Types de courriels (step 2 of the procedure, done in issue 3's test).
    const seededDb = await openDb(terminalPaths(dir).dbPath);
    try {
      await seededDb('user_preferences')
        .whereIn('user_id', seededDb('users').where({ code: 'support' }).select('id'))
        .update({ mail_type: 'gmail' });
    } finally {
      await seededDb.destroy();
    }
    const connect = await spawnCli(dir, ['--sandbox', 'gmail', 'connect', '--no-browser'], supportEnv);
    let out = '';
    let err = '';
    connect.stdout.on('data', (c: Buffer) => (out += c.toString()));
    connect.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((r) => connect.on('close', (c) => r(c)));
    try {
      const url = await until(
        () => err.split('\n').find((l) => /^http:\/\/127\.0\.0\.1:\d+\/o\/oauth2\/v2\/auth\?\S+$/.test(l)),
        STEP_MS,
        () => `stdout: ${out}\nstderr: ${err}`,
      );
      connect.stdin.write(`${await approveConsent(url)}\n`);
      expect(await exited, err).toBe(0);
    } finally {
      if (connect.exitCode === null) connect.kill();
    }
    expect(out).toContain(`Compte Gmail lié : ${SUPPORT_ADDRESS}.`);

    // The console: Rapports › USR01 (Enter previews) › e › To › Ctrl-S.
    const t = await start(dir, ['--sandbox'], { PRX_USER: 'support' });
    await t.waitFor(/Code d’utilisateur\s+support/, STEP_MS);
    await typePassword(t, 'demo');
    await command(t, 'reports', /^Rapports\b.*›/m);
    await t.waitFor(/^USR01\s+Liste des utilisateurs/m, STEP_MS);
    // The cursor starts on the first row: move to USR01 should it not be first.
    const list = (await t.screen()).split('\n').filter((l) => /^[A-Z]{3,4}\d\d\s/.test(l));
    const usr01 = list.findIndex((l) => l.startsWith('USR01'));
    for (let i = 0; i < usr01; i++) await t.press('Down');
    await t.press('Enter');
    await t.waitFor(/PDF : \d+ pages?, [\d,]+ (o|Ko|Mo), /, STEP_MS);
    await t.press('e');
    await t.waitFor(/Envoi — USR01 Liste des utilisateurs/, STEP_MS);
    const compose = await t.waitFor(/USR01-Liste des utilisateurs-\d{4}-\d{2}-\d{2}\.pdf \(\d[\d.,]* (o|Ko|Mo)\)/, STEP_MS);
    const shownName = /(USR01-Liste des utilisateurs-\d{4}-\d{2}-\d{2}\.pdf)/.exec(compose)![1]!;

    const recipient = 'marie.gagnon@client.example.com';
    await t.type(recipient);
    await t.waitFor(recipient, STEP_MS);
    await t.press('C-s');
    const sent = await t.waitFor(/Courriel envoyé — identifiant Gmail (\S+)\./, STEP_MS);
    const gmailId = /Courriel envoyé — identifiant Gmail (\S+)\./.exec(sent)![1]!;

    // Exactly one message reached the simulator: to the recipient, from support's Gmail, the PDF attached.
    const gmailDir = path.join(dir, 'sandbox', 'gmail');
    const emls = readdirSync(gmailDir).filter((f) => f.endsWith('.eml'));
    expect(emls).toHaveLength(1);
    const mail = await simpleParser(readFileSync(path.join(gmailDir, emls[0]!)));
    const to = Array.isArray(mail.to) ? mail.to : [mail.to!];
    expect(to.flatMap((a) => a.value.map((v) => v.address))).toEqual([recipient]);
    expect(mail.from?.value[0]?.address).toBe(SUPPORT_ADDRESS);
    expect(mail.attachments).toHaveLength(1);
    const pdf = mail.attachments[0]!;
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.filename).toMatch(/^USR01-Liste des utilisateurs-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(pdf.filename).toBe(shownName);
    expect(pdf.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const db = await openDb(terminalPaths(dir).dbPath);
    try {
      const rows = await db('outbox').select('status', 'gmail_message_id', 'report_code');
      expect(rows).toEqual([{ status: 'sent', gmail_message_id: gmailId, report_code: 'USR01' }]);
    } finally {
      await db.destroy();
    }
  });
});

/** Polls `get` until it gives a value; fails after `ms` with `what()`. */
async function until<T>(get: () => T | undefined, ms: number, what: () => string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms.\n${what()}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}
