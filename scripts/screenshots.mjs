// `npm run screenshots`: pictures of the real console for the README. The built console
// (dist/cli.js) runs in tmux at 100×30 over a fresh demo database in SANDBOX mode; the
// script types what a person would, waits for each screen, captures the pane with its
// colours (capture-pane -e) and writes docs/<name>.svg through scripts/ansi-svg.mjs.
// Nothing is drawn by hand: run it again after a screen changes.
//
//   npm run screenshots              build, then capture every picture
//   node scripts/screenshots.mjs --no-build
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ansiToSvg } from './ansi-svg.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const DOCS = path.join(ROOT, 'docs');
const COLS = 100;
const ROWS = 30;
const STEP_MS = 30_000;

const work = mkdtempSync(path.join(os.tmpdir(), 'prx-shots-'));
// One tmux server per console started (a server just killed may still hold its socket).
let sessions = 0;
let socket = '';
const env = {
  PATH: process.env.PATH,
  HOME: work,
  LANG: 'C.UTF-8',
  LC_ALL: 'C.UTF-8',
  PRX_LANG: 'fr',
  PRX_DB: path.join(work, 'demo.sqlite'),
  PRX_CONFIG_DIR: path.join(work, 'config'),
  PRX_LOG: path.join(work, 'console.log'),
  PRX_NO_BROWSER: '1',
  // The pictures show the day's date in the reports: any day will do, but one per run.
  TZ: 'America/Montreal',
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tmux = (...args) => execFileSync('tmux', ['-u', '-L', socket, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
const cli = (args, extra = {}, input = '') =>
  execFileSync(process.execPath, [CLI, ...args], { env: { ...env, ...extra }, input, encoding: 'utf8' });

/** The pane as text (or with its SGR escapes). */
function screen(escapes = false) {
  return tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', 'shots:0.0');
}

async function waitFor(what, timeoutMs = STEP_MS, escapes = false) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = screen(escapes);
    if (typeof what === 'string' ? s.includes(what) : what.test(s)) return s;
    if (Date.now() > deadline) throw new Error(`screenshots: waited ${timeoutMs} ms for ${what}; the screen:\n${s}`);
    await sleep(50);
  }
}

/** The screen once it stopped changing (a list finishing its rows, a preview its pages). */
async function settled() {
  let last = screen(true);
  for (let still = 0; still < 4;) {
    await sleep(150);
    const now = screen(true);
    still = now === last ? still + 1 : 0;
    last = now;
  }
  return last;
}

async function shoot(name, title) {
  const ansi = await settled();
  writeFileSync(path.join(DOCS, `${name}.svg`), ansiToSvg(ansi, { columns: COLS, rows: ROWS, title }));
  process.stdout.write(`docs/${name}.svg\n`);
}

const type = (text) => tmux('send-keys', '-t', 'shots:0.0', '-l', '--', text);
const press = (...keys) => tmux('send-keys', '-t', 'shots:0.0', ...keys);

/** `:name` Enter, once the palette shows it. */
async function command(name, marker) {
  type(':');
  await waitFor('╭');
  type(name);
  await waitFor(new RegExp(`:${name}\\s`));
  press('Enter');
  await waitFor(marker);
}

function startConsole(user) {
  socket = `prx-shots-${process.pid}-${++sessions}`;
  const conf = path.join(work, 'tmux.conf');
  writeFileSync(conf, ['set -g status off', 'set -g default-terminal "screen-256color"', 'set -g escape-time 0', ''].join('\n'));
  const vars = Object.entries({ ...env, PRX_USER: user }).map(([k, v]) => `${k}=${shellQuote(v)}`);
  const command = `exec env ${vars.join(' ')} ${shellQuote(process.execPath)} ${shellQuote(CLI)} --sandbox`;
  tmux('-f', conf, 'new-session', '-d', '-s', 'shots', '-x', String(COLS), '-y', String(ROWS), '-c', ROOT, command);
}

function stopConsole() {
  if (!socket) return;
  try {
    tmux('kill-server');
  } catch {
    /* already gone */
  }
  socket = '';
}

function shellQuote(s) {
  return `'${String(s).replace(/'/g, `'\\''`)}'`;
}

async function login(password) {
  // The code is filled in (PRX_USER): the password field has the focus (its label in bold).
  await waitFor(/\x1b\[1m[^\n]*Mot de passe/, STEP_MS, true);
  type(password);
  await waitFor('••••');
  press('Enter');
  await waitFor(/^Menu\s/m);
}

/** Plays the person's browser on the simulator's consent page: Allow; returns the redirect address. */
async function approveConsent(consentUrl) {
  const html = await (await fetch(consentUrl)).text();
  const unescape = (s) =>
    s
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  const consent = /name="consent" value="([^"]+)"/.exec(html)?.[1];
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!consent || !action) throw new Error('screenshots: no consent form on the simulator’s page');
  const form = new URLSearchParams({
    consent: unescape(consent),
    email: unescape(/name="email" value="([^"]*)"/.exec(html)?.[1] ?? ''),
    decision: 'allow',
  });
  if (html.includes('name="grant_send"')) form.set('grant_send', '1');
  const res = await fetch(new URL(unescape(action), consentUrl), { method: 'POST', body: form, redirect: 'manual' });
  return res.headers.get('location');
}

/** support's Gmail linked through the CLI, the redirect address pasted as over SSH. */
async function linkSupport() {
  const child = spawn(process.execPath, [CLI, '--sandbox', 'gmail', 'connect', '--no-browser'], {
    env: { ...env, PRX_USER: 'support', PRX_PASSWORD: 'demo' },
    stdio: 'pipe',
  });
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise((r) => child.on('close', r));
  const deadline = Date.now() + STEP_MS;
  let url;
  while (!(url = err.split('\n').find((l) => /^http:\/\/127\.0\.0\.1:\d+\/o\/oauth2\/v2\/auth\?\S+$/.test(l)))) {
    if (Date.now() > deadline) throw new Error(`screenshots: gmail connect showed no consent address:\n${err}`);
    await sleep(50);
  }
  child.stdin.write(`${await approveConsent(url)}\n`);
  if ((await exited) !== 0) throw new Error(`screenshots: gmail connect failed:\n${err}`);
}

/** support chose Gmail in Types de courriels (a preference the CLI does not set). */
async function supportUsesGmail() {
  const sqlite3 = createRequire(path.join(ROOT, 'package.json'))('sqlite3');
  const db = new sqlite3.Database(env.PRX_DB);
  await new Promise((resolve, reject) =>
    db.run("update user_preferences set mail_type = 'gmail' where user_id = (select id from users where code = 'support')", (e) =>
      e ? reject(e) : resolve(),
    ),
  );
  await new Promise((r) => db.close(r));
}

async function main() {
  if (!process.argv.includes('--no-build')) execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  mkdirSync(DOCS, { recursive: true });
  cli(['db', 'seed', '--demo']);
  cli(['config', 'set', 'UserMaintenanceShowFields', 'gmail'], { PRX_USER: 'admin', PRX_PASSWORD: 'demo' });
  await supportUsesGmail();
  await linkSupport();

  // The administrator: login, Utilisateurs, a user's form.
  startConsole('admin');
  await waitFor('Mot de passe');
  await shoot('login', 'prextra-console — Connexion');
  await login('demo');
  await command('users', /^jtremblay /m);
  press('Down', 'Down', 'Down');
  await shoot('users', 'prextra-console — Utilisateurs');
  press('Enter');
  await waitFor('Courriel');
  await shoot('user-form', 'prextra-console — fiche d’un utilisateur');
  stopConsole();

  // support, whose Gmail is linked: Préférences, Rapports, Envoi.
  startConsole('support');
  await login('demo');
  await command('prefs', /prextra\.dev@gmail\.com/);
  await shoot('prefs-gmail', 'prextra-console — Préférences, le compte Gmail lié');
  press('Escape');
  await waitFor(/^Menu\s/m);
  await command('reports', /USR01/);
  press('Enter');
  await waitFor(/PDF : \d+ pages?/);
  await shoot('reports', 'prextra-console — Rapports, aperçu');
  press('e');
  await waitFor(/Envoi — USR01/);
  type('marie.gagnon@client.example.com');
  await waitFor('marie.gagnon@client.example.com');
  await shoot('envoi', 'prextra-console — Envoi d’un rapport par Gmail');
  stopConsole();
}

main()
  .catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    stopConsole();
    rmSync(work, { recursive: true, force: true });
  });
