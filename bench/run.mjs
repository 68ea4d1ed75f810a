// `npm run bench`: each area of the console against bare baselines doing the same work,
// as ratios of medians, with min / median / max of repeated runs and the floors beside the
// baselines. A measurement, not a test: it exits 0 once every area has measured (1 when an
// area failed to).
//
//   npm run bench                          every area, in order
//   npm run bench -- --only startup,send   some areas
//   npm run bench -- --json FILE           also writes every figure as JSON
//
// Areas (one file each, bench/<area>.mjs, sharing bench/lib/): startup, lists, reports,
// send. Each exports `title` and `run({ section, work, log })`; its knobs are environment
// variables listed at its top. BENCH_KEEP=1 keeps the temp folders.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CLI, OUT, log } from './lib/env.mjs';
import { checkPty } from './lib/pty.mjs';
import { Section } from './lib/results.mjs';
import { existsSync } from 'node:fs';

const AREAS = ['startup', 'lists', 'reports', 'send'];
// BENCH_ONLY=documents, from before the split: the USR01 and send areas.
const ALIASES = { documents: ['reports', 'send'] };

const USAGE = `usage: node bench/run.mjs [--only AREA[,AREA…]] [--json FILE]
areas: ${AREAS.join(', ')} (default: all)`;

function parse() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { only: { type: 'string', multiple: true }, json: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const asked = (values.only ?? (process.env.BENCH_ONLY ? [process.env.BENCH_ONLY] : []))
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean)
    .flatMap((s) => ALIASES[s] ?? [s]);
  const unknown = asked.filter((a) => !AREAS.includes(a));
  if (unknown.length) {
    process.stderr.write(`bench: unknown area ${unknown.join(', ')}\n${USAGE}\n`);
    process.exit(2);
  }
  return { areas: asked.length ? AREAS.filter((a) => asked.includes(a)) : AREAS, json: values.json };
}

async function main() {
  const { areas, json } = parse();
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `node scripts/build.mjs` (npm run bench does)');
  checkPty();
  mkdirSync(OUT, { recursive: true });
  // Every program measured runs React's production build (the console sets it for itself).
  process.env.NODE_ENV = 'production';
  const started = new Date();
  const sections = [];
  let failed = false;
  for (const area of areas) {
    const mod = await import(`./${area}.mjs`);
    const section = new Section(area, mod.title);
    const work = mkdtempSync(path.join(os.tmpdir(), `prx-bench-${area}-`));
    const t0 = Date.now();
    try {
      await mod.run({ section, work, log });
    } catch (e) {
      section.error(e instanceof Error ? e.message : String(e));
      failed = true;
    } finally {
      if (process.env.BENCH_KEEP) log(`kept ${work}`);
      else rmSync(work, { recursive: true, force: true });
    }
    section.note(`(${area}: ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    process.stdout.write(`${section.lines().join('\n')}\n\n`);
    sections.push(section);
  }
  if (json) {
    const doc = {
      started: started.toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      platform: `${os.platform()} ${os.release()}`,
      areas: sections.map((s) => s.toJSON()),
    };
    writeFileSync(json, `${JSON.stringify(doc, null, 2)}\n`);
    log(`figures written to ${json}`);
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
