// Start-up (helper "ops"): process spawn → first frame showing "Connexion", in a
// pseudo-terminal at 100×30, dist/cli.js --demo vs bench/fixtures/minimal.tsx (bundled
// like the console), each its own process, alternating.
//
// Knobs: BENCH_STARTUP_RUNS (7).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import os from 'node:os';
import { CLI, bundle, consoleEnv } from './lib/env.mjs';
import { drive } from './lib/pty.mjs';
import { repeat } from './lib/results.mjs';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 7);

export const title = `start-up: ${RUNS} runs each after a warm-up, 100×30 pty, node ${process.version}, ${os.cpus().length} CPU`;

export async function run({ section, work, log }) {
  const fixtures = await bundle('startup', { minimal: 'bench/fixtures/minimal.tsx' });
  const dbFile = path.join(work, 'demo.sqlite');
  const node = process.execPath;
  const env = consoleEnv(work, dbFile);
  log('start-up: demo database, then runs alternating console / minimal Ink …');
  execFileSync(node, [CLI, 'db', 'migrate'], { env, stdio: 'ignore' });
  execFileSync(node, [CLI, 'db', 'seed', '--demo'], { env, stdio: 'ignore' });
  const firstFrame = (argv) =>
    drive(work, { argv, env, steps: [{ op: 'wait', text: 'Connexion', name: 'first', timeout: 20 }] }).marks.first;
  const runs = await repeat(RUNS, {
    console: () => firstFrame([node, CLI, '--demo']),
    minimal: () => firstFrame([node, fixtures.minimal]),
  });
  section.metric({
    name: 'start-up → login frame',
    product: runs.console,
    baselines: [{ name: 'minimal Ink app', values: runs.minimal, target: 1.2 }],
  });
}
