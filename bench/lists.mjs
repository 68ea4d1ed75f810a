// Lists (helper "scale"): keystroke → frame on a 100k-user list, in a pseudo-terminal at
// 100×30: `j` (cursor move) and filter characters, dist/cli.js on Utilisateurs vs
// bench/fixtures/bareList.tsx drawing the same rows from memory.
//
// A cursor move is done at the last byte of the burst it causes (then quiet for QUIET_S);
// a filter key is done at the frame that shows the new row count ("N lignes", computed
// beforehand from the same rows), since the console's rows come from the database after a
// first frame with the typed text.
//
// Knobs: BENCH_USERS (100000), BENCH_DEBUG=1 (per-key output chunks on stderr).
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { benchUser, insertBenchUsers } from './fixtures/people.mjs';
import { CLI, bundle, consoleEnv } from './lib/env.mjs';
import { QUIET_S, drive } from './lib/pty.mjs';
import { fmtMs, median } from './lib/results.mjs';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const ROUNDS = 2; // console and bare alternate, so a drift in machine load hits both
const PER_ROUND = Math.ceil(30 / ROUNDS);

export const title = `lists: keystroke → frame on ${USERS.toLocaleString('en')} users, ${PER_ROUND * ROUNDS} keys each, 100×30 pty, node ${process.version}, ${os.cpus().length} CPU`;

const sqlite = (dbFile) =>
  knexFactory({ client: 'sqlite3', connection: { filename: dbFile }, useNullAsDefault: true, pool: { min: 1, max: 1 } });

/** Bench users in one transaction of 500-row multi-row inserts, every column set. */
async function addUsers(dbFile, count) {
  const db = sqlite(dbFile);
  try {
    await insertBenchUsers(db, count);
  } finally {
    await db.destroy();
  }
}

/** Rows matching each filter, as the console's listUsers filters (lower() LIKE on code, name, e-mail). */
async function countInDb(dbFile, filters) {
  const db = sqlite(dbFile);
  try {
    const out = [];
    for (const f of filters) {
      const p = `%${f.toLowerCase()}%`;
      const [{ n }] = await db('users')
        .whereRaw('lower(code) like ? or lower(name) like ? or lower(email) like ?', [p, p, p])
        .count({ n: '*' });
      out.push(Number(n));
    }
    return out;
  } finally {
    await db.destroy();
  }
}

/** Rows matching each filter, as bench/fixtures/bareList.tsx filters. */
function countInMemory(count, filters) {
  const all = Array.from({ length: count }, (_, i) => benchUser(i));
  return filters.map((raw) => {
    const f = raw.toLowerCase();
    return f ? all.filter((r) => r.code.includes(f) || r.name.toLowerCase().includes(f) || r.email.includes(f)).length : all.length;
  });
}

/** "64596 lignes", digits possibly grouped (64 596, 64,596), as a Python regex. */
function rowsShown(n) {
  return `(?<![0-9])${[...String(n)].join('[\\s\u00a0\u202f,.]?')} lignes`;
}

export async function run({ section, work, log }) {
  const fixtures = await bundle('lists', { bareList: 'bench/fixtures/bareList.tsx' });
  const dbFile = path.join(work, 'lists.sqlite');
  const node = process.execPath;
  const env = consoleEnv(work, dbFile);
  execFileSync(node, [CLI, 'db', 'migrate'], { env, stdio: 'ignore' });
  execFileSync(node, [CLI, 'db', 'seed', '--demo'], { env, stdio: 'ignore' });
  log(`keystrokes: inserting ${USERS.toLocaleString('en')} users …`);
  const t0 = Date.now();
  await addUsers(dbFile, USERS);
  log(`  inserted in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const moves = Array(PER_ROUND).fill('j');
  // Type a number that narrows the list at each key, take it back to an empty filter,
  // then another: every key changes the rows and the count (checked below).
  const BS = '\x7f';
  const filterKeys = [...'42719', BS, BS, BS, BS, BS, ...'586', BS, BS].slice(0, PER_ROUND);
  const states = [];
  for (const k of filterKeys) states.push(k === BS ? (states.at(-1) ?? '').slice(0, -1) : (states.at(-1) ?? '') + k);
  const countsDb = await countInDb(dbFile, states);
  const countsBare = countInMemory(USERS, states);
  const unchanged = (counts) => counts.filter((n, i) => i > 0 && n === counts[i - 1]).length;
  if (unchanged(countsDb) || unchanged(countsBare))
    section.note(`note: ${unchanged(countsDb)} console / ${unchanged(countsBare)} bare filter keys leave the count unchanged`);
  const keys = { console: { move: [], filter: [] }, bare: { move: [], filter: [] } };
  const measureSteps = (counts) => [
    { op: 'settle' },
    { op: 'measure', name: 'move', keys: moves },
    { op: 'send', data: '/' },
    { op: 'settle' },
    { op: 'measure', name: 'filter', keys: filterKeys, until: counts.map(rowsShown) },
  ];
  for (let round = 0; round < ROUNDS; round++) {
    log(`  round ${round + 1}/${ROUNDS}: console …`);
    const c = drive(work, {
      argv: [node, CLI, '--demo'],
      env: { ...env, PRX_USER: 'admin' },
      steps: [
        { op: 'wait', text: 'Mot de passe' },
        { op: 'send', data: 'demo\r' },
        { op: 'wait', text: ':users' },
        { op: 'send', data: '\r' },
        { op: 'wait', text: 'b000000' },
        ...measureSteps(countsDb),
      ],
    });
    log(`  round ${round + 1}/${ROUNDS}: bare Ink …`);
    const b = drive(work, {
      argv: [node, fixtures.bareList],
      env: { ...env, BENCH_ROWS: String(USERS) },
      steps: [{ op: 'wait', text: 'b000000' }, ...measureSteps(countsBare)],
    });
    for (const [who, res] of [
      ['console', c],
      ['bare', b],
    ])
      for (const m of ['move', 'filter']) keys[who][m].push(...res.measures[m]);
  }
  if (process.env.BENCH_DEBUG)
    for (const who of ['console', 'bare'])
      for (const m of ['move', 'filter']) log(`${who} ${m}: ${keys[who][m].map((x) => JSON.stringify(x?.[2])).join(' ')}`);

  const lost = (xs) => xs.filter((x) => x === null).length;
  const settled = (xs) => xs.filter(Boolean).map((x) => x[1]);
  const firstByte = (xs) => xs.filter(Boolean).map((x) => x[0]);
  section.metric({
    name: 'cursor move (j) → frame',
    product: settled(keys.console.move),
    baselines: [{ name: 'bare Ink list', values: settled(keys.bare.move), target: 1.2 }],
  });
  section.metric({
    name: 'filter key → frame',
    product: settled(keys.console.filter),
    baselines: [{ name: 'bare Ink list', values: settled(keys.bare.filter), target: 1.2 }],
  });
  const lostC = lost(keys.console.move) + lost(keys.console.filter);
  const lostB = lost(keys.bare.move) + lost(keys.bare.filter);
  section.note(
    `first byte after the key (median): move ${fmtMs(median(firstByte(keys.console.move)))} vs ${fmtMs(median(firstByte(keys.bare.move)))}, ` +
      `filter ${fmtMs(median(firstByte(keys.console.filter)))} vs ${fmtMs(median(firstByte(keys.bare.filter)))}` +
      (lostC + lostB ? `; keys with no frame: console ${lostC}, bare ${lostB}` : ''),
  );
  section.note(`(cursor move done: output quiet ${QUIET_S * 1000} ms after it; filter key done: the new row count shows)`);
}
