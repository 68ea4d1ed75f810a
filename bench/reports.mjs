// Reports (helper "scale", issues 4 and 11): USR01 → PDF file at each size of BENCH_SIZES
// (see bench/lists-db.mjs; 10k and 100k by default, 1M with
// BENCH_SIZES=10000,100000,1000000): renderReport (src/services/reports), with its progress
// callback as the CLI passes it, vs bench/fixtures/barePdf.mjs, bare pdfkit writing the
// same table (same rows and texts from the same database in one query, same page
// size/orientation, font and size, one text() per cell, a page break every rowsPerPage
// rows). Each run is its own child process, so its peak RSS (VmHWM, see maxRss() in
// fixtures/benchDb.ts) is its own. The baseline reads every row into memory at once: it
// runs up to BENCH_DOC_BARE_MAX users (100000).
//
// Targets: ≤ 1.3× bare pdfkit; time per user at the largest size ≤ 1.2× that at the
// smallest (issue 11: linear in the rows), with a flat peak RSS.
//
// The services are TypeScript: bench/fixtures/reportsEntry.ts is bundled into
// .bench/reports/ with the options of scripts/build.mjs.
//
// Knobs: BENCH_SIZES, BENCH_DOC_RUNS (5 renders each; 3 from 1M users), BENCH_DEBUG=1.
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, bundle, cleanEnv, runJson } from './lib/env.mjs';
import { fmtMB, fmtMs, median, repeat } from './lib/results.mjs';
import { SIZES, copyUsersDb, sizeName } from './lists-db.mjs';

const RUNS = Number(process.env.BENCH_DOC_RUNS ?? 5);
const RUNS_BIG = Number(process.env.BENCH_DOC_RUNS ?? 3);
const BARE_MAX = Number(process.env.BENCH_DOC_BARE_MAX ?? 100_000);
const runsAt = (size) => (size >= 1_000_000 ? RUNS_BIG : RUNS);

export const title = `reports: USR01 at ${SIZES.map(sizeName).join(', ')} users, ${RUNS} renders each after a warm-up (${RUNS_BIG} from 1M), each in its own process, node ${process.version}, ${os.cpus().length} CPU`;

export async function run({ section, work, log }) {
  const env = cleanEnv({ PRX_CONFIG_DIR: path.join(work, 'config'), PRX_LOG: path.join(work, 'services.log') });
  // The services read these in this process too (set-up), some at import time.
  for (const k of Object.keys(process.env)) if (k.startsWith('PRX_')) delete process.env[k];
  Object.assign(process.env, { PRX_CONFIG_DIR: env.PRX_CONFIG_DIR, PRX_LOG: env.PRX_LOG });
  const { reportsEntry: entry } = await bundle('reports', { reportsEntry: 'bench/fixtures/reportsEntry.ts' });
  const lib = await import(pathToFileURL(entry).href);

  const textsFile = path.join(work, 'usr01-texts.json');
  writeFileSync(textsFile, JSON.stringify(lib.usr01Texts()));
  const bare = path.join(ROOT, 'bench', 'fixtures', 'barePdf.mjs');
  const per = new Map();
  for (const size of SIZES) {
    const dbFile = path.join(work, `users-${size}.sqlite`);
    await copyUsersDb(size, dbFile, log);
    let n = 0;
    /** One render in its own process; `args(out)` names the PDF it writes (removed after). */
    const render = async (name, args) => {
      const out = path.join(work, `usr01-${name}-${n}.pdf`);
      try {
        return await runJson(process.execPath, args(out), env, 30 * 60_000);
      } finally {
        rmSync(out, { force: true });
      }
    };
    const fns = { project: () => render('project', (out) => [entry, 'render', dbFile, out]) };
    if (size <= BARE_MAX) fns.bare = () => render('bare', (out) => [bare, dbFile, out, textsFile]);
    per.set(
      size,
      await repeat(runsAt(size), fns, {
        warmup: size >= 1_000_000 ? 0 : 1,
        onRun: (i, got) => {
          n++;
          log(`  USR01 ${sizeName(size)} run ${i + 1}/${runsAt(size)}${i < 0 ? ' (warm-up)' : ''}: ${fmtMs(got.project.ms)}`);
          if (process.env.BENCH_DEBUG) log(`    ${JSON.stringify(got)}`);
        },
      }),
    );
    for (const extra of ['', '-wal', '-shm']) rmSync(dbFile + extra, { force: true });
  }
  return report(section, per);
}

function report(section, per) {
  const pick = (xs, k) => (xs ?? []).map((x) => x[k]);
  const perK = (size) => pick(per.get(size).project, 'ms').map((ms) => (ms * 1000) / (size + 34));
  for (const size of SIZES) {
    const runs = per.get(size);
    section.metric({
      name: `USR01 ${sizeName(size)} users → PDF file`,
      product: pick(runs.project, 'ms'),
      baselines: runs.bare ? [{ name: 'bare pdfkit', values: pick(runs.bare, 'ms'), target: 1.3 }] : [],
    });
    section.metric({ name: `  time per 1,000 users`, product: perK(size) });
    section.metric({
      name: '  peak RSS of the process',
      unit: 'bytes',
      product: pick(runs.project, 'maxRSS'),
      baselines: runs.bare ? [{ name: 'bare pdfkit', values: pick(runs.bare, 'maxRSS') }] : [],
    });
    const p = runs.project[0];
    const b = runs.bare?.[0];
    section.note(
      `USR01 ${sizeName(size)}: project ${p.pages} pages, ${fmtMB(p.bytes)}` +
        (b ? `; bare ${b.pages} pages, ${fmtMB(b.bytes)}` : '') +
        `; RSS before drawing ${fmtMB(median(pick(runs.project, 'rssBefore')))}` +
        (b ? ` vs ${fmtMB(median(pick(runs.bare, 'rssBefore')))}` : '') +
        `; runs ${runs.project.map((x) => fmtMs(x.ms)).join(', ')}` +
        (b ? ` / bare ${runs.bare.map((x) => fmtMs(x.ms)).join(', ')}` : ''),
    );
  }
  const small = SIZES[0];
  const large = SIZES.at(-1);
  if (large !== small) {
    section.metric({
      name: `USR01 time per user: ${sizeName(large)} vs ${sizeName(small)}`,
      product: perK(large),
      productName: `at ${sizeName(large)}`,
      baselines: [{ name: `at ${sizeName(small)}`, values: perK(small), target: 1.2 }],
    });
    const growth = median(pick(per.get(large).project, 'maxRSS')) - median(pick(per.get(small).project, 'maxRSS'));
    section.note(`USR01 peak RSS ${sizeName(large)} − ${sizeName(small)}: ${growth >= 0 ? '+' : '−'}${fmtMB(Math.abs(growth))}`);
  }
  section.note('(time: in the child, around the work only — database open and module loading left out)');
}
