// `report send` killed (SIGKILL) at each of its SQL statements that matter, then a plain
// `outbox retry` (no --force): the outbox never says `sent` for a mail Google did not get,
// a delivered mail is never sent a second time, and nothing stays `queued` or `sending`
// with no one behind it.
//
// Statements before the outbox row is written leave nothing to check but "no row": one of
// them is tried (the last); every statement from the outbox row on is tried, plus a kill
// during the upload itself and the end of the run. Each kill is one process, run four at a
// time; the checks and the retry run in this process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openDb, type Db } from '../../src/services/db.js';
import { main } from '../../src/cli.js';
import { simEnv } from '../helpers/google.js';
import { TEST_COST } from '../helpers/cli.js';
import { linkedRig, statements, type Rig } from './harness.js';

let rig: Rig;
const SEND = (subject: string) => ['report', 'send', 'USR01', '--to', 'dest@example.com', '--subject', subject];

beforeAll(async () => {
  rig = await linkedRig();
}, 60_000);
afterAll(async () => rig?.close());

/** `prextra-console ARGS` in this process, on the copy in `dir`. */
async function cliHere(dir: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, {
    env: {
      ...TEST_COST,
      ...simEnv(rig.sim),
      PRX_DB: path.join(dir, 'db.sqlite'),
      PRX_CONFIG_DIR: path.join(rig.t.dir, 'config'),
      PRX_USER: 'jtremblay',
      PRX_PASSWORD: 'demo',
    },
    stdin: process.stdin,
    out: (s) => (out += s),
    err: (s) => (err += s),
  });
  return { code, out, err };
}

/** How many copies of the mail with this subject Google received. */
const delivered = (subject: string) => rig.sim.received().filter((m) => m.raw.includes(`Subject: ${subject}\r\n`)).length;

async function withDb<T>(dir: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(path.join(dir, 'db.sqlite'));
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

interface Outcome {
  readonly point: string;
  readonly before: { status: string | null; delivered: number };
  readonly after: { status: string | null; delivered: number };
  readonly retry: string;
}

/** The checks after a kill at `point`: the invariants, then a plain retry, then the invariants again. */
async function check(dir: string, subject: string, point: string): Promise<Outcome> {
  const row = () => withDb(dir, (db) => db('outbox').first('id', 'status', 'gmail_message_id'));
  // A new command settles what the dead one left (journal, claim) before reading.
  const listed = await cliHere(dir, ['outbox', 'list', '--json']);
  expect(listed.code, point).toBe(0);
  const r1 = await row();
  const before = { status: (r1?.status as string | undefined) ?? null, delivered: delivered(subject) };
  // Never `sent` for a mail Google does not have; never `failed` (plain retry) for one it has.
  if (before.status === 'sent') expect(before.delivered, point).toBe(1);
  if (before.delivered === 1) expect(['sent', 'uncertain'], point).toContain(before.status);
  // Nobody is behind a killed send any more.
  expect(['queued', 'sending'], point).not.toContain(before.status);
  let retry = 'none';
  if (r1) {
    const r = await cliHere(dir, ['outbox', 'retry', String(r1.id)]);
    retry = r.code === 0 ? 'sent' : (/: (.*)$/m.exec(r.err)?.[1]?.slice(0, 60) ?? r.err);
  }
  const r2 = await row();
  const after = { status: (r2?.status as string | undefined) ?? null, delivered: delivered(subject) };
  // A plain retry never sends a delivered mail again, and never makes `sent` up.
  expect(after.delivered, point).toBeLessThanOrEqual(1);
  if (before.delivered === 1) expect(after.delivered, point).toBe(1);
  if (after.status === 'sent') expect(after.delivered, point).toBe(1);
  if (after.delivered === 0) expect(after.status, point).not.toBe('sent');
  return { point, before, after, retry };
}

/** Runs `tasks` `n` at a time. */
async function pool<T>(tasks: Array<() => Promise<T>>, n: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

describe('report send killed at every statement that matters', () => {
  it('never sent-without-delivery, never a duplicate after a plain retry, nothing left sending', async () => {
    const dry = rig.copy('dry');
    const log = path.join(dry, 'sql.log');
    const run = await rig.cli(dry, SEND('dry run'), { log });
    expect(run.code, run.err).toBe(0);
    const sql = statements(log);
    const firstWrite = sql.findIndex((s) => /^insert into `outbox`/.test(s));
    expect(firstWrite).toBeGreaterThan(0);
    // 1-based statement numbers: the last one before the row, then every one from the row on.
    const points = Array.from({ length: sql.length - firstWrite + 1 }, (_, i) => firstWrite + i);

    const outcomes = await pool(
      [
        ...points.map((at) => async () => {
          const dir = rig.copy(`kill-${at}`);
          const subject = `kill ${at}`;
          const r = await rig.cli(dir, SEND(subject), { at, action: 'kill' });
          expect(r.signal, `statement ${at}: ${sql[at - 1]}`).toBe('SIGKILL');
          return check(dir, subject, `before statement ${at}: ${sql[at - 1]!.slice(0, 60)}`);
        }),
        // During the upload itself: Google holds its answer, the sender is killed meanwhile.
        async () => {
          const dir = rig.copy('kill-upload');
          const subject = 'kill during upload';
          const child = rig.spawn(dir, SEND(subject));
          // Google stored the mail; its answer waits until the sender is dead.
          rig.sim.setAnswerGate(async (raw) => {
            if (raw.includes(`Subject: ${subject}\r\n`)) process.kill(child.pid, 'SIGKILL');
          });
          const r = await child.done;
          rig.sim.setAnswerGate(null);
          expect(r.signal).toBe('SIGKILL');
          return check(dir, subject, 'during the upload');
        },
      ],
      4,
    );
    // What each kill left, for whoever reads a failure.
    for (const o of outcomes) console.log(JSON.stringify(o));
    // The kill after Gmail answered but before the row said so: the journal made it `sent`.
    const beforeMarkSent = outcomes.find((o) =>
      /^before statement \d+: update `outbox` set `status` = \?, `gmail_message_id`/.test(o.point),
    );
    expect(beforeMarkSent?.before).toEqual({ status: 'sent', delivered: 1 });
    // A kill before anything left for Google: failed, and the plain retry sent it once.
    expect(outcomes.some((o) => o.before.status === 'failed' && o.before.delivered === 0 && o.after.delivered === 1)).toBe(true);
  }, 240_000);
});
