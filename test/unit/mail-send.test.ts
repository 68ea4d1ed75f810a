import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { googleTestDb } from '../helpers/googleTestDb.js';
import { addressesOf, receivedMail } from '../helpers/mail.js';
import { rejection } from '../helpers/rejection.js';
import { waitFor } from '../helpers/google.js';
import { linkInfo } from '../../src/services/gmail/index.js';
import {
  composeBody,
  composeDefaults,
  listOutbox,
  MailSendError,
  retryMail,
  sendReport,
  validateRecipients,
  verifyAttachment,
  type SendProgress,
  type SendReportInput,
} from '../../src/services/mail/index.js';
import { AppError, ForbiddenError } from '../../src/services/errors.js';
import { errorMessage } from '../../src/services/i18n/index.js';
import { setConfig } from '../../src/services/config.js';
import { createUser, newUserDefaults } from '../../src/services/users/index.js';
import { todayIso } from '../../src/services/time.js';

const t = googleTestDb({ gmail: true, ownTmp: true });
const EMAIL = 'jtremblay@mtl.example.com';
const FAST = { attempts: 3, baseDelayMs: 5, maxBackoffMs: 50, stallMs: 10_000 };

const link = (actor = t.me) => t.link(actor);

const send = (extra: Partial<SendReportInput> = {}) =>
  sendReport(t.db, t.me, { google: t.google, code: 'USR01', to: ['destinataire@example.com'], tuning: FAST, ...extra });

const failure = (p: Promise<unknown>) => rejection<AppError>(p, AppError);

const parsed = (index = 0) => receivedMail(t.sim, index);

async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  let text = '';
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    text += content.items.map((i) => ('str' in i ? i.str : '')).join(' ') + '\n';
  }
  return text;
}

/** Temp files this process left behind (the PDF and the .eml must be removed every time). */
function leftovers(): string[] {
  return readdirSync(os.tmpdir()).filter((f) => /^prextra-(USR01|CIE01|mail)-[0-9a-f-]{36}\.(pdf|eml)$/.test(f));
}

async function outboxRow(id: number) {
  return t.db('outbox').where({ id }).first();
}

