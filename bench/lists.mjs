// Lists (helper "scale", issue 11): the Utilisateurs list and `users list` at each size of
// BENCH_SIZES (see bench/lists-db.mjs; 10k and 100k by default, 1M with
// BENCH_SIZES=10000,100000,1000000), so that a cost that grows with the table shows as a
// ratio between sizes measured in one run.
//
// 1. Keystroke → frame in a pseudo-terminal at 100×30, dist/cli.js on Utilisateurs vs
//    bench/fixtures/bareList.tsx (bare Ink drawing the same users from memory, filtering
//    a precomputed lower-case search text as the console's users.search_text):
//    - cursor: `j` from the top, past the first page (30 rows) and through the window's
//      scrolling; done at the last byte of the burst it causes (then quiet for QUIET_S);
//    - filter: characters narrowing the list, then Backspace; done at the frame showing
//      the new count ("Ligne 1/N", or "Ligne 1/1 000+" past the console's cap; "N lignes"
//      for the bare list) with the first matching user, both computed beforehand from the
//      same rows.
// 2. `users list --json`, each run its own process: time per 1,000 users while the list
//    streams (from its first byte on stdout to the end: start-up, the password check and
//    the first chunk of CHUNK users before that first byte are the same at every size),
//    the whole run's time, and the process's peak RSS (VmHWM, read at exit by
//    lists-peak.mjs).
//
// Targets (issue 11), as ratios between the largest size and the smallest in this run:
// filter key ≤ 1.3×; users list time per user ≤ 1.2×, peak RSS ≤ +20 MB.
//
// Knobs: BENCH_SIZES, BENCH_LIST_RUNS (3 runs of users list after a warm-up), BENCH_DEBUG=1.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import knexFactory from 'knex';
import { benchUser } from './fixtures/people.mjs';
import { SIZES, copyUsersDb, sizeName } from './lists-db.mjs';
import { CLI, ROOT, bundle, consoleEnv } from './lib/env.mjs';
import { QUIET_S, drive } from './lib/pty.mjs';
import { MB, fmtMB, fmtMs, median, repeat } from './lib/results.mjs';

const ROUNDS = 2; // console and bare alternate, so a drift in machine load hits both
const MOVES = 40; // per round: past the first page of 30 rows, the window scrolling
const LIST_RUNS = Number(process.env.BENCH_LIST_RUNS ?? 3);
const CHUNK = 1000; // users per query of eachUser (src/services/users/list.ts)
const BS = '\x7f';
// A number that narrows the list at each key, taken back to an empty filter, then another.
const FILTER_KEYS = [...'42719', BS, BS, BS, BS, BS, ...'586', BS, BS];

export const title =
  `lists at ${SIZES.map(sizeName).join(', ')} users: ${MOVES * ROUNDS} cursor moves and ${FILTER_KEYS.length * ROUNDS} filter keys ` +
  `per size in a 100×30 pty, users list ${LIST_RUNS} runs after a warm-up; node ${process.version}, ${os.cpus().length} CPU`;

const normalize = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const digits = (n) => [...String(n)].join('[\\s\u00a0\u202f,.]?');

/** The console's position line: "Ligne 1/542", "Ligne 1/1 000+" past its cap, or "Aucune ligne." */
const consoleCount = (n) =>
  n === 0 ? 'Aucune ligne' : `Ligne [0-9][0-9\\s\u00a0\u202f,.]*/${n > 1000 ? `${digits(1000)}\\+` : `${digits(n)}(?![0-9+])`}`;

