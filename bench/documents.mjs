// `npm run bench`, documents part (issue 4's targets are ≤ 1.3× each): the project's
// reports and mail services against bare tools doing the same work, as ratios, with the
// peak memory of each. A measurement, not a test: it always exits 0.
//
// 1. USR01 for 10,000 users → PDF file: renderReport (src/services/reports) vs
//    bench/fixtures/barePdf.mjs, bare pdfkit writing the same table (same rows and texts
//    from the same database in one query, same page size/orientation, font and size, one
//    text() per cell, a page break every rowsPerPage rows). Each run is its own child
//    process, so its peak RSS (process.resourceUsage().maxRSS) is its own.
// 2. A 20 MB PDF sent: the project's path in a child process — MailComposer builds the
//    .eml (buildMessageFile), then uploadMessage sends it with the Gmail client and the
//    linked account's token to the Google simulator's media upload endpoint — vs curl
//    posting that same .eml to the same endpoint with the same Bearer token.
//
// The services are TypeScript: bench/fixtures/documentsEntry.ts is bundled with esbuild
// into .bench/documents/ (options of scripts/build.mjs). The account is linked through
// the real OAuth flow against the simulator (consent page, Allow, loopback redirect).
//
// Run alone: BENCH_ONLY=documents npm run bench. Knobs: BENCH_DOC_USERS (10000),
// BENCH_DOC_RUNS (5 renders each), BENCH_SEND_RUNS (5 sends each), BENCH_SEND_MB (20),
// BENCH_DEBUG=1 (each run's figures on stderr), BENCH_KEEP=1 (keep the temp folder).
//
// Peak RSS is VmHWM of the child (see maxRss() in documentsEntry.ts: resourceUsage's maxRSS
// of a child also counts this process's RSS at fork, and this process holds the
// simulator's received messages); curl's comes from getrusage(RUSAGE_CHILDREN) of a small
// python3 parent that also times it.
import { build } from 'esbuild';
import { bundleOptions } from '../scripts/bundle-options.mjs';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeBigPdf } from './fixtures/bigPdf.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, '.bench', 'documents'); // git-ignored
const TARGET = 1.3;
const USERS = Number(process.env.BENCH_DOC_USERS ?? 10_000);
const RENDER_RUNS = Number(process.env.BENCH_DOC_RUNS ?? 5);
const SEND_RUNS = Number(process.env.BENCH_SEND_RUNS ?? 5);
const SEND_MB = Number(process.env.BENCH_SEND_MB ?? 20);
const MB = 1024 * 1024;

const CURL_TIMER = String.raw`
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], capture_output=True)
ms = (time.perf_counter() - t) * 1000
print(json.dumps({'ms': ms, 'rc': p.returncode, 'out': p.stdout.decode('utf-8', 'replace')[-2000:],
                  'err': p.stderr.decode('utf-8', 'replace')[-2000:],
                  'maxRSS': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024}))
`;

const log = (line) => process.stderr.write(`${line}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmtMs = (ms) => (!Number.isFinite(ms) ? 'n/a' : ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`);
const fmtMB = (b) => (!Number.isFinite(b) ? 'n/a' : `${(b / MB).toFixed(1)} MB`);

/** documentsEntry.ts bundled exactly like scripts/build.mjs bundles the console. */
async function buildEntry() {
  rmSync(OUT, { recursive: true, force: true });
  await build({
    ...bundleOptions,
    banner: undefined,
    entryPoints: { documentsEntry: 'bench/fixtures/documentsEntry.ts' },
    absWorkingDir: ROOT,
    outdir: OUT,
  });
  return path.join(OUT, 'documentsEntry.js');
}

