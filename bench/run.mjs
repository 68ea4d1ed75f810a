// `npm run bench`: the console against bare Ink, in one run, as ratios (issue 2's targets
// are ≤ 1.2× each). A measurement, not a test: it always exits 0 once it has measured.
//
// 1. Start-up: process spawn → first frame showing "Connexion", in a pseudo-terminal,
//    dist/cli.js vs bench/fixtures/minimal.tsx (bundled like the console).
// 2. Keystroke → frame on a 100k-user list: `j` (cursor move) and filter characters,
//    dist/cli.js on Utilisateurs vs bench/fixtures/bareList.tsx drawing the same rows.
//
// The pseudo-terminal is a small python3 helper (its pty module; no node-pty needed)
// that time-stamps the program's output. A cursor move is done at the last byte of the
// burst it causes (then quiet for QUIET_S); a filter key is done at the frame that shows
// the new row count ("N lignes", computed beforehand from the same rows), since the
// console's rows come from the database after a first frame with the typed text.
//
// Knobs: BENCH_STARTUP_RUNS (7), BENCH_USERS (100000), BENCH_DEBUG=1 (per-key output
// chunks on stderr), BENCH_KEEP=1 (keep the temp folder with the database).
import { build } from 'esbuild';
import { bundleOptions } from '../scripts/bundle-options.mjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import knexFactory from 'knex';
import { benchUser, insertBenchUsers } from './fixtures/people.mjs';

// Every program measured runs React's production build (the console sets it for itself).
process.env.NODE_ENV = 'production';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, '.bench'); // git-ignored
const CLI = path.join(ROOT, 'dist', 'cli.js');
const COLS = 100;
const ROWS = 30;
const TARGET = 1.2;
const STARTUP_RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 7);
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const ROUNDS = 2; // console and bare alternate, so a drift in machine load hits both
const QUIET_S = 0.15; // output silent this long = the frame is complete

const PTY_DRIVER = String.raw`
import codecs, fcntl, json, os, pty, re, select, signal, struct, sys, termios, time
plan = json.load(open(sys.argv[1]))
ANSI = re.compile(r'\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78DEHMc]')
now = time.perf_counter
t_spawn = now()
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack('HHHH', plan['rows'], plan['cols'], 0, 0))
    os.chdir(plan['cwd'])
    os.execvpe(plan['argv'][0], plan['argv'], plan['env'])
dec = codecs.getincrementaldecoder('utf-8')('replace')
buf = ''
eof = False
def read(timeout):
    """One chunk of output (time, text), or None after timeout seconds of silence."""
    global buf, eof
    if eof: return None
    r, _, _ = select.select([fd], [], [], timeout)
    if not r: return None
    t = now()
    try: data = os.read(fd, 65536)
    except OSError: data = b''
    if not data:
        eof = True
        return None
    text = dec.decode(data)
    buf += text
    return t, text
def settle(quiet, limit=10.0, trace=None):
    """Reads until quiet; returns the time of the last byte (None if nothing came)."""
    last = None
    end = now() + limit
    while now() < end:
        got = read(quiet)
        if got is None: break
        last = got[0]
        if trace is not None: trace.append(got)
    return last
def screen_tail():
    return ANSI.sub('', buf)[-600:]
def fail(msg):
    print(json.dumps({'error': msg, 'tail': screen_tail()}))
    stop()
    sys.exit(1)
def stop():
    try: os.kill(pid, signal.SIGTERM)
    except ProcessLookupError: pass
    end = now() + 3
    while now() < end and read(0.2) is not None: pass
    for _ in range(30):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done: return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
marks = {}
measures = {}
for step in plan['steps']:
    op = step['op']
    if op == 'wait':
        end = now() + step.get('timeout', 20)
        while True:
            if step['text'] in ANSI.sub('', buf):
                marks[step.get('name', step['text'])] = (now() - t_spawn) * 1000
                break
            left = end - now()
            if left <= 0: fail('timed out waiting for ' + step['text'])
            got = read(left)
            if got is not None and step['text'] in ANSI.sub('', buf):
                marks[step.get('name', step['text'])] = (got[0] - t_spawn) * 1000
                break
            if got is None and eof: fail('the program ended while waiting for ' + step['text'])
        buf = ''
    elif op == 'send':
        settle(step.get('quiet', 0.05))
        buf = ''
        os.write(fd, step['data'].encode())
    elif op == 'settle':
        settle(step.get('quiet', ${QUIET_S}))
        buf = ''
    elif op == 'measure':
        out = measures.setdefault(step['name'], [])
        quiet = step.get('quiet', ${QUIET_S})
        for key in step['keys']:
            settle(quiet)
            buf = ''
            t0 = now()
            os.write(fd, key.encode())
            got = read(step.get('timeout', 5))
            if got is None:
                out.append(None)
                continue
            trace = [got]
            until = step.get('until')
            if until:
                # Done when the frame shows the expected result (an async result may
                # come well after the first frame), then drain.
                pattern = re.compile(until[len(out)])
                deadline = t0 + step.get('timeout', 5)
                while not pattern.search(ANSI.sub('', buf)):
                    more = read(max(0.001, deadline - now()))
                    if more is None: break
                    trace.append(more)
                if not pattern.search(ANSI.sub('', buf)):
                    out.append(None)
                    continue
                done = trace[-1][0]
                settle(quiet, trace=trace)
                out.append([(got[0] - t0) * 1000, (done - t0) * 1000, [[round((t - t0) * 1000, 1), len(x)] for t, x in trace]])
                continue
            last = settle(quiet, trace=trace) or got[0]
            # [first byte, last byte, and each chunk's time and size: to see the frames]
            out.append([(got[0] - t0) * 1000, (last - t0) * 1000, [[round((t - t0) * 1000, 1), len(x)] for t, x in trace]])
        buf = ''
stop()
print(json.dumps({'marks': marks, 'measures': measures}))
`;

