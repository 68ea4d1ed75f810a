// Reports (helper "scale"): USR01 for 10,000 users → PDF file: renderReport
// (src/services/reports) vs bench/fixtures/barePdf.mjs, bare pdfkit writing the same table
// (same rows and texts from the same database in one query, same page size/orientation,
// font and size, one text() per cell, a page break every rowsPerPage rows). Each run is its
// own child process, so its peak RSS (VmHWM, see maxRss() in fixtures/benchDb.ts) is its own.
//
// The services are TypeScript: bench/fixtures/reportsEntry.ts is bundled into
// .bench/reports/ with the options of scripts/build.mjs.
//
// Knobs: BENCH_DOC_USERS (10000), BENCH_DOC_RUNS (5 renders each), BENCH_DEBUG=1.
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, bundle, cleanEnv, runJson } from './lib/env.mjs';
import { fmtMB, fmtMs, median, repeat } from './lib/results.mjs';

const USERS = Number(process.env.BENCH_DOC_USERS ?? 10_000);
const RUNS = Number(process.env.BENCH_DOC_RUNS ?? 5);

export const title = `reports: ${RUNS} renders each after a warm-up, each in its own process, node ${process.version}, ${os.cpus().length} CPU`;

export async function run({ section, work, log }) {
  const env = cleanEnv({ PRX_CONFIG_DIR: path.join(work, 'config'), PRX_LOG: path.join(work, 'services.log') });
  // The services read these in this process too (set-up), some at import time.
  for (const k of Object.keys(process.env)) if (k.startsWith('PRX_')) delete process.env[k];
  Object.assign(process.env, { PRX_CONFIG_DIR: env.PRX_CONFIG_DIR, PRX_LOG: env.PRX_LOG });
  const { reportsEntry: entry } = await bundle('reports', { reportsEntry: 'bench/fixtures/reportsEntry.ts' });
  const lib = await import(pathToFileURL(entry).href);

  const dbFile = path.join(work, 'documents.sqlite');
  log(`reports: database with ${USERS.toLocaleString('en')} users …`);
  const t0 = Date.now();
  await lib.setupDb(dbFile, USERS);
  log(`  ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const textsFile = path.join(work, 'usr01-texts.json');
  writeFileSync(textsFile, JSON.stringify(lib.usr01Texts()));
  const bare = path.join(ROOT, 'bench', 'fixtures', 'barePdf.mjs');
  let n = 0;
  /** One render in its own process; `args(out)` names the PDF it writes (removed after). */
  const render = async (name, args) => {
    const out = path.join(work, `usr01-${name}-${n}.pdf`);
    try {
      return await runJson(process.execPath, args(out), env);
    } finally {
      rmSync(out, { force: true });
    }
  };
  const runs = await repeat(
    RUNS,
    {
      project: () => render('project', (out) => [entry, 'render', dbFile, out]),
      bare: () => render('bare', (out) => [bare, dbFile, out, textsFile]),
    },
    {
      onRun: (i, got) => {
        n++;
        log(`  USR01 run ${i + 1}/${RUNS}${i < 0 ? ' (warm-up)' : ''}`);
        if (process.env.BENCH_DEBUG) log(`    ${JSON.stringify(got)}`);
      },
    },
  );
  return report(section, runs);
}

function report(section, runs) {
  const pick = (xs, k) => xs.map((x) => x[k]);
  section.metric({
    name: `USR01 ${USERS.toLocaleString('en')} users → PDF file`,
    product: pick(runs.project, 'ms'),
    baselines: [{ name: 'bare pdfkit', values: pick(runs.bare, 'ms'), target: 1.3 }],
  });
  section.metric({
    name: '  peak RSS of the process',
    unit: 'bytes',
    product: pick(runs.project, 'maxRSS'),
    baselines: [{ name: 'bare pdfkit', values: pick(runs.bare, 'maxRSS') }],
  });
  const p = runs.project[0];
  const b = runs.bare[0];
  section.note(
    `USR01: project ${p.pages} pages, ${fmtMB(p.bytes)}; bare ${b.pages} pages, ${fmtMB(b.bytes)}; ` +
      `RSS before drawing ${fmtMB(median(pick(runs.project, 'rssBefore')))} vs ${fmtMB(median(pick(runs.bare, 'rssBefore')))}; ` +
      `runs project ${runs.project.map((x) => fmtMs(x.ms)).join(', ')} / bare ${runs.bare.map((x) => fmtMs(x.ms)).join(', ')}`,
  );
  section.note('(time: in the child, around the work only — database open and module loading left out)');
}