/** Runs a child to its end; its last stdout line is JSON. */
function runJson(cmd, args, env, timeoutMs = 120_000) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0)
        return reject(new Error(`${path.basename(args[0] ?? cmd)} ${args[1] ?? ''} exited ${code ?? signal}: ${err.trim().slice(-1500)}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? ''));
      } catch {
        reject(new Error(`${path.basename(args[0] ?? cmd)}: no JSON result: ${out.slice(-500)} ${err.slice(-500)}`));
      }
    });
  });
}

/** The environment of every child: no PRX_* of the caller, this run's config and log. */
function cleanEnv(work) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('PRX_')) delete env[k];
  return { ...env, NODE_ENV: 'production', PRX_CONFIG_DIR: path.join(work, 'config'), PRX_LOG: path.join(work, 'services.log') };
}

// ---- 1. USR01 -------------------------------------------------------------------------
async function measureReport(lib, entry, work, env) {
  const dbFile = path.join(work, 'documents.sqlite');
  log(`documents: database with ${USERS.toLocaleString('en')} users …`);
  const t0 = Date.now();
  await lib.setupDb(dbFile, USERS);
  log(`  ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const textsFile = path.join(work, 'usr01-texts.json');
  writeFileSync(textsFile, JSON.stringify(lib.usr01Texts()));
  const bare = path.join(ROOT, 'bench', 'fixtures', 'barePdf.mjs');
  const res = { project: [], bare: [] };
  // Run 0 warms the file cache and is not counted; the order alternates.
  for (let run = 0; run <= RENDER_RUNS; run++) {
    log(`  USR01 run ${run}/${RENDER_RUNS}${run === 0 ? ' (warm-up)' : ''} …`);
    const pOut = path.join(work, `usr01-project-${run}.pdf`);
    const bOut = path.join(work, `usr01-bare-${run}.pdf`);
    const doProject = () => runJson(process.execPath, [entry, 'render', dbFile, pOut], env);
    const doBare = () => runJson(process.execPath, [bare, dbFile, bOut, textsFile], env);
    let p;
    let b;
    if (run % 2) {
      b = await doBare();
      p = await doProject();
    } else {
      p = await doProject();
      b = await doBare();
    }
    if (process.env.BENCH_DEBUG) log(`    project ${JSON.stringify(p)}\n    bare ${JSON.stringify(b)}`);
    if (run > 0) {
      res.project.push(p);
      res.bare.push(b);
    }
    rmSync(pOut, { force: true });
    rmSync(bOut, { force: true });
  }
  return { dbFile, ...res };
}

// ---- 2. 20 MB send --------------------------------------------------------------------
async function measureSend(lib, entry, work, env, dbFile) {
  const sim = await lib.startGoogleSimulator({ dataDir: work });
  try {
    log('documents: linking the administrator’s Gmail to the simulator (OAuth consent, loopback) …');
    const token = await lib.linkActor(dbFile, sim, work);
    const pdf = path.join(work, 'big.pdf');
    writeBigPdf(pdf, SEND_MB * MB);
    const emlDir = path.join(work, 'eml');
    mkdirSync(emlDir, { recursive: true });
    const timer = path.join(work, 'curltimer.py');
    writeFileSync(timer, CURL_TIMER);
    const childEnv = { ...env, ...lib.simEnv(sim), PATH: env.PATH };
    const url = `${sim.gmailApiUrl}upload/gmail/v1/users/me/messages/send?uploadType=media`;
    const res = { project: [], curl: [] };
    for (let run = 0; run <= SEND_RUNS; run++) {
      log(`  send run ${run}/${SEND_RUNS}${run === 0 ? ' (warm-up)' : ''} …`);
      const before = sim.received().length;
      const p = await runJson(process.execPath, [entry, 'send', dbFile, pdf, work, emlDir], childEnv);
      try {
        const got = sim.received().slice(before);
        if (got.length !== 1 || got[0].raw.length !== p.emlBytes)
          throw new Error(`the simulator did not store the project's message (${got.length} received)`);
        // curl posts the very bytes the project just sent, with the same token.
        const c = await runJson(
          'python3',
          [
            timer,
            'curl',
            '-sS',
            '-X',
            'POST',
            '-H',
            `Authorization: Bearer ${token}`,
            '-H',
            'Content-Type: message/rfc822',
            '--data-binary',
            `@${p.eml}`,
            '-w',
            '\n%{http_code} %{time_total}',
            url,
          ],
          childEnv,
        );
        const [status, seconds] = (c.out.trim().split('\n').pop() ?? '').split(' ');
        if (c.rc !== 0 || status !== '200') throw new Error(`curl: rc ${c.rc}, HTTP ${status}: ${c.err || c.out}`);
        const after = sim.received().slice(before + 1);
        if (after.length !== 1 || after[0].raw.length !== p.emlBytes) throw new Error('the simulator did not store curl’s message');
        if (process.env.BENCH_DEBUG)
          log(
            `    project ${JSON.stringify({ ...p, eml: undefined })}\n    curl ${JSON.stringify({ ms: c.ms, maxRSS: c.maxRSS, out: c.out.trim() })}`,
          );
        if (run > 0) {
          res.project.push(p);
          res.curl.push({ ...c, curlTotalMs: Number(seconds) * 1000 });
        }
      } finally {
        rmSync(p.eml, { force: true });
        for (const m of sim.received().slice(before)) rmSync(m.file, { force: true });
      }
    }
    return { ...res, pdfBytes: statSync(pdf).size, emlBytes: res.project[0]?.emlBytes };
  } finally {
    await sim.close();
  }
}

function table(rows) {
  const head = ['metric', 'project', 'baseline', 'ratio', `target ≤${TARGET}×`];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)];
}

