// The original's rule, enforced by the service (so the CLI obeys it too): a user mails
// through Gmail only when their Types de courriels is Gmail.
import { describe, expect, it } from 'vitest';
import { googleTestDb } from '../helpers/googleTestDb.js';
import { runCli } from '../helpers/cli.js';
import { simEnv } from '../helpers/google.js';
import { retryMail, sendReport } from '../../src/services/mail/index.js';
import { AppError } from '../../src/services/errors.js';
import { errorMessage } from '../../src/services/i18n/index.js';

const FAST = { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 10_000 };
const t = googleTestDb({ linked: true, ownTmp: true });
const setMailType = (type: string) => t.db('user_preferences').where({ user_id: t.me.id }).update({ mail_type: type });

describe('Types de courriels must be Gmail to mail through Gmail', () => {
  it('sendReport refuses with the sentence that says where to change it; nothing recorded, nothing sent', async () => {
    // The demo's users start with Types de courriels = Aucun, a linked Gmail notwithstanding.
    const e = await sendReport(t.db, t.me, { google: t.google, code: 'CIE01', to: ['a@example.com'], tuning: FAST }).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).key).toBe('mail.notGmail');
    expect(errorMessage(e, 'fr')).toContain('Options-Utilisateurs › Maintenance › Préférences');
    expect(errorMessage(e, 'en')).toContain('User options › Maintenance › Preferences');
    expect(t.sim.received()).toHaveLength(0);
    expect(await t.db('outbox').count({ n: '*' }).first()).toEqual({ n: 0 });

    await setMailType('gmail');
    await sendReport(t.db, t.me, { google: t.google, code: 'CIE01', to: ['a@example.com'], tuning: FAST });
    expect(t.sim.received()).toHaveLength(1);
  });

  it('report send (CLI) refuses the same way, exit code 1', async () => {
    const r = await runCli(t, 'jtremblay', ['report', 'send', 'CIE01', '--to', 'a@example.com'], simEnv(t.sim));
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('Vos Types de courriels ne sont pas à Gmail');
    expect(t.sim.received()).toHaveLength(0);
  });

  it('a retry is refused too, and the mail stays failed (retryable once Gmail is chosen)', async () => {
    await setMailType('gmail');
    t.sim.setFault('gmail', { status: 400, count: 1 });
    const first = await sendReport(t.db, t.me, { google: t.google, code: 'CIE01', to: ['a@example.com'], tuning: FAST }).then(
      () => null,
      (x: unknown) => x as { outboxId: number },
    );
    const id = first!.outboxId;
    await setMailType('aucun');
    await expect(retryMail(t.db, t.me, id, { google: t.google, tuning: FAST })).rejects.toMatchObject({ key: 'mail.notGmail' });
    expect(await t.db('outbox').where({ id }).first('status')).toEqual({ status: 'failed' });
    await setMailType('gmail');
    await retryMail(t.db, t.me, id, { google: t.google, tuning: FAST });
    expect(t.sim.received()).toHaveLength(1);
  });
});