function log(line) {
  process.stderr.write(`${line}\n`);
}

function drive(work, plan) {
  const file = path.join(work, `plan-${process.hrtime.bigint()}.json`);
  writeFileSync(file, JSON.stringify({ cols: COLS, rows: ROWS, cwd: ROOT, ...plan }));
  const res = spawnSync('python3', [path.join(work, 'ptydriver.py'), file], { encoding: 'utf8', maxBuffer: 16 << 20, timeout: 120_000 });
  let parsed;
  try {
    parsed = JSON.parse(res.stdout.trim().split('\n').pop() ?? '');
  } catch {
    throw new Error(`pty driver failed (${res.status}): ${res.stderr || res.stdout}`);
  }
  if (parsed.error) throw new Error(`${plan.argv.slice(-2).join(' ')}: ${parsed.error}\n--- last output ---\n${parsed.tail}`);
  return parsed;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

/** The fixtures, bundled exactly like scripts/build.mjs bundles the console. */
async function buildFixtures() {
  const outdir = path.join(OUT, 'fixtures');
  rmSync(outdir, { recursive: true, force: true });
  await build({
    ...bundleOptions,
    entryPoints: { minimal: 'bench/fixtures/minimal.tsx', bareList: 'bench/fixtures/bareList.tsx' },
    absWorkingDir: ROOT,
    outdir,
  });
  return { minimal: path.join(outdir, 'minimal.js'), bareList: path.join(outdir, 'bareList.js') };
}

/** 100k users in one transaction of 500-row multi-row inserts, every column set. */
async function addUsers(dbFile, count) {
  const db = knexFactory({ client: 'sqlite3', connection: { filename: dbFile }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
  try {
    await insertBenchUsers(db, count);
  } finally {
    await db.destroy();
  }
}

/** Rows matching each filter, as the console's listUsers filters (lower() LIKE on code, name, e-mail). */
async function countInDb(dbFile, filters) {
  const db = knexFactory({ client: 'sqlite3', connection: { filename: dbFile }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
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

function consoleEnv(work, dbFile, extra = {}) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('PRX_') || k === 'NO_COLOR' || k === 'TMUX') delete env[k];
  return {
    ...env,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    PRX_DB: dbFile,
    PRX_CONFIG_DIR: path.join(work, 'config'),
    PRX_LOG: path.join(work, 'console.log'),
    ...extra,
  };
}

function fmt(ms) {
  if (!Number.isFinite(ms)) return 'n/a';
  return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
}

async function main() {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `node scripts/build.mjs` (npm run bench does)');
  try {
    execFileSync('python3', ['-c', 'import pty'], { stdio: 'ignore' });
  } catch {
    throw new Error('python3 (with its pty module) is needed for the pseudo-terminal');
  }
  mkdirSync(OUT, { recursive: true });
  const work = mkdtempSync(path.join(os.tmpdir(), 'prx-bench-'));
  writeFileSync(path.join(work, 'ptydriver.py'), PTY_DRIVER);
  const started = Date.now();
  try {
    const fixtures = await buildFixtures();
    const dbFile = path.join(work, 'bench.sqlite');
    const node = process.execPath;

    // --- 1. start-up -------------------------------------------------------------
    log('start-up: demo database, then runs alternating console / minimal Ink …');
    const env = consoleEnv(work, dbFile);
    execFileSync(node, [CLI, 'db', 'migrate'], { env, stdio: 'ignore' });
    execFileSync(node, [CLI, 'db', 'seed', '--demo'], { env, stdio: 'ignore' });
    const startup = { console: [], minimal: [] };
    const startPlan = (argv) => ({ argv, env, steps: [{ op: 'wait', text: 'Connexion', name: 'first', timeout: 20 }] });
    for (let run = 0; run <= STARTUP_RUNS; run++) {
      // Run 0 warms the file cache for both and is not counted.
      const c = drive(work, startPlan([node, CLI, '--demo'])).marks.first;
      const m = drive(work, startPlan([node, fixtures.minimal])).marks.first;
      if (run > 0) {
        startup.console.push(c);
        startup.minimal.push(m);
      }
    }

    // --- 2. keystroke → frame on the 100k list ----------------------------------
    log(`keystrokes: inserting ${USERS.toLocaleString('en')} users …`);
    const t0 = Date.now();
    await addUsers(dbFile, USERS);
    log(`  inserted in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const perRound = Math.ceil(30 / ROUNDS);
    const moves = Array(perRound).fill('j');
    // Type a number that narrows the list at each key, take it back to an empty filter,
    // then another: every key changes the rows and the count (checked below).
    const BS = '\x7f';
    const filterKeys = [...'42719', BS, BS, BS, BS, BS, ...'586', BS, BS].slice(0, perRound);
    // A filter key is done when the list shows the new row count ("N lignes"): the
    // console reads it from the database, maybe after a first frame with the typed text.
    const states = [];
    for (const k of filterKeys) states.push(k === '\x7f' ? (states.at(-1) ?? '').slice(0, -1) : (states.at(-1) ?? '') + k);
    const countsDb = await countInDb(dbFile, states);
    const countsBare = countInMemory(USERS, states);
    const unchanged = (counts) => counts.filter((n, i) => i > 0 && n === counts[i - 1]).length;
    if (unchanged(countsDb) || unchanged(countsBare))
      log(`  note: ${unchanged(countsDb)} console / ${unchanged(countsBare)} bare filter keys leave the count unchanged`);
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

    // --- report ------------------------------------------------------------------
    const lost = (xs) => xs.filter((x) => x === null).length;
    const settled = (xs) => xs.filter(Boolean).map((x) => x[1]);
    const firstByte = (xs) => xs.filter(Boolean).map((x) => x[0]);
    const rows = [
      ['start-up → login frame', startup.console, startup.minimal, 'minimal Ink'],
      ['cursor move (j) → frame', settled(keys.console.move), settled(keys.bare.move), 'bare Ink list'],
      ['filter key → frame', settled(keys.console.filter), settled(keys.bare.filter), 'bare Ink list'],
    ];
    const out = [];
    out.push(
      `prextra-console bench — ${COLS}×${ROWS} pty, node ${process.version}, ${os.cpus().length} CPU, ${USERS.toLocaleString('en')} users; ` +
        `medians (p90) of ${STARTUP_RUNS} start-ups / ${perRound * ROUNDS} keystrokes`,
    );
    const head = ['metric', 'console', 'baseline', 'ratio', `target ≤${TARGET}×`];
    const table = rows.map(([name, c, b, base]) => {
      const mc = median(c);
      const mb = median(b);
      const ratio = mc / mb;
      return [
        `${name} (vs ${base})`,
        `${fmt(mc)} (${fmt(quantile(c, 0.9))})`,
        `${fmt(mb)} (${fmt(quantile(b, 0.9))})`,
        `${ratio.toFixed(2)}×`,
        ratio <= TARGET ? 'PASS' : 'FAIL',
      ];
    });
    const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
    const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    out.push(line(head), line(widths.map((w) => '─'.repeat(w))), ...table.map(line));
    out.push(
      `first byte after the key (median): move ${fmt(median(firstByte(keys.console.move)))} vs ${fmt(median(firstByte(keys.bare.move)))}, ` +
        `filter ${fmt(median(firstByte(keys.console.filter)))} vs ${fmt(median(firstByte(keys.bare.filter)))}` +
        (lost(keys.console.move) + lost(keys.console.filter) + lost(keys.bare.move) + lost(keys.bare.filter)
          ? `; keys with no frame: console ${lost(keys.console.move) + lost(keys.console.filter)}, bare ${lost(keys.bare.move) + lost(keys.bare.filter)}`
          : ''),
    );
    out.push(
      `(cursor move done: output quiet ${QUIET_S * 1000} ms after it; filter key done: the new row count shows; total ${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
    process.stdout.write(out.join('\n') + '\n');
  } finally {
    if (process.env.BENCH_KEEP) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

// Issue 4's documents part, bench/documents.mjs. A static import is hoisted (evaluated
// before everything above), so BENCH_ONLY=documents runs that part alone and ends; without
// BENCH_ONLY it waits for the table above ('beforeExit') and runs after it.
import './documents.mjs';
