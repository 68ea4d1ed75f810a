// Start-up (helper "ops"), whole process vs whole process, in a pseudo-terminal at 100×30:
//
// - first frame: spawn → the login screen showing "Connexion", dist/cli.js --demo vs
//   bench/fixtures/minimal.tsx (the smallest Ink app, bundled like the console) and the
//   floor: bare node writing the very bytes of the console's first frame (captured from
//   it), then waiting;
// - usable login: spawn → the menu, the password typed the moment the first frame shows
//   and checked against the opened database (one scrypt at the production cost), vs the
//   first frame, and vs its own floor: the frame floor plus bare node's scrypt of the same
//   cost, one after the other.
//
// Knobs: BENCH_STARTUP_RUNS (7).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, bundle, consoleEnv } from './lib/env.mjs';
import { drive } from './lib/pty.mjs';
import { fmtMs, median, repeat } from './lib/results.mjs';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 7);
const FIRST = 'Connexion';
const MENU = ':users'; // the menu's palette hint: the login went through

export const title = `start-up: ${RUNS} runs each after a warm-up, 100×30 pty, node ${process.version}, ${os.cpus().length} CPU`;

/** Bare node writing `frame` to the terminal and staying alive, like a console would. */
function floorProgram(work, frame) {
  const file = path.join(work, 'floor.mjs');
  writeFileSync(file, `process.stdout.write(${JSON.stringify(frame)});\nsetInterval(() => {}, 1 << 30);\n`);
  return file;
}

/** Bare node timing one scrypt at the production password cost (N=2^17, r=8, p=1). */
function scryptMs() {
  const code = `const c = require('node:crypto'); const t = performance.now();
c.scrypt('demo', c.randomBytes(16), 32, { N: 2 ** 17, r: 8, p: 1, maxmem: 2 ** 28 }, () => console.log(performance.now() - t));`;
  return Number(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8' }).trim());
}

export async function run({ section, work, log }) {
  const fixtures = await bundle('startup', { minimal: 'bench/fixtures/minimal.tsx' });
  const dbFile = path.join(work, 'demo.sqlite');
  const node = process.execPath;
  // PRX_USER fills in the code, so the password is the first thing typed.
  const env = consoleEnv(work, dbFile, { PRX_USER: 'admin' });
  log('start-up: demo database, the console’s first frame captured, then runs alternating console / minimal Ink / floor …');
  execFileSync(node, [CLI, 'db', 'migrate'], { env, stdio: 'ignore' });
  execFileSync(node, [CLI, 'db', 'seed', '--demo'], { env, stdio: 'ignore' });
  const frame = drive(work, { argv: [node, CLI, '--demo'], env, steps: [{ op: 'wait', text: FIRST, name: 'first', capture: true }] })
    .captured.first;
  const floor = floorProgram(work, frame);

  const firstFrame = (argv) => drive(work, { argv, env, steps: [{ op: 'wait', text: FIRST, name: 'first', timeout: 20 }] }).marks.first;
  const consoleRuns = [];
  const runs = await repeat(RUNS, {
    console: () => {
      const r = drive(work, {
        argv: [node, CLI, '--demo'],
        env,
        steps: [
          { op: 'wait', text: FIRST, name: 'first', timeout: 20 },
          { op: 'send', data: 'demo\r', quiet: 0 },
          { op: 'wait', text: MENU, name: 'menu', timeout: 20 },
        ],
      });
      consoleRuns.push(r.marks);
      return r.marks.first;
    },
    minimal: () => firstFrame([node, fixtures.minimal]),
    floor: () => firstFrame([node, floor]),
    scrypt: () => scryptMs(),
  });
  // repeat() counted the warm-up's console run too: keep the counted ones.
  const counted = consoleRuns.slice(-RUNS);
  const login = counted.map((m) => m.menu);
  const loginFloor = runs.floor.map((f, i) => f + runs.scrypt[i]);
  section.metric({
    name: 'spawn → first frame (login screen)',
    product: runs.console,
    baselines: [{ name: 'minimal Ink app', values: runs.minimal, target: 1.2 }],
    floors: [{ name: `bare node writing the same ${Buffer.byteLength(frame)} B frame`, values: runs.floor, target: 3 }],
  });
  section.metric({
    name: 'spawn → menu (password typed at the first frame)',
    product: login,
    baselines: [{ name: 'the console’s own first frame', values: counted.map((m) => m.first), target: 1.5 }],
    floors: [{ name: 'frame floor + bare node scrypt N=2^17', values: loginFloor, target: 1.5 }],
  });
  section.note(
    `bare node scrypt at the production password cost: ${fmtMs(median(runs.scrypt))} (median); ` +
      `login after the first frame: ${fmtMs(median(counted.map((m) => m.menu - m.first)))} (median)`,
  );
}
