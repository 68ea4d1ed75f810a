// Large mails and a network that misbehaves: the resumable upload through cuts, stalls,
// refusals and Retry-After, against the Google simulator (its own protocol and fault
// switches) and the real sockets between them.
import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { googleTestDb } from '../helpers/googleTestDb.js';
import { receivedMail } from '../helpers/mail.js';
import { rejection } from '../helpers/rejection.js';
import { simGoogle } from '../helpers/google.js';
import { deliver, MailSendError, type SendProgress, type SendOptions } from '../../src/services/mail/sendReport.js';
import { describeProgress } from '../../src/services/mail/index.js';
import { errorMessage } from '../../src/services/i18n/index.js';
import { setConfig } from '../../src/services/config.js';

const t = googleTestDb({ gmail: true, linked: true });
const MB = 1024 * 1024;
const FAST = { attempts: 3, baseDelayMs: 5, maxBackoffMs: 20, stallMs: 10_000, chunkBytes: 4 * MB };

/** A PDF of `bytes` bytes (incompressible, like a scanned report) already "rendered". */
function bigPdf(bytes: number, file = path.join(t.dir, `big-${bytes}.pdf`)) {
  const content = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(bytes - 9)]);
  writeFileSync(file, content);
  return {
    content,
    rendered: {
      code: 'USR01',
      title: 'Liste des utilisateurs',
      pages: 1,
      bytes,
      sha256: createHash('sha256').update(content).digest('hex'),
      fileName: 'USR01-Liste des utilisateurs-grand.pdf',
      firstLines: [],
      company: 'MTL',
      companyName: 'Usinage Montréal inc.',
      path: file,
    },
  };
}

const send = (rendered: ReturnType<typeof bigPdf>['rendered'], options: Partial<SendOptions> = {}) =>
  deliver(t.db, t.me, {
    code: 'USR01',
    to: ['destinataire@example.com'],
    cc: [],
    rendered,
    options: { tuning: FAST, google: t.google, ...options },
  });

const failure = (p: Promise<unknown>) => rejection(p, MailSendError);

const row = (id: number) => t.db('outbox').where({ id }).first();

describe('a 12 MB mail goes by resumable upload and survives a cut line', () => {
  // 9 MB of PDF make a 12.2 MB message (base64 and its line breaks).
  for (const at of [0.3, 0.7, 1]) {
    it(`cut at ${at * 100}% of the upload: exactly one mail received, the outbox says sent, the attachment byte-identical`, async () => {
      const pdf = bigPdf(9 * MB);
      const total = pdf.rendered.bytes * (4 / 3) * (78 / 76); // about: the exact size is the plan's
      // 100%: the whole message arrives (and is stored), then the line is cut before the answer.
      t.sim.setFault('gmail', { cutAt: at === 1 ? Number.MAX_SAFE_INTEGER : Math.floor(total * at), count: 1 });
      const progress: SendProgress[] = [];
      const r = await send(pdf.rendered, { onProgress: (p) => progress.push(p) });
      // "Waiting on Google" only once the whole message went out (not after opening the session).
      const firstWait = progress.findIndex((p) => p.state === 'waiting');
      expect(firstWait).toBeGreaterThan(progress.findIndex((p) => p.state === 'sending' && p.sent === r.messageSize));

      expect(t.sim.received()).toHaveLength(1);
      const msg = t.sim.received()[0]!;
      expect(msg.uploadType).toBe('resumable');
      expect(msg.raw.length).toBe(r.messageSize);
      expect(r.messageSize).toBeGreaterThan(12 * MB);
      const mail = await simpleParser(readFileSync(msg.file));
      expect(mail.attachments).toHaveLength(1);
      expect(mail.attachments[0]!.content.equals(pdf.content)).toBe(true);
      // 100%: the session said the message was complete, so no second try was needed.
      expect(await row(r.outboxId)).toMatchObject({
        status: 'sent',
        gmail_message_id: msg.id,
        attempts: at === 1 ? 1 : 2,
        last_error: null,
      });
      // The cut happened, and the second try started where the session said, not from 0.
      const [session] = t.sim.uploadSessions();
      expect(session!.requests.some((q) => q.status === 0)).toBe(true);
      if (at < 1) {
        const resumed = session!.requests.find((q, i) => i > 0 && session!.requests[i - 1]!.range.startsWith('bytes */'));
        expect(Number(/^bytes (\d+)-/.exec(resumed!.range)?.[1])).toBeGreaterThan(0);
      } else {
        // Cut after the last byte: the status query found the message complete; nothing sent again.
        expect(session!.requests.at(-1)).toEqual({ range: `bytes */${r.messageSize}`, status: 200 });
      }
    }, 60_000);
  }

  it('a cut of the network itself (a proxy that drops the line mid-chunk) is resumed too', async () => {
    const pdf = bigPdf(6 * MB);
    const proxy = await cuttingProxy(new URL(t.sim.gmailApiUrl).port, 3 * MB, 'cut');
    try {
      t.google = simGoogle(t.sim, t.dir, { PRX_GMAIL_API_URL: proxy.url });
      const r = await send(pdf.rendered);
      expect(t.sim.received()).toHaveLength(1);
      const mail = await receivedMail(t.sim);
      expect(mail.attachments[0]!.content.equals(pdf.content)).toBe(true);
      expect(await row(r.outboxId)).toMatchObject({ status: 'sent', attempts: 2 });
      expect(proxy.cuts()).toBe(1);
    } finally {
      await proxy.close();
    }
  }, 60_000);
});