describe('sendReport: the report goes out as a real PDF from the linked Gmail', () => {
  it('sends USR01 through the media upload endpoint; From, To, Cc, accented subject and file name, live data in the PDF', async () => {
    await createUser(t.db, null, {
      ...newUserDefaults('MTL'),
      code: 'ecote',
      name: 'Éloïse Côté-Bélanger',
      email: 'ecote@mtl.example.com',
    });
    await link();
    const before = leftovers();
    const phases: SendProgress[] = [];
    const r = await send({
      to: ['Destinataire@Example.com, autre@example.org'],
      cc: ['copie@example.com'],
      subject: 'Rapport « Liste des utilisateurs » — été, façade',
      message: 'Bonjour Hélène,\n\nVoici la liste à jour.',
      onProgress: (p) => phases.push(p),
    });

    // Exactly one mail, uploaded as message/rfc822 to the simulator (PRX_GMAIL_API_URL), not Google.
    expect(t.sim.received()).toHaveLength(1);
    const msg = t.sim.received()[0]!;
    expect(msg.uploadType).toBe('media');
    expect(msg.account).toBe(EMAIL);
    expect(r.gmailId).toBe(msg.id);
    expect(t.sim.calls('gmail')).toEqual([{ endpoint: 'gmail', method: 'POST', status: 200 }]);

    const mail = await parsed();
    expect(mail.from?.value).toEqual([{ name: 'Julie Tremblay', address: EMAIL }]);
    // (the domain is lower-cased by nodemailer; the local part is kept)
    expect(addressesOf(mail.to).map((v) => v.address)).toEqual(['Destinataire@example.com', 'autre@example.org']);
    expect(addressesOf(mail.cc).map((v) => v.address)).toEqual(['copie@example.com']);
    expect(mail.subject).toBe('Rapport « Liste des utilisateurs » — été, façade');
    // Headers are 7-bit on the wire: the accents travel as RFC 2047 encoded-words.
    const rawHead = msg.raw.subarray(0, msg.raw.indexOf('\r\n\r\n')).toString('latin1');
    expect(rawHead).toMatch(/^Subject: =\?UTF-8\?[QB]\?/m);
    expect(/[^\x00-\x7f]/.test(rawHead)).toBe(false);
    expect(mail.text).toContain('Bonjour Hélène,');

    expect(mail.attachments).toHaveLength(1);
    const att = mail.attachments[0]!;
    expect(att.contentType).toBe('application/pdf');
    expect(att.filename).toBe(`USR01-Liste des utilisateurs-${todayIso()}.pdf`);
    expect(att.content.subarray(0, 5).toString()).toBe('%PDF-');
    expect(r).toMatchObject({ attachmentName: att.filename, size: att.content.length, attempts: 1 });
    const text = await pdfText(att.content);
    expect(text).toContain('Éloïse Côté-Bélanger');
    expect(text).toContain('Liste des utilisateurs');

    // Recorded: sent, with the Gmail id, the attachment's size and hash.
    const row = await outboxRow(r.outboxId);
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 1,
      gmail_message_id: msg.id,
      to_addresses: 'Destinataire@Example.com, autre@example.org',
      cc_addresses: 'copie@example.com',
      report_code: 'USR01',
      company_code: 'MTL',
      attachment_name: att.filename,
      last_error: null,
    });
    expect(Number(row.attachment_size)).toBe(att.content.length);
    expect(row.attachment_sha256).toBe(createHash('sha256').update(att.content).digest('hex'));
    expect(row.sent_at).toBeTruthy();

    expect(phases.map((p) => p.phase).filter((p, i, a) => a[i - 1] !== p)).toEqual(['render', 'link', 'build', 'upload', 'done']);
    const lastUpload = phases.filter((p) => p.phase === 'upload').at(-1)!;
    expect(lastUpload.sent).toBe(lastUpload.total);
    expect(lastUpload.total).toBe(msg.raw.length);
    expect(leftovers()).toEqual(before);
  });

  it('prefills subject and message (report, company, Signature) and appends the signature once', async () => {
    await t.db('users').where({ id: t.me.id }).update({ signature: 'Julie Tremblay\nUsinage Montréal inc.' });
    const d = await composeDefaults(t.db, t.me, 'usr01');
    expect(d).toMatchObject({
      code: 'USR01',
      reportName: 'Liste des utilisateurs',
      company: 'MTL',
      companyName: 'Usinage Montréal inc.',
      subject: 'Liste des utilisateurs — Usinage Montréal inc.',
      signature: 'Julie Tremblay\nUsinage Montréal inc.',
      attachmentName: `USR01-Liste des utilisateurs-${todayIso()}.pdf`,
    });
    expect(d.message).toContain('« Liste des utilisateurs »');
    expect(composeBody(d.message, d.signature)).toBe(`${d.message}\n\n-- \nJulie Tremblay\nUsinage Montréal inc.\n`);
    // Already in the message (a screen that prefilled it): not twice.
    expect(composeBody(`${d.message}\n\n${d.signature}`, d.signature)).toBe(`${d.message}\n\n${d.signature}\n`);
    await expect(composeDefaults(t.db, t.me, 'USR02')).rejects.toBeInstanceOf(ForbiddenError);

    await link();
    await send();
    const mail = await parsed();
    expect(mail.subject).toBe('Liste des utilisateurs — Usinage Montréal inc.');
    expect(mail.text).toMatch(/Usinage Montréal inc\.\.?\n\n-- \nJulie Tremblay\nUsinage Montréal inc\.\n?$/);
  });

  it('refuses bad recipients before anything else, naming the address', async () => {
    expect(validateRecipients(['a@x.com; b@y.org', 'A@X.com'], ['b@y.org', 'c@z.ca'])).toEqual({
      to: ['a@x.com', 'b@y.org'],
      cc: ['c@z.ca'],
    });
    const bad = await failure(send({ to: ['bon@example.com', 'pas-une-adresse'] }));
    expect(bad.key).toBe('mail.badAddress');
    expect(bad).toMatchObject({ field: 'to', params: { address: 'pas-une-adresse' } });
    expect(errorMessage(bad, 'fr')).toBe('Adresse de courriel invalide : « pas-une-adresse ».');
    expect(await failure(send({ cc: ['x@@y'] }))).toMatchObject({ field: 'cc', params: { address: 'x@@y' } });
    expect((await failure(send({ to: [' , '] }))).key).toBe('mail.noRecipient');
    expect(await t.db('outbox').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('needs rapports.CODE › lecture (renderReport checks it): nothing recorded, nothing sent', async () => {
    await link();
    expect(await failure(send({ code: 'USR02' }))).toBeInstanceOf(ForbiddenError);
    expect(t.sim.received()).toHaveLength(0);
    expect(await t.db('outbox').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('without a link: refused with the sentence, nothing recorded or sent, no temp file left', async () => {
    const before = leftovers();
    const e = await failure(send());
    expect(e.key).toBe('mail.noLink');
    expect(errorMessage(e, 'fr')).toMatch(/Préférences ou avec « gmail connect »/);
    expect(t.sim.received()).toHaveLength(0);
    expect(await t.db('outbox').count({ n: '*' }).first()).toEqual({ n: 0 });
    expect(leftovers()).toEqual(before);
  });

  it('without a link but with ensureLink: waits for the link flow, then sends WITH its attachment', async () => {
    const order: string[] = [];
    const r = await send({
      onProgress: (p) => order.push(p.phase),
      ensureLink: async () => {
        order.push('ensureLink');
        expect(t.sim.received()).toHaveLength(0);
        await link();
      },
    });
    expect(order.filter((p, i, a) => a[i - 1] !== p)).toEqual(['render', 'link', 'ensureLink', 'build', 'upload', 'done']);
    expect(t.sim.received()).toHaveLength(1);
    const mail = await parsed();
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.contentType).toBe('application/pdf');
    expect((await outboxRow(r.outboxId)).status).toBe('sent');

    // A cancelled link flow: its sentence, nothing recorded, nothing sent.
    await t.db('mail_accounts').delete();
    const cancelled = await failure(
      send({
        ensureLink: async () => {
          throw new AppError('gmail.cancelled');
        },
      }),
    );
    expect(cancelled.key).toBe('gmail.cancelled');
    expect(t.sim.received()).toHaveLength(1);
    expect(await t.db('outbox').count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('records an audit row (action send) when the user has Trace automatique', async () => {
    await link();
    await send();
    expect(await t.db('audit_log').where({ entity: 'mail' })).toHaveLength(0);
    const marc = await t.actor('mgagnon'); // Trace automatique in the demo data
    await link(marc);
    const r = await sendReport(t.db, marc, { google: t.google, code: 'CIE01', to: ['x@example.com'], tuning: FAST });
    const rows = await t.db('audit_log').where({ entity: 'mail', action: 'send', entity_key: String(r.outboxId) });
    expect(rows.map((a) => [a.field, a.new_value])).toEqual([
      ['report', 'CIE01'],
      ['to', 'x@example.com'],
      ['status', 'sent'],
      ['gmail_message_id', r.gmailId],
    ]);
    expect(rows[0].actor_code).toBe('mgagnon');
  });
});

describe('sendReport: faults', () => {
  it('503 twice then success: retried with back-off, exactly one mail, attempts recorded', async () => {
    await link();
    t.sim.setFault('gmail', { status: 503, count: 2 });
    const r = await send();
    expect(t.sim.received()).toHaveLength(1);
    expect(t.sim.calls('gmail').map((c) => c.status)).toEqual([503, 503, 200]);
    expect(r.attempts).toBe(3);
    expect(await outboxRow(r.outboxId)).toMatchObject({ status: 'sent', attempts: 3, gmail_message_id: r.gmailId, last_error: null });
    expect((await parsed()).attachments).toHaveLength(1);
  });

  it('429 then success (Retry-After honoured)', async () => {
    await link();
    t.sim.setFault('gmail', { status: 429, count: 1, retryAfter: 0 });
    const r = await send();
    expect(t.sim.calls('gmail').map((c) => c.status)).toEqual([429, 200]);
    expect(t.sim.received()).toHaveLength(1);
    expect(await outboxRow(r.outboxId)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('503 every time: failed after the attempts, with the reason, nothing delivered; retry later works once', async () => {
    await link();
    t.sim.setFault('gmail', { status: 503 });
    const e = await failure(send());
    expect(e).toBeInstanceOf(MailSendError);
    expect(e.key).toBe('mail.gmailUnavailable');
    const id = (e as MailSendError).outboxId;
    expect((e as MailSendError).status).toBe('failed');
    expect(t.sim.received()).toHaveLength(0);
    expect(await outboxRow(id)).toMatchObject({ status: 'failed', attempts: 3 });
    const [entry] = await listOutbox(t.db, t.me);
    expect(entry).toMatchObject({ id, status: 'failed', retry: 'retry', errorKey: 'mail.gmailUnavailable', attempts: 3, gmailId: null });
    expect(entry!.error).toMatch(/HTTP 503/);

    t.sim.clearFaults();
    const r = await retryMail(t.db, t.me, id, { google: t.google, tuning: FAST });
    expect(r.outboxId).toBe(id);
    expect(t.sim.received()).toHaveLength(1);
    expect((await parsed()).attachments[0]!.contentType).toBe('application/pdf');
    expect(await outboxRow(id)).toMatchObject({ status: 'sent', attempts: 4, gmail_message_id: r.gmailId, last_error: null });
    // A sent mail is never sent again.
    const again = await failure(retryMail(t.db, t.me, id, { google: t.google, force: true }));
    expect(again.key).toBe('outbox.alreadySent');
    expect(t.sim.received()).toHaveLength(1);
  });

  it('invalid_grant on refresh: link needs_relink, mail failed with the reason, no mail; retry after relinking sends it', async () => {
    await link();
    t.sim.revokeAccountGrants(EMAIL);
    t.sim.expireAccessTokens();
    await t.db('mail_accounts').update({ access_token_expires_at: new Date(Date.now() - 1000).toISOString() });
    const e = await failure(send());
    expect(e).toBeInstanceOf(MailSendError);
    expect(e.key).toBe('gmail.needsRelink');
    expect((await linkInfo(t.db, t.me))!.status).toBe('needs_relink');
    const id = (e as MailSendError).outboxId;
    expect(await outboxRow(id)).toMatchObject({ status: 'failed', attempts: 0 });
    const [entry] = await listOutbox(t.db, t.me);
    expect(entry!.error).toMatch(/reconnectez-le/);
    expect(t.sim.received()).toHaveLength(0);

    // The mail waits: relinked, it goes out from the journal.
    await link();
    await retryMail(t.db, t.me, id, { google: t.google, tuning: FAST });
    expect(t.sim.received()).toHaveLength(1);
  });

  it('an attachment over MaxAttachmentMB is refused with the sizes, nothing sent, the row failed; one within it goes', async () => {
    await link();
    // MaxAttachmentMB counts in units of bytesPerMB: 1 KB units try the limit with the
    // demo's few-KB USR01 instead of a megabyte of users.
    await setConfig(t.db, null, 'MaxAttachmentMB', '1');
    const before = leftovers();
    const e = await failure(send({ bytesPerMB: 1024 }));
    expect(e).toBeInstanceOf(MailSendError);
    expect(e.key).toBe('mail.attachmentTooLarge');
    expect(errorMessage(e, 'fr')).toMatch(
      /^Le rapport fait \d+,\d Ko, au-delà de la limite des pièces jointes \(1,0 Ko, clé MaxAttachmentMB\)/,
    );
    expect(t.sim.calls('gmail')).toHaveLength(0);
    expect(t.sim.received()).toHaveLength(0);
    const refused = await outboxRow((e as MailSendError).outboxId);
    expect(refused).toMatchObject({ status: 'failed', attempts: 0 });
    expect(leftovers()).toEqual(before);

    // Around the report's own size (as recorded), with MaxAttachmentMB = 2 units: just
    // under it is refused, just over it goes.
    const size = Number(refused.attachment_size);
    expect(size).toBeGreaterThan(2048);
    await setConfig(t.db, null, 'MaxAttachmentMB', '2');
    const under = await failure(send({ bytesPerMB: Math.floor(size / 2) - 256 }));
    expect(under.key).toBe('mail.attachmentTooLarge');
    expect(t.sim.received()).toHaveLength(0);
    const r = await send({ bytesPerMB: Math.ceil(size / 2) + 256 });
    expect(Math.abs(r.size - size)).toBeLessThan(256);
    expect(t.sim.received()).toHaveLength(1);
    expect(await outboxRow(r.outboxId)).toMatchObject({ status: 'sent' });
  });

  it('a connection lost after the whole message was sent: uncertain, never resent by itself; retryMail needs force', async () => {
    await link();
    t.sim.setFault('gmail', { afterStore: true, drop: true, count: 1 });
    const e = await failure(send());
    expect(e).toBeInstanceOf(MailSendError);
    expect((e as MailSendError).status).toBe('uncertain');
    expect(e.key).toBe('mail.uncertain');
    const id = (e as MailSendError).outboxId;
    // Google got it once; no automatic second upload.
    expect(t.sim.received()).toHaveLength(1);
    expect(t.sim.calls('gmail')).toHaveLength(1);
    expect(await outboxRow(id)).toMatchObject({ status: 'uncertain', attempts: 1, gmail_message_id: null });
    expect((await listOutbox(t.db, t.me))[0]).toMatchObject({ status: 'uncertain', retry: 'force' });

    const refused = await failure(retryMail(t.db, t.me, id, { google: t.google, tuning: FAST }));
    expect(refused.key).toBe('outbox.uncertainNeedsForce');
    expect(errorMessage(refused, 'fr')).toMatch(/doublon/);
    expect(t.sim.received()).toHaveLength(1);
    expect((await outboxRow(id)).status).toBe('uncertain');

    const r = await retryMail(t.db, t.me, id, { google: t.google, force: true, tuning: FAST });
    expect(t.sim.received()).toHaveLength(2);
    expect(await outboxRow(id)).toMatchObject({ status: 'sent', attempts: 2, gmail_message_id: r.gmailId });
  });

  it('a 500 or a timeout after the upload are uncertain too; a 400 is failed with Google’s reason', async () => {
    await link();
    t.sim.setFault('gmail', { afterStore: true, status: 500, count: 1 });
    const e500 = await failure(send());
    expect((e500 as MailSendError).status).toBe('uncertain');
    expect(errorMessage(e500, 'fr')).toMatch(/HTTP 500/);

    t.sim.setFault('gmail', { afterStore: true, delayMs: 1500, status: 200, count: 1 });
    const slow = await failure(send({ tuning: { ...FAST, stallMs: 300 } }));
    expect((slow as MailSendError).status).toBe('uncertain');
    expect(errorMessage(slow, 'fr')).toMatch(/délai dépassé/);
    expect(t.sim.received()).toHaveLength(2);
    await waitFor(() => t.sim.calls('gmail').length === 2);

    t.sim.setFault('gmail', {
      status: 400,
      count: 1,
      body: { error: { code: 400, message: 'Invalid To header', status: 'INVALID_ARGUMENT' } },
    });
    const e400 = await failure(send());
    expect((e400 as MailSendError).status).toBe('failed');
    expect(errorMessage(e400, 'fr')).toBe('Gmail a refusé le courriel (HTTP 400 : Invalid To header). Rien n’a été envoyé.');
    expect(t.sim.calls('gmail')).toHaveLength(3);
  });

  it('an expired access token is refreshed before the upload; a 401 is answered by one refresh and one more attempt', async () => {
    await link();
    t.sim.expireAccessTokens();
    await t.db('mail_accounts').update({ access_token_expires_at: new Date(Date.now() - 1000).toISOString() });
    await send();
    expect(t.sim.calls('gmail').map((c) => c.status)).toEqual([200]);
    t.sim.expireAccessTokens(); // stored token still looks valid to us: Gmail answers 401
    const r = await send();
    expect(t.sim.calls('gmail').map((c) => c.status)).toEqual([200, 401, 200]);
    expect(r.attempts).toBe(2);
    expect(t.sim.received()).toHaveLength(2);
  });
});

describe('the outbox', () => {
  it('lists one’s own mails; everyone’s only with courriels.journal › lecture', async () => {
    await link();
    const r = await send({ cc: ['c@example.com'] });
    const mine = await listOutbox(t.db, t.me);
    expect(mine).toEqual([
      expect.objectContaining({
        id: r.outboxId,
        status: 'sent',
        to: ['destinataire@example.com'],
        cc: ['c@example.com'],
        subject: 'Liste des utilisateurs — Usinage Montréal inc.',
        report: 'USR01',
        attempts: 1,
        gmailId: r.gmailId,
        error: null,
        user: 'jtremblay',
        retry: 'no',
      }),
    ]);
    expect(mine[0]!.sentAt).toBeTruthy();
    expect(mine[0]!.createdAt).toBeTruthy();
    expect(await failure(listOutbox(t.db, t.me, { all: true }))).toBeInstanceOf(ForbiddenError);
    const admin = await t.actor('admin');
    expect(await listOutbox(t.db, admin)).toEqual([]);
    const all = await listOutbox(t.db, admin, { all: true });
    expect(all.map((m) => [m.id, m.user, m.retry])).toEqual([[r.outboxId, 'jtremblay', 'no']]);
    // Only the sender may resend, from their own Gmail.
    await t.db('outbox').update({ status: 'failed' });
    expect((await failure(retryMail(t.db, admin, r.outboxId, { google: t.google }))).key).toBe('outbox.notYours');
    expect((await failure(retryMail(t.db, t.me, 999, { google: t.google }))).key).toBe('errors.notFound');
  });

  it('verifyAttachment refuses an empty file, a non-PDF and a file that changed after rendering', async () => {
    const f = path.join(t.dir, 'a.pdf');
    writeFileSync(f, '');
    expect((await failure(verifyAttachment(f, { bytes: 0, sha256: '' }))).params.reason).toEqual({ ref: 'mail.reason.empty' });
    writeFileSync(f, 'hello');
    expect((await failure(verifyAttachment(f, { bytes: 5, sha256: '' }))).params.reason).toEqual({ ref: 'mail.reason.notPdf' });
    writeFileSync(f, '%PDF-1.7 x');
    const e = await failure(verifyAttachment(f, { bytes: 10, sha256: '0'.repeat(64) }));
    expect(errorMessage(e, 'fr')).toBe('Le PDF du rapport est inutilisable (le fichier a changé après le rendu) : rien n’a été envoyé.');
    expect(existsSync(f)).toBe(true);
  });
});
