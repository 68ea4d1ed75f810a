// Rows whose sender is gone are settled by whoever looks next: queued → failed (nothing
// left for Google), sending → uncertain, or what its resumable upload session says; rows
// of a live sender (this host: its pid and start time; another host: its heartbeat) are
// left alone. Login alerts count what waits for more than a minute.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { googleTestDb } from '../helpers/googleTestDb.js';
import { readTokens } from '../../src/services/gmail/tokenStore.js';
import { listOutbox, retryMail } from '../../src/services/mail/index.js';
import { pendingAlerts } from '../../src/services/alerts.js';
import { AppError } from '../../src/services/errors.js';
import { formatMessage } from '../../src/services/i18n/index.js';

const t = googleTestDb({ gmail: true });

/**
 * jtremblay linked, a message, and Gmail's resumable upload as a sender that died used it:
 * `open` starts a session for the message, `put` sends bytes [from, to) of it.
 */
async function resumableUploads() {
  await t.link();
  const token = (await readTokens(t.db, t.me.id))!.accessToken!;
  const raw = Buffer.from('From: a@example.com\r\nTo: dest@example.com\r\nSubject: reprise\r\n\r\nBonjour\r\n'.repeat(20));
  const open = async () => {
    const res = await fetch(`${t.sim.gmailApiUrl}upload/gmail/v1/users/me/messages/send?uploadType=resumable`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'x-upload-content-type': 'message/rfc822',
        'x-upload-content-length': String(raw.length),
      },
      body: '{}',
    });
    return res.headers.get('location')!;
  };
  const put = (url: string, from: number, to: number) =>
    fetch(url, { method: 'PUT', headers: { 'content-range': `bytes ${from}-${to - 1}/${raw.length}` }, body: raw.subarray(from, to) });
  return { raw, open, put };
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
/** The pid of a process that has ended. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

async function row(status: string, claim: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<number> {
  const [r] = await t
    .db('outbox')
    .insert({
      user_id: t.me.id,
      to_addresses: 'dest@example.com',
      cc_addresses: '',
      subject: `${status} ${JSON.stringify(claim).length}`,
      body: 'Bonjour',
      report_code: 'USR01',
      company_code: 'MTL',
      attachment_name: 'USR01.pdf',
      attachment_size: 1000,
      attachment_sha256: 'ab'.repeat(32),
      status,
      attempts: status === 'sending' ? 1 : 0,
      created_at: ago(120_000),
      updated_at: ago(120_000),
      claim: 'tok-' + Math.random().toString(36).slice(2),
      claim_host: (await import('node:os')).hostname(),
      claim_process_start: ago(600_000),
      claim_beat_at: ago(120_000),
      ...claim,
      ...extra,
    })
    .returning('id');
  return typeof r === 'object' ? Number((r as { id: number }).id) : Number(r);
}

const status = async (id: number) =>
  (await t.db('outbox').where({ id }).first('status', 'last_error', 'gmail_message_id')) as Record<string, unknown>;

describe('claims of dead senders are settled by the next reader', () => {
  it('queued → failed and sending → uncertain when the pid is gone; a live sender (this host, another host) is left alone', async () => {
    const sleeper = spawn('sleep', ['30']);
    const sleeperStart = new Date().toISOString();
    try {
      const deadQueued = await row('queued', { claim_pid: deadPid() });
      const deadSending = await row('sending', { claim_pid: deadPid() });
      const live = await row('sending', { claim_pid: sleeper.pid, claim_process_start: sleeperStart });
      // The pid is alive but belongs to a process started later than the claim: reused, so gone.
      const reused = await row('sending', { claim_pid: sleeper.pid, claim_process_start: ago(3_600_000) });
      const farFresh = await row('sending', { claim_host: 'autre-serveur', claim_pid: 1, claim_beat_at: ago(10_000) });
      const farStale = await row('sending', { claim_host: 'autre-serveur', claim_pid: 1, claim_beat_at: ago(300_000) });

      const list = await listOutbox(t.db, t.me);
      const by = new Map(list.map((e) => [e.id, e]));
      expect(by.get(deadQueued)).toMatchObject({ status: 'failed', retry: 'retry', errorKey: 'mail.interrupted' });
      expect(by.get(deadQueued)!.error).toMatch(/^L’envoi a été interrompu .* rien n’a été envoyé/);
      expect(by.get(deadSending)).toMatchObject({ status: 'uncertain', retry: 'force', errorKey: 'mail.uncertain' });
      expect(by.get(deadSending)!.error).toMatch(/le programme qui l’envoyait s’est arrêté pendant l’envoi/);
      expect(by.get(reused)!.status).toBe('uncertain');
      expect(by.get(farStale)!.status).toBe('uncertain');
      expect(by.get(live)).toMatchObject({ status: 'sending', retry: 'no' });
      expect(by.get(farFresh)).toMatchObject({ status: 'sending', retry: 'no' });
      // A retry of the live one is refused (it is being sent), at once, not "for 30 minutes".
      const busy = await retryMail(t.db, t.me, live, { google: t.google }).catch((e: unknown) => e);
      expect((busy as AppError).key).toBe('outbox.busy');
    } finally {
      sleeper.kill();
    }
  });

  it('a dead sender’s resumable upload: complete at Google → sent with its id; incomplete → failed (nothing delivered)', async () => {
    const { raw, open, put } = await resumableUploads();
    const complete = await open();
    expect((await put(complete, 0, raw.length)).status).toBe(200);
    const partial = await open();
    expect((await put(partial, 0, 100)).status).toBe(308);

    const done = await row('sending', { claim_pid: deadPid() }, { upload_session: complete, message_size: raw.length });
    const half = await row('sending', { claim_pid: deadPid() }, { upload_session: partial, message_size: raw.length });
    await listOutbox(t.db, t.me);
    expect(await status(done)).toMatchObject({ status: 'sent', gmail_message_id: t.sim.received()[0]!.id });
    expect(await status(half)).toMatchObject({ status: 'failed' });
    expect(t.sim.received()).toHaveLength(1);
  });
});

describe('an uncertain mail with an upload session', () => {
  it('retry asks the session first: completed → recorded sent and never sent again; incomplete → sent, no confirmation needed', async () => {
    const { raw, open, put } = await resumableUploads();
    const complete = await open();
    await put(complete, 0, raw.length);
    const partial = await open();
    await put(partial, 0, 100);
    const done = await row('uncertain', {}, { claim: null, upload_session: complete, message_size: raw.length });
    const half = await row('uncertain', {}, { claim: null, upload_session: partial, message_size: raw.length });

    const refused = await retryMail(t.db, t.me, done, { google: t.google }).catch((e: unknown) => e);
    expect((refused as AppError).key).toBe('outbox.alreadySent');
    expect(await status(done)).toMatchObject({ status: 'sent', gmail_message_id: t.sim.received()[0]!.id });
    expect(t.sim.received()).toHaveLength(1);

    const r = await retryMail(t.db, t.me, half, { google: t.google, tuning: { attempts: 2, baseDelayMs: 5 } });
    expect(await status(half)).toMatchObject({ status: 'sent', gmail_message_id: r.gmailId });
    expect(t.sim.received()).toHaveLength(2);
  });
});

describe('login alerts', () => {
  it('count failed mails, and uncertain, queued and sending ones older than a minute; a dead sender’s row as what it really is', async () => {
    const sleeper = spawn('sleep', ['30']);
    try {
      await row('failed', {}, { claim: null });
      await row('uncertain', {}, { claim: null });
      await row('uncertain', {}, { claim: null, created_at: new Date().toISOString() }); // a send of just now: not yet
      await row('sending', { claim_pid: sleeper.pid, claim_process_start: new Date().toISOString() });
      await row('queued', { claim_pid: sleeper.pid, claim_process_start: new Date().toISOString() });
      await row('sending', { claim_pid: deadPid() }); // its sender is gone: settled uncertain, counted as such
      const alerts = await pendingAlerts(t.db, t.me);
      expect(alerts.map((a) => formatMessage('fr', a.key, a.params))).toEqual([
        '1 courriel en échec : Journal des courriels, r pour réessayer.',
        '2 courriels à l’état incertain : vérifiez dans Gmail avant de renvoyer.',
        '2 courriels en attente d’envoi depuis plus d’une minute : voir le Journal des courriels.',
      ]);
    } finally {
      sleeper.kill();
    }
  });
});
