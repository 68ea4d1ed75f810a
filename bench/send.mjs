// Send (helper "mail"): a 20 MB PDF sent. The project's path in a child process —
// MailComposer builds the .eml (buildMessageFile), then uploadMessage sends it with the
// Gmail client and the linked account's token to the Google simulator's media upload
// endpoint — vs curl posting that same .eml to the same endpoint with the same Bearer token.
// The account is linked through the real OAuth flow against the simulator (consent page,
// Allow, loopback redirect). bench/fixtures/sendEntry.ts is bundled into .bench/send/.
//
// Peak RSS is VmHWM of the child (see maxRss() in fixtures/benchDb.ts); curl's comes from
// getrusage(RUSAGE_CHILDREN) of a small python3 parent that also times it.
//
// Knobs: BENCH_SEND_RUNS (5 sends each), BENCH_SEND_MB (20), BENCH_DEBUG=1.
import { rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeBigPdf } from './fixtures/bigPdf.mjs';
import { bundle, cleanEnv, runJson } from './lib/env.mjs';
import { MB, fmtMB, fmtMs, median } from './lib/results.mjs';

const RUNS = Number(process.env.BENCH_SEND_RUNS ?? 5);
const SEND_MB = Number(process.env.BENCH_SEND_MB ?? 20);

export const title = `send: ${RUNS} sends each after a warm-up, each in its own process, node ${process.version}, ${os.cpus().length} CPU`;

const CURL_TIMER = String.raw`
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
  const { sendEntry: entry } = await bundle('send', { sendEntry: 'bench/fixtures/sendEntry.ts' });
  const lib = await import(pathToFileURL(entry).href);
  const dbFile = path.join(work, 'send.sqlite');
  await lib.setupDb(dbFile, 0);

  const sim = await lib.startGoogleSimulator({ dataDir: work });
  const res = { project: [], curl: [] };
  let pdfBytes;
  try {
    log('send: linking the administrator’s Gmail to the simulator (OAuth consent, loopback) …');
    const token = await lib.linkActor(dbFile, sim, work);
    const pdf = path.join(work, 'big.pdf');
    writeBigPdf(pdf, SEND_MB * MB);
    pdfBytes = statSync(pdf).size;
    const timer = path.join(work, 'curltimer.py');
    writeFileSync(timer, CURL_TIMER);
    const childEnv = { ...env, ...lib.simEnv(sim), PATH: env.PATH };
    const url = `${sim.gmailApiUrl}upload/gmail/v1/users/me/messages/send?uploadType=media`;
    // curl posts the very bytes the project just sent, with the same token, so the two
    // run in a fixed order (the project first), unlike the other areas.
    for (let run = 0; run <= RUNS; run++) {
      log(`  send run ${run}/${RUNS}${run === 0 ? ' (warm-up)' : ''} …`);
      const before = sim.received().length;
      const p = await runJson(process.execPath, [entry, 'send', dbFile, pdf], childEnv);
      try {
        const got = sim.received().slice(before);
        if (got.length !== 1 || got[0].raw.length !== p.emlBytes)
          throw new Error(`the simulator did not store the project's message (${got.length} received)`);
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
            `@${got[0].file}`,
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
          log(`    project ${JSON.stringify(p)}\n    curl ${JSON.stringify({ ms: c.ms, maxRSS: c.maxRSS, out: c.out.trim() })}`);
        if (run > 0) {
          res.project.push(p);
          res.curl.push({ ...c, curlTotalMs: Number(seconds) * 1000 });
        }
      } finally {
        for (const m of sim.received().slice(before)) rmSync(m.file, { force: true });
      }
    }
  } finally {
    await sim.close();
  }

  const pick = (xs, k) => xs.map((x) => x[k]);
  section.metric({
    name: `${SEND_MB} MB PDF: MIME build + upload`,
    product: pick(res.project, 'ms'),
    baselines: [{ name: 'curl upload', values: pick(res.curl, 'ms'), target: 1.3 }],
  });
  section.metric({
    name: '  upload alone',
    product: pick(res.project, 'uploadMs'),
    baselines: [{ name: 'curl upload', values: pick(res.curl, 'ms') }],
  });
  section.metric({
    name: '  peak RSS',
    unit: 'bytes',
    product: pick(res.project, 'maxRSS'),
    baselines: [{ name: 'curl', values: pick(res.curl, 'maxRSS') }],
  });
  const m = (k) => median(pick(res.project, k));
  section.note(
    `send: PDF ${fmtMB(pdfBytes)}, .eml ${fmtMB(res.project[0]?.emlBytes)}; project build ${fmtMs(m('buildMs'))} + upload ${fmtMs(m('uploadMs'))} ` +
      `(+ ${fmtMs(m('loadMs'))} loading nodemailer once, not counted); ` +
      `curl's own time_total ${fmtMs(median(pick(res.curl, 'curlTotalMs')))}; ` +
      `node RSS before the send ${fmtMB(m('rssBefore'))}, peak after the upload ${fmtMB(m('maxRSS'))}`,
  );
  section.note('(time: in the child, around the work only — database open and module loading left out; curl: spawn to exit)');
}