/** Each filter state's count and first user (list order), as the console will show them. */
async function expectedInDb(dbFile, states) {
  const db = knexFactory({ client: 'sqlite3', connection: { filename: dbFile }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
  try {
    const out = [];
    for (const s of states) {
      const p = `%${normalize(s)}%`;
      const [{ n }] = await db('users').where('search_text', 'like', p).count({ n: '*' });
      const first = await db('users').where('search_text', 'like', p).orderBy('code_key').first('code');
      out.push({ n: Number(n), first: first?.code ?? null, shown: consoleCount(Number(n)) });
    }
    return out;
  } finally {
    await db.destroy();
  }
}

/** The same for bareList.tsx: every bench user in memory, in its order. */
function expectedInMemory(count, states) {
  const all = Array.from({ length: count }, (_, i) => benchUser(i)).map((u) => ({
    code: u.code,
    search: normalize(`${u.code} ${u.name} ${u.email}`),
  }));
  return states.map((s) => {
    const f = normalize(s);
    const kept = f ? all.filter((u) => u.search.includes(f)) : all;
    return { n: kept.length, first: kept[0]?.code ?? null, shown: `(?<![0-9])${kept.length} lignes` };
  });
}

/** Done when the frame shows the count and, below it, the first user kept. */
const untilShown = (e) => (e.first ? `${e.shown}[\\s\\S]*\\b${e.first}\\b` : e.shown);

async function keystrokes(size, dbFile, work, fixtures, log) {
  const states = [];
  for (const k of FILTER_KEYS) states.push(k === BS ? (states.at(-1) ?? '').slice(0, -1) : (states.at(-1) ?? '') + k);
  const inDb = await expectedInDb(dbFile, states);
  const inMemory = expectedInMemory(size, states);
  const same = (xs) => xs.filter((x, i) => i > 0 && x.shown === xs[i - 1].shown && x.first === xs[i - 1].first).length;
  if (same(inDb) || same(inMemory)) log(`  note: ${same(inDb)} console / ${same(inMemory)} bare filter keys leave the frame unchanged`);
  if (process.env.BENCH_DEBUG) log(`  filter states ${JSON.stringify(states)} console ${JSON.stringify(inDb.map((e) => [e.n, e.first]))}`);
  const env = consoleEnv(work, dbFile);
  const node = process.execPath;
  const steps = (expected) => [
    { op: 'settle' },
    { op: 'measure', name: 'move', keys: Array(MOVES).fill('j') },
    { op: 'send', data: '/' },
    { op: 'settle' },
    { op: 'measure', name: 'filter', keys: FILTER_KEYS, until: expected.map(untilShown), timeout: 10 },
  ];
  const keys = { console: { move: [], filter: [] }, bare: { move: [], filter: [] } };
  for (let round = 0; round < ROUNDS; round++) {
    log(`  ${sizeName(size)} round ${round + 1}/${ROUNDS}: console, then bare Ink …`);
    const c = drive(work, {
      argv: [node, CLI],
      env: { ...env, PRX_USER: 'admin' },
      steps: [
        { op: 'wait', text: 'Mot de passe', timeout: 60 },
        { op: 'send', data: 'demo\r' },
        { op: 'wait', text: ':users', timeout: 30 },
        { op: 'send', data: '\r' },
        { op: 'wait', text: 'b000000', timeout: 30 },
        ...steps(inDb),
      ],
    });
    const b = drive(work, {
      argv: [node, fixtures.bareList],
      env: { ...env, BENCH_ROWS: String(size) },
      steps: [{ op: 'wait', text: 'b000000', timeout: 60 }, ...steps(inMemory)],
    });
    for (const [who, res] of [
      ['console', c],
      ['bare', b],
    ])
      for (const m of ['move', 'filter']) keys[who][m].push(...res.measures[m]);
  }
  if (process.env.BENCH_DEBUG)
    for (const who of ['console', 'bare'])
      for (const m of ['move', 'filter']) log(`  ${who} ${m}: ${keys[who][m].map((x) => (x ? x[1].toFixed(1) : 'lost')).join(' ')}`);
  return keys;
}

/** One `users list --json` in its own process: { ms, streamMs, peak, bytes }. */
function listOnce(dbFile, work, args) {
  const peakFile = path.join(work, 'peak.txt');
  const env = consoleEnv(work, dbFile, { PRX_USER: 'admin', PRX_PASSWORD: 'demo', BENCH_PEAK_FILE: peakFile });
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', pathToFileURL(path.join(ROOT, 'bench', 'lists-peak.mjs')).href, CLI, 'users', 'list', '--json', ...args],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    // Read and counted here, not kept (writes to a pipe block the child until read, so
    // nothing piles up in its memory).
    let bytes = 0;
    let firstByte = null;
    child.stdout.on('data', (d) => {
      firstByte ??= performance.now();
      bytes += d.length;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const end = performance.now();
      if (code !== 0) return reject(new Error(`users list exited ${code}: ${err.slice(-500)}`));
      try {
        resolve({ ms: end - t0, streamMs: end - (firstByte ?? end), peak: Number(readFileSync(peakFile, 'utf8')), bytes });
      } catch (e) {
        reject(e);
      }
    });
  });
}

