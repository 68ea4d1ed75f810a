// The original's rule, enforced by the service (so the CLI obeys it too): a user mails
// through Gmail only when their Types de courriels is Gmail.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTestDb, type TestDb } from '../helpers/db.js';
import { runCli } from '../helpers/cli.js';
import { approveConsent, openRedirect, simEnv, simGoogle, stopSandboxSimulators } from '../helpers/google.js';
import { startGoogleSimulator, type GoogleSimulator } from '../../src/sandbox/googleSimulator.js';
import { startLink } from '../../src/services/gmail/index.js';
import { retryMail, sendReport } from '../../src/services/mail/index.js';
import { AppError } from '../../src/services/errors.js';
import { errorMessage } from '../../src/services/i18n/index.js';
import type { Actor } from '../../src/services/rights.js';
import type { Google } from '../../src/services/gmail/googleClient.js';

let google: Google;

const FAST = { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 10_000 };
let t: TestDb;
let sim: GoogleSimulator;
let me: Actor;
const sharedTmp = os.tmpdir();
const setMailType = (type: string) => t.db('user_preferences').where({ user_id: me.id }).update({ mail_type: type });

beforeEach(async () => {
  t = await makeTestDb();
  process.env.TMPDIR = mkdtempSync(path.join(sharedTmp, 'prx-mailtmp-'));
  sim = await startGoogleSimulator({ dataDir: t.dir });
  google = simGoogle(sim, t.dir);
  me = await t.actor('jtremblay');
  const a = await startLink(t.db, me, { google });
  expect((await openRedirect(await approveConsent(a.url))).status).toBe(200);
  await a.result;
});
afterEach(async () => {
  rmSync(os.tmpdir(), { recursive: true, force: true });
  process.env.TMPDIR = sharedTmp;
  await sim.close();
  await stopSandboxSimulators();
  await t.close();
});

describe('Types de courriels must be Gmail to mail through Gmail', () => {
  it('sendReport refuses with the sentence that says where to change it; nothing recorded, nothing sent', async () => {
    // The demo's users start with Types de courriels = Aucun, a linked Gmail notwithstanding.
    const e = await sendReport(t.db, me, { google, code: 'CIE01', to: ['a@example.com'], tuning: FAST }).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).key).toBe('mail.notGmail');
    expect(errorMessage(e, 'fr')).toContain('Options-Utilisateurs › Maintenance › Préférences');
    expect(errorMessage(e, 'en')).toContain('User options › Maintenance › Preferences');
    expect(sim.received()).toHaveLength(0);
    expect(await t.db('outbox').count({ n: '*' }).first()).toEqual({ n: 0 });

    await setMailType('gmail');
    await sendReport(t.db, me, { google, code: 'CIE01', to: ['a@example.com'], tuning: FAST });
    expect(sim.received()).toHaveLength(1);
  });

  it('report send (CLI) refuses the same way, exit code 1', async () => {
    const r = await runCli(t, 'jtremblay', ['report', 'send', 'CIE01', '--to', 'a@example.com'], simEnv(sim));
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('Vos Types de courriels ne sont pas à Gmail');
    expect(sim.received()).toHaveLength(0);
  });

  it('a retry is refused too, and the mail stays failed (retryable once Gmail is chosen)', async () => {
    await setMailType('gmail');
    sim.setFault('gmail', { status: 400, count: 1 });
    const first = await sendReport(t.db, me, { google, code: 'CIE01', to: ['a@example.com'], tuning: FAST }).then(
      () => null,
      (x: unknown) => x as { outboxId: number },
    );
    const id = first!.outboxId;
    await setMailType('aucun');
    await expect(retryMail(t.db, me, id, { google, tuning: FAST })).rejects.toMatchObject({ key: 'mail.notGmail' });
    expect(await t.db('outbox').where({ id }).first('status')).toEqual({ status: 'failed' });
    await setMailType('gmail');
    await retryMail(t.db, me, id, { google, tuning: FAST });
    expect(sim.received()).toHaveLength(1);
  });
});