describe('honest classification', () => {
  it('connection refused: nothing reached Google, retried like a 503, then failed with one sentence; a plain retry is allowed', async () => {
    const pdf = bigPdf(200_000);
    const closed = await freePort();
    t.google = simGoogle(t.sim, t.dir, { PRX_GMAIL_API_URL: `http://127.0.0.1:${closed}/` });
    const progress: SendProgress[] = [];
    const e = await failure(send(pdf.rendered, { onProgress: (p) => progress.push(p) }));
    expect(e.status).toBe('failed');
    expect(e.key).toBe('mail.gmailUnreachable');
    expect(errorMessage(e, 'fr')).toBe(
      `Impossible de joindre Gmail (127.0.0.1:${closed}) : vérifiez la connexion réseau du serveur. Rien n’a été envoyé.`,
    );
    expect(await row(e.outboxId)).toMatchObject({ status: 'failed', attempts: 3 });
    // Retried automatically, and the wait said so.
    expect(progress.filter((p) => p.state === 'retry')).toHaveLength(2);
    expect(
      describeProgress(
        progress.find((p) => p.state === 'retry')!,
        'fr',
      ),
    ).toMatch(/^Essai 1 sans réponse utilisable \(Gmail injoignable \(127\.0\.0\.1:\d+\), rien n’est parti\) : nouvel essai dans 1 s\.$/);
  });

  it('a reset before the last byte was acknowledged (a proxy that stops reading, then resets): retried, never uncertain', async () => {
    // A 4.8 MB message, one media upload: it fits in the kernel's buffers, so the request
    // "finishes" long before the other end has it; only the acknowledgements tell.
    const pdf = bigPdf(3.5 * MB);
    // It stops early: a receiver that reads nothing more keeps its TCP window small, so most
    // of the message stays unacknowledged in this machine's send queue.
    const proxy = await cuttingProxy(new URL(t.sim.gmailApiUrl).port, 64 * 1024, 'stop-then-reset');
    try {
      t.google = simGoogle(t.sim, t.dir, { PRX_GMAIL_API_URL: proxy.url });
      const r = await send(pdf.rendered);
      // The first try was cut (nothing stored), the second went through.
      expect(proxy.cuts()).toBe(1);
      expect(t.sim.received()).toHaveLength(1);
      expect(t.sim.received()[0]!.uploadType).toBe('media');
      expect(await row(r.outboxId)).toMatchObject({ status: 'sent', attempts: 2 });
    } finally {
      await proxy.close();
    }
  });

  it('no byte moved for the stall time before the end: the try is abandoned and retried (no fixed 300 s wait)', async () => {
    const pdf = bigPdf(2 * MB);
    // Google stops reading early (its TCP window closes): the rest stays unacknowledged here.
    t.sim.setFault('gmail', { stallAt: 64 * 1024, count: 1 });
    const progress: SendProgress[] = [];
    const started = Date.now();
    const r = await send(pdf.rendered, { tuning: { ...FAST, stallMs: 1500 }, onProgress: (p) => progress.push(p) });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(t.sim.received()).toHaveLength(1);
    expect(await row(r.outboxId)).toMatchObject({ status: 'sent' });
    // (2 tries, or more when a loaded machine pauses a transfer past the stall time.)
    expect(r.attempts).toBeGreaterThanOrEqual(2);
    const retry = progress.find((p) => p.state === 'retry')!;
    expect(describeProgress(retry, 'fr')).toBe(
      'Essai 1 sans réponse utilisable (aucun octet n’a bougé depuis 2 s) : nouvel essai dans 1 s.',
    );
  });

  it('a resumable upload that stalls mid-chunk is resumed from what the session holds', async () => {
    const pdf = bigPdf(9 * MB);
    t.sim.setFault('gmail', { stallAt: 6 * MB, count: 1 });
    const r = await send(pdf.rendered, { tuning: { ...FAST, stallMs: 1500 } });
    expect(t.sim.received()).toHaveLength(1);
    const mail = await receivedMail(t.sim);
    expect(mail.attachments[0]!.content.equals(pdf.content)).toBe(true);
    expect(await row(r.outboxId)).toMatchObject({ status: 'sent' });
    expect(r.attempts).toBeGreaterThanOrEqual(2);
    expect(
      t.sim
        .uploadSessions()
        .flatMap((u) => u.requests)
        .some((q) => q.status === 0),
      JSON.stringify(t.sim.uploadSessions().map((u) => u.requests)),
    ).toBe(true);
  });

  it('Retry-After is honoured (the wait is shown); one longer than 5 minutes ends the send as failed, saying how long', async () => {
    const pdf = bigPdf(100_000);
    t.sim.setFault('gmail', { status: 429, retryAfter: 1, count: 1 });
    const progress: SendProgress[] = [];
    const started = Date.now();
    const r = await send(pdf.rendered, { onProgress: (p) => progress.push(p) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(await row(r.outboxId)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(
      describeProgress(
        progress.find((p) => p.state === 'retry')!,
        'fr',
      ),
    ).toBe('Essai 1 sans réponse utilisable (Gmail limite les envois, HTTP 429) : nouvel essai dans 1 s.');

    t.sim.setFault('gmail', { status: 429, retryAfter: 600, count: 1 });
    const e = await failure(send(pdf.rendered));
    expect(e.status).toBe('failed');
    expect(errorMessage(e, 'fr')).toBe(
      'Gmail demande d’attendre 10 min avant de réessayer : rien n’a été envoyé. Renvoyez-le plus tard depuis le journal des courriels.',
    );
    expect(t.sim.received()).toHaveLength(1);
  });
});

describe('the attachment checked as it goes out', () => {
  for (const [label, bytes] of [
    ['media upload', 300_000],
    ['resumable upload', 6 * MB],
  ] as const)
    it(`a PDF changed after rendering (same size) is caught before the message's last byte (${label}): nothing delivered, failed`, async () => {
      const pdf = bigPdf(bytes);
      // Someone overwrites the end of the file between rendering and sending.
      const altered = Buffer.from(pdf.content);
      altered[altered.length - 10] ^= 0xff;
      writeFileSync(pdf.rendered.path, altered);
      const e = await failure(send(pdf.rendered));
      expect(e.status).toBe('failed');
      expect(errorMessage(e, 'fr')).toBe('Le PDF du rapport est inutilisable (le fichier a changé après le rendu) : rien n’a été envoyé.');
      expect(t.sim.received()).toHaveLength(0);
      expect(await row(e.outboxId)).toMatchObject({ status: 'failed', gmail_message_id: null });
    });
});

describe('size', () => {
  it('an oversized mail is refused before the PDF is read at all, with the limit and the size', async () => {
    const pdf = bigPdf(1000);
    // 26 MB announced by the renderer: the file itself is never opened (it is not even there).
    const rendered = { ...pdf.rendered, bytes: 26 * MB, path: path.join(t.dir, 'never-read.pdf') };
    const e = await failure(send(rendered));
    expect(e.key).toBe('mail.attachmentTooLarge');
    expect(errorMessage(e, 'fr')).toMatch(
      /^Le rapport fait 26,0 Mo, au-delà de la limite des pièces jointes \(25,0 Mo, clé MaxAttachmentMB\)/,
    );
    await setConfig(t.db, null, 'MaxAttachmentMB', '1');
    const small = await failure(send({ ...rendered, bytes: 1.5 * MB }));
    expect(errorMessage(small, 'fr')).toMatch(
      /^Le rapport fait 1,5 Mo, au-delà de la limite des pièces jointes \(1,0 Mo, clé MaxAttachmentMB\)/,
    );
    expect(t.sim.calls('gmail')).toHaveLength(0);
    expect(await row(e.outboxId)).toMatchObject({ status: 'failed', attempts: 0 });
  });
});

/** A port nothing listens on (connection refused). */
async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/**
 * A TCP proxy to the simulator. Once `cutAfter` bytes went upstream on a connection (the
 * first one only; later ones pass), it either cuts both sides at once ('cut', a dropped
 * line: what its kernel already acknowledged is lost), or stops reading, lets the client's
 * bytes pile up unacknowledged, then resets ('stop-then-reset').
 */
async function cuttingProxy(port: string, cutAfter: number, mode: 'cut' | 'stop-then-reset') {
  let cuts = 0;
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((client) => {
    const upstream = net.connect(Number(port), '127.0.0.1');
    sockets.add(client).add(upstream);
    let up = 0;
    const armed = cuts === 0;
    client.on('data', (d: Buffer) => {
      up += d.length;
      if (armed && cuts === 0 && up > cutAfter) {
        cuts++;
        upstream.destroy();
        if (mode === 'cut') client.destroy();
        else {
          client.pause();
          setTimeout(() => client.resetAndDestroy(), 300);
        }
        return;
      }
      if (!upstream.write(d)) client.pause();
    });
    upstream.on('drain', () => client.resume());
    upstream.on('data', (d: Buffer) => client.write(d));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(srv.address() as net.AddressInfo).port}/`,
    cuts: () => cuts,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  };
}