async function usersList(size, dbFile, work, log) {
  log(`  ${sizeName(size)}: users list --json, ${LIST_RUNS} runs after a warm-up …`);
  return (await repeat(LIST_RUNS, { all: () => listOnce(dbFile, work, []) })).all;
}

export async function run({ section, work, log }) {
  if (!SIZES.length) throw new Error('BENCH_SIZES names no size');
  const fixtures = await bundle('lists', { bareList: 'bench/fixtures/bareList.tsx' });
  execFileSync(process.execPath, ['-e', '0'], { stdio: 'ignore' }); // node in the file cache
  const per = new Map();
  for (const size of SIZES) {
    const dbFile = path.join(work, `users-${size}.sqlite`);
    await copyUsersDb(size, dbFile, log);
    log(`  ${sizeName(size)}: ${fmtMB(statSync(dbFile).size)} database`);
    const keys = await keystrokes(size, dbFile, work, fixtures, log);
    const list = await usersList(size, dbFile, work, log);
    per.set(size, { keys, list });
    for (const extra of ['', '-wal', '-shm']) rmSync(dbFile + extra, { force: true });
  }
  report(section, per);
}

const settled = (xs) => xs.filter(Boolean).map((x) => x[1]);
const lost = (xs) => xs.filter((x) => x === null).length;

function report(section, per) {
  const small = SIZES[0];
  const large = SIZES.at(-1);
  const at = (size) => per.get(size);
  for (const [m, label] of [
    ['move', 'cursor move (j) → frame'],
    ['filter', 'filter key → frame'],
  ]) {
    for (const size of SIZES)
      section.metric({
        name: `${label}, ${sizeName(size)} users`,
        product: settled(at(size).keys.console[m]),
        baselines: [{ name: 'bare Ink list', values: settled(at(size).keys.bare[m]), target: 1.2 }],
      });
    if (large !== small)
      section.metric({
        name: `${label}: ${sizeName(large)} vs ${sizeName(small)}`,
        product: settled(at(large).keys.console[m]),
        productName: `console at ${sizeName(large)}`,
        baselines: [
          { name: `console at ${sizeName(small)}`, values: settled(at(small).keys.console[m]), target: m === 'filter' ? 1.3 : undefined },
        ],
      });
  }
  // users list: time per 1,000 users while streaming (the users after the first chunk).
  const users = (size) => size + 34; // the bench users and the demo's
  const perK = (size) => at(size).list.map((r) => (r.streamMs * 1000) / Math.max(1, users(size) - CHUNK));
  for (const size of SIZES) {
    section.metric({ name: `users list --json, ${sizeName(size)} users: time per 1,000 users`, product: perK(size) });
    section.metric({
      name: `users list --json, ${sizeName(size)} users: peak RSS`,
      unit: 'bytes',
      product: at(size).list.map((r) => r.peak),
    });
  }
  if (large !== small) {
    section.metric({
      name: `users list time per user: ${sizeName(large)} vs ${sizeName(small)}`,
      product: perK(large),
      productName: `at ${sizeName(large)}`,
      baselines: [{ name: `at ${sizeName(small)}`, values: perK(small), target: 1.2 }],
    });
    const growth = median(at(large).list.map((r) => r.peak)) - median(at(small).list.map((r) => r.peak));
    section.note(
      `users list peak RSS ${sizeName(large)} − ${sizeName(small)}: ${growth >= 0 ? '+' : '−'}${fmtMB(Math.abs(growth))} ` +
        `(target ≤ +20 MB: ${growth <= 20 * MB ? 'PASS' : 'FAIL'})`,
    );
  }
  for (const size of SIZES) {
    const l = at(size).list;
    const k = at(size).keys;
    section.note(
      `${sizeName(size)}: users list ${fmtMB(l[0]?.bytes)} of JSON in ${l.map((r) => fmtMs(r.ms)).join(' / ')} (whole runs); ` +
        `keys with no frame: console ${lost(k.console.move) + lost(k.console.filter)}, ` +
        `bare ${lost(k.bare.move) + lost(k.bare.filter)}`,
    );
  }
  section.note(`(cursor move done: output quiet ${QUIET_S * 1000} ms after it; filter key done: the new count and first user show)`);
}