const timeRow = (name, a, b) => {
  const r = a / b;
  return [
    name,
    fmtMs(a),
    fmtMs(b),
    Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a',
    Number.isFinite(r) ? (r <= TARGET ? 'PASS' : 'FAIL') : 'n/a',
  ];
};
const infoRow = (name, a, b, fmt) => {
  const r = a / b;
  return [name, fmt(a), fmt(b), Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a', '(info)'];
};

export async function runDocuments() {
  const started = Date.now();
  const work = mkdtempSync(path.join(os.tmpdir(), 'prx-bench-doc-'));
  const errors = [];
  try {
    const env = cleanEnv(work);
    // The services read these in this process too (linking, set-up), some at import time.
    for (const k of Object.keys(process.env)) if (k.startsWith('PRX_')) delete process.env[k];
    Object.assign(process.env, { PRX_CONFIG_DIR: env.PRX_CONFIG_DIR, PRX_LOG: env.PRX_LOG });
    const entry = await buildEntry();
    const lib = await import(pathToFileURL(entry).href);

    let report = null;
    let send = null;
    try {
      report = await measureReport(lib, entry, work, env);
    } catch (e) {
      errors.push(`USR01: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (report) {
      try {
        send = await measureSend(lib, entry, work, env, report.dbFile);
      } catch (e) {
        errors.push(`send: ${e instanceof Error ? e.message : String(e)}`);
      }
    }

    const rows = [];
    const notes = [];
    if (report?.project.length) {
      const pick = (xs, k) => median(xs.map((x) => x[k]));
      rows.push(
        timeRow(
          `USR01 ${USERS.toLocaleString('en')} users → PDF file (vs bare pdfkit)`,
          pick(report.project, 'ms'),
          pick(report.bare, 'ms'),
        ),
      );
      rows.push(infoRow('  peak RSS of the process', pick(report.project, 'maxRSS'), pick(report.bare, 'maxRSS'), fmtMB));
      const p = report.project[0];
      const b = report.bare[0];
      notes.push(
        `USR01: project ${p.pages} pages, ${fmtMB(p.bytes)}; bare ${b.pages} pages, ${fmtMB(b.bytes)}; ` +
          `RSS before drawing ${fmtMB(pick(report.project, 'rssBefore'))} vs ${fmtMB(pick(report.bare, 'rssBefore'))}; ` +
          `runs project ${report.project.map((x) => fmtMs(x.ms)).join(', ')} / bare ${report.bare.map((x) => fmtMs(x.ms)).join(', ')}`,
      );
    }
    if (send?.project.length) {
      const pick = (xs, k) => median(xs.map((x) => x[k]));
      rows.push(timeRow(`${SEND_MB} MB PDF: MIME build + upload (vs curl upload)`, pick(send.project, 'ms'), pick(send.curl, 'ms')));
      rows.push(infoRow('  upload alone (vs curl upload)', pick(send.project, 'uploadMs'), pick(send.curl, 'ms'), fmtMs));
      rows.push(infoRow('  peak RSS: node send vs curl', pick(send.project, 'maxRSS'), pick(send.curl, 'maxRSS'), fmtMB));
      notes.push(
        `send: PDF ${fmtMB(send.pdfBytes)}, .eml ${fmtMB(send.emlBytes)}; project build ${fmtMs(pick(send.project, 'buildMs'))} + upload ${fmtMs(pick(send.project, 'uploadMs'))} ` +
          `(+ ${fmtMs(pick(send.project, 'loadMs'))} loading @googleapis/gmail and nodemailer once, not counted); ` +
          `curl's own time_total ${fmtMs(pick(send.curl, 'curlTotalMs'))}; ` +
          `node RSS before the send ${fmtMB(pick(send.project, 'rssBefore'))}, peak after the build ${fmtMB(pick(send.project, 'maxRSSAfterBuild'))}, after the upload ${fmtMB(pick(send.project, 'maxRSS'))}`,
      );
    }
    const out = [
      `prextra-console bench — documents: node ${process.version}, ${os.cpus().length} CPU; medians of ${RENDER_RUNS} renders / ${SEND_RUNS} sends, each in its own process`,
      ...(rows.length ? table(rows) : []),
      ...notes,
      ...errors.map((e) => `ERROR ${e}`),
      `(time: in the child, around the work only — database open and module loading left out; curl: spawn to exit; total ${((Date.now() - started) / 1000).toFixed(0)} s)`,
    ];
    process.stdout.write(out.join('\n') + '\n');
  } catch (e) {
    process.stdout.write(`prextra-console bench — documents: ERROR ${e instanceof Error ? e.message : String(e)}\n`);
  } finally {
    if (process.env.BENCH_KEEP) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

// bench/run.mjs imports this module (a hoisted import, so it is evaluated before run.mjs's
// own code): BENCH_ONLY=documents runs only this part and ends the process; no BENCH_ONLY
// runs it once run.mjs's table is out (the event loop is empty: 'beforeExit'). Run
// directly (node bench/documents.mjs), it just runs.
const only = process.env.BENCH_ONLY?.trim();
const direct = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (direct) {
  await runDocuments();
} else if (only === 'documents') {
  await runDocuments();
  process.exit(0);
} else if (!only) {
  let ran = false;
  process.on('beforeExit', () => {
    if (ran) return;
    ran = true;
    runDocuments().finally(() => process.exit(0));
  });
}
