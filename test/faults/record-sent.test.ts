// Once Gmail has answered with a message id, the mail is sent, whatever the database
// does next: a write lock held by another process for 6.5 s is waited for (and said), a
// failing audit row never touches the outbox row, and a plain retry never sends it again.
import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { googleTestDb } from '../helpers/googleTestDb.js';
import { describeProgress, retryMail, sendReport, type SendProgress } from '../../src/services/mail/index.js';
import { AppError } from '../../src/services/errors.js';
import type { Actor } from '../../src/services/rights.js';

const t = googleTestDb({ gmail: true });
const FAST = { attempts: 3, baseDelayMs: 5, maxBackoffMs: 20, stallMs: 20_000 };

async function linked(code: string): Promise<Actor> {
  const me = await t.actor(code);
  await t.link(me);
  return me;
}

/** Another process holding SQLite's write lock on the test database for `ms` once asked. */
function locker(file: string, ms: number) {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [
      '-e',
      `const sqlite3 = require('sqlite3');
       const db = new sqlite3.Database(process.argv[1]);
       process.stdin.once('data', () => db.exec('BEGIN EXCLUSIVE', (e) => {
         if (e) { console.log('error ' + e.code); process.exit(1); }
         console.log('locked');
         setTimeout(() => db.exec('COMMIT', () => { console.log('released'); db.close(); }), ${ms});
       }));`,
      file,
    ],
    { cwd: process.cwd() },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const said = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => (out.includes(word) ? resolve() : out.includes('error') ? reject(new Error(out)) : setTimeout(check, 5));
      check();
    });
  return {
    async lock() {
      child.stdin.write('go\n');
      await said('locked');
    },
    released: () => said('released'),
    stop: () => child.kill(),
  };
}

describe('recording sent', () => {
  it('a write lock held by another process when Gmail answers: waited for and said, then sent; a retry never sends it again', async () => {
    const me = await linked('jtremblay');
    const lock = locker(t.file, 6500);
    try {
      // The lock is taken while Google holds its answer: the send meets it on "sent".
      t.sim.setAnswerGate(() => lock.lock());
      const progress: SendProgress[] = [];
      const r = await sendReport(t.db, me, {
        google: t.google,
        code: 'USR01',
        to: ['x@example.com'],
        tuning: FAST,
        onProgress: (p) => progress.push(p),
      });
      await lock.released();
      expect(r.recorded).toBe(true);
      expect(t.sim.received()).toHaveLength(1);
      expect(await t.db('outbox').where({ id: r.outboxId }).first()).toMatchObject({ status: 'sent', gmail_message_id: r.gmailId });
      const waits = progress.filter((p) => p.phase === 'record');
      expect(waits.length).toBeGreaterThan(0);
      expect(describeProgress(waits[0]!, 'fr')).toMatch(
        new RegExp(
          `^Gmail a reçu le courriel \\(message ${r.gmailId}\\), mais la base de données est occupée par un autre programme : nouvel essai d’enregistrement dans \\d+ s\\.$`,
        ),
      );
      const again = await retryMail(t.db, me, r.outboxId, { google: t.google, tuning: FAST }).catch((e: unknown) => e);
      expect((again as AppError).key).toBe('outbox.alreadySent');
      expect(t.sim.received()).toHaveLength(1);
    } finally {
      lock.stop();
    }
  }, 60_000);

  it('a failing audit row (Trace automatique) never touches the outbox row: sent, and a retry refuses', async () => {
    const marc = await linked('mgagnon'); // Trace automatique in the demo data
    await t.db.schema.renameTable('audit_log', 'audit_log_gone');
    const r = await sendReport(t.db, marc, { google: t.google, code: 'CIE01', to: ['x@example.com'], tuning: FAST });
    expect(await t.db('outbox').where({ id: r.outboxId }).first()).toMatchObject({ status: 'sent', gmail_message_id: r.gmailId });
    const again = await retryMail(t.db, marc, r.outboxId, { google: t.google, tuning: FAST }).catch((e: unknown) => e);
    expect((again as AppError).key).toBe('outbox.alreadySent');
    expect(t.sim.received()).toHaveLength(1);
  });
});
