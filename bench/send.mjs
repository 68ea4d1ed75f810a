// Send (helper "mail"): a 20 MB PDF mailed, whole process vs whole process.
//
// - product: a process doing sendReport's whole path after rendering (bench/fixtures/
//   sendProduct.ts, bundled into .bench/send/ like the console): open the database, record
//   and claim the mail, check the attachment, plan the MIME message, stream it to the
//   Google simulator (resumable upload, 8 MB chunks), record it sent;
// - baseline: curl posting the prebuilt message (the very bytes the simulator received
//   from the product) to the same upload endpoint with the same Bearer token;
// - floors: bare node starting and exiting; bare node posting that prebuilt file
//   (fixtures/floorUpload.mjs).
// Each is timed from spawn to exit by one small python3 parent, which also reads the peak
// RSS of its child (getrusage RUSAGE_CHILDREN): the same clock and the same meter for all.
// The account is linked through the real OAuth flow against the simulator.
//
// Targets (issue 12): time ≤ 1.3× curl; peak RSS ≤ curl's + 40 MB (the "curl + 40 MB"
// line, target ≤ 1×).
//
// Knobs: BENCH_SEND_RUNS (5 sends each), BENCH_SEND_MB (20), BENCH_DEBUG=1.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeBigPdf } from './fixtures/bigPdf.mjs';
import { MAIL_COMPOSER, bundleOptions, mimeInItsOwnFile } from '../scripts/bundle-options.mjs';
import { ROOT, bundle, cleanEnv, runJson } from './lib/env.mjs';
import { MB, fmtMB, fmtMs, median } from './lib/results.mjs';

const RUNS = Number(process.env.BENCH_SEND_RUNS ?? 5);
const SEND_MB = Number(process.env.BENCH_SEND_MB ?? 20);

export const title = `send: ${RUNS} runs each after a warm-up, each in its own process, spawn to exit, node ${process.version}, ${os.cpus().length} CPU`;

/** Runs argv[1:] and prints {ms, rc, out, err, maxRSS} of that child as JSON. */
const TIMER = String.raw`
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], capture_output=True)
ms = (time.perf_counter() - t) * 1000
print(json.dumps({'ms': ms, 'rc': p.returncode, 'out': p.stdout.decode('utf-8', 'replace')[-2000:],
                  'err': p.stderr.decode('utf-8', 'replace')[-2000:],
                  'maxRSS': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024}))
`;

export async function run({ section, work, log }) {
  const env = cleanEnv({ PRX_CONFIG_DIR: path.join(work, 'config'), PRX_LOG: path.join(work, 'services.log') });
  // The services read these in this process too (linking, set-up), some at import time.
  for (const k of Object.keys(process.env)) if (k.startsWith('PRX_')) delete process.env[k];
  Object.assign(process.env, { PRX_CONFIG_DIR: env.PRX_CONFIG_DIR, PRX_LOG: env.PRX_LOG });
  // nodemailer's MailComposer in a file of its own beside the product, as dist/mime.js.
  const { sendEntry: entry, sendProduct: product } = await bundle(
    'send',
    { sendEntry: 'bench/fixtures/sendEntry.ts', sendProduct: 'bench/fixtures/sendProduct.ts', mime: MAIL_COMPOSER },
    { plugins: [...bundleOptions.plugins, mimeInItsOwnFile] },
  );
  const lib = await import(pathToFileURL(entry).href);
  const dbFile = path.join(work, 'send.sqlite');
  await lib.setupDb(dbFile, 0);

  const sim = await lib.startGoogleSimulator({ dataDir: work });
  const res = { product: [], curl: [], nodeUpload: [], nodeStart: [] };
  let pdfBytes;
  let messageBytes;
  try {
    log('send: linking the administrator’s Gmail to the simulator (OAuth consent, loopback) …');
    const token = await lib.linkActor(dbFile, sim, work);
    const pdf = path.join(work, 'big.pdf');
    writeBigPdf(pdf, SEND_MB * MB);
    pdfBytes = statSync(pdf).size;
    // What the renderer computes while it writes the PDF.
    const sha256 = createHash('sha256').update(readFileSync(pdf)).digest('hex');
    const timer = path.join(work, 'timer.py');
    writeFileSync(timer, TIMER);
    const childEnv = { ...env, ...lib.simEnv(sim), PATH: env.PATH };
    const url = `${sim.gmailApiUrl}upload/gmail/v1/users/me/messages/send?uploadType=media`;
    const timed = async (argv, what) => {
      const r = await runJson('python3', [timer, ...argv], childEnv);
      if (r.rc !== 0) throw new Error(`${what}: rc ${r.rc}: ${r.err || r.out}`);
      return { ...r, result: JSON.parse(r.out.trim().split('\n').pop() || 'null') };
    };
    const received = (before, what) => {
      const got = sim.received().slice(before);
      if (got.length !== 1 || got[0].raw.length !== messageBytes) throw new Error(`the simulator did not store ${what}'s message`);
      return got[0];
    };
    for (let run = 0; run <= RUNS; run++) {
      log(`  send run ${run}/${RUNS}${run === 0 ? ' (warm-up)' : ''} …`);
      const before = sim.received().length;
      // The product first: curl and the node floor post the very bytes it sent.
      const p = await timed([process.execPath, product, dbFile, pdf, sha256], 'product');
      messageBytes = p.result.messageBytes;
      const eml = received(before, 'the product').file;
      const others = {
        curl: () =>
          timed(
            [
              'curl',
              '-sS',
              '-o',
              '/dev/null',
              '-X',
              'POST',
              '-H',
              `Authorization: Bearer ${token}`,
              '-H',
              'Content-Type: message/rfc822',
              '--data-binary',
              `@${eml}`,
              '-w',
              '%{http_code}',
              url,
            ],
            'curl',
          ),
        nodeUpload: () => timed([process.execPath, path.join(ROOT, 'bench/fixtures/floorUpload.mjs'), url, token, eml], 'node upload'),
        nodeStart: () => timed([process.execPath, '-e', '0'], 'node start'),
      };
      const got = {};
      for (const name of run % 2 ? Object.keys(others).reverse() : Object.keys(others)) {
        const n = sim.received().length;
        got[name] = await others[name]();
        if (name !== 'nodeStart') received(n, name);
      }
      if (process.env.BENCH_DEBUG) {
        const steps = Object.entries(p.result.steps ?? {}).map(([k, v]) => `${k} ${Math.round(v)}`);
        log(
          `    product ${Math.round(p.ms)} ms (${steps.join(', ')}), curl ${Math.round(got.curl.ms)} ms, node ${Math.round(got.nodeUpload.ms)} ms`,
        );
      }
      if (run > 0) {
        res.product.push(p);
        for (const k of Object.keys(others)) res[k].push(got[k]);
      }
      for (const m of sim.received().slice(before)) rmSync(m.file, { force: true });
    }
  } finally {
    await sim.close();
  }

  const pick = (xs, k = 'ms') => xs.map((x) => x[k]);
  section.metric({
    name: `${SEND_MB} MB PDF mailed (whole process)`,
    product: pick(res.product),
    baselines: [{ name: 'curl upload of the message', values: pick(res.curl), target: 1.3 }],
    floors: [
      { name: 'node upload of the message', values: pick(res.nodeUpload) },
      { name: 'node start and exit', values: pick(res.nodeStart) },
    ],
  });
  section.metric({
    name: 'peak RSS',
    unit: 'bytes',
    product: pick(res.product, 'maxRSS'),
    baselines: [
      { name: 'curl + 40 MB', values: pick(res.curl, 'maxRSS').map((b) => b + 40 * MB), target: 1 },
      { name: 'curl', values: pick(res.curl, 'maxRSS') },
    ],
    floors: [
      { name: 'node upload of the message', values: pick(res.nodeUpload, 'maxRSS') },
      { name: 'node start and exit', values: pick(res.nodeStart, 'maxRSS') },
    ],
  });
  section.note(
    `send: PDF ${fmtMB(pdfBytes)}, message ${fmtMB(messageBytes)} (resumable upload); ` +
      `medians: product ${fmtMs(median(pick(res.product)))}, curl ${fmtMs(median(pick(res.curl)))}, ` +
      `bare node upload ${fmtMs(median(pick(res.nodeUpload)))}, bare node start ${fmtMs(median(pick(res.nodeStart)))}`,
  );
}
