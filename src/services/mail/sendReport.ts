// Mailing a report from the user's Gmail. The order makes a mail without its attachment
// impossible (the original's defect): recipients checked, PDF rendered and verified,
// Gmail link made usable, only then the message is built, recorded and sent.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat, unlink } from 'node:fs/promises';
import { audit } from '../audit.js';
import { readConfig } from '../config.js';
import type { Db } from '../db.js';
import { AppError, toAppError, untypedParams } from '../errors.js';
import { formatBytes } from '../i18n/index.js';
import { googleEnvironment, gmailSender, linkInfo, noteAuthFailure, requireGmailMailType, type Google } from '../gmail/index.js';
import { log } from '../log.js';
import { renderReportToFile, type RenderedReport } from '../reports/index.js';
import type { Actor } from '../rights.js';
import { CLAIM_BEAT_MS, newClaim, release, type Claim } from './claims.js';
import { checkMailText, cleanSubject, composeBody, defaultMessage, defaultSubject, senderOf } from './compose.js';
import { DEFAULT_SEND_TUNING, uploadMessage, type SendTuning } from './gmailUpload.js';
import { journalDir, removeEntry, writeSentEntry } from './journal.js';
import { planMessage } from './mime.js';
import { beat, insertMail, markEnded, markSending, markSent, notePause, recordSession, setAttachment } from './outboxStore.js';
import { pauseReason } from './progress.js';
import { validateRecipients } from './recipients.js';
import { settleOutbox } from './settle.js';

/** Gmail's limit for a whole message (headers, text and base64 attachments). */
export const GMAIL_MAX_MESSAGE_BYTES = 35 * 1024 * 1024;
const MB = 1024 * 1024;

/** render, link, build (plan the message), upload, record (Gmail has it; the database is waited for), done. */
export type SendPhase = 'render' | 'link' | 'build' | 'upload' | 'record' | 'done';

export interface SendProgress {
  readonly phase: SendPhase;
  /** upload: bytes of the message flushed to the network so far, out of `total`. */
  readonly sent?: number;
  readonly total?: number;
  /** upload, record: the try (1 for the first). */
  readonly attempt?: number;
  /** upload: bytes moving, the whole message written and Google's answer awaited, or a pause before the next try. */
  readonly state?: 'sending' | 'waiting' | 'retry';
  /** upload: a resumable upload (above 5 MB). */
  readonly resumable?: boolean;
  /** upload (retry), record: the next try in this many ms. */
  readonly retryInMs?: number;
  /** upload (retry), record: what went wrong with the last try. */
  readonly reason?: AppError;
  /** record: the id Gmail gave the mail. */
  readonly gmailId?: string;
}

export interface SendOptions {
  /** How this run reaches Google (the runtime's). */
  readonly google: Google;
  /** Called at each step; 'upload' repeatedly with sent/total bytes; 'done' once, on success. */
  readonly onProgress?: (p: SendProgress) => void;
  /**
   * Called when the actor has no usable link (none, revoked, or needs_relink): the screen
   * runs the link flow and resolves once linked (rejects when the user cancels). Without
   * it, sendReport refuses with AppError('mail.noLink'). Nothing is recorded before it.
   */
  readonly ensureLink?: () => Promise<void>;
  /** Retry and timeout settings of the upload (tests make them fast). */
  readonly tuning?: SendTuning & {
    /** How long recording `sent` waits on a busy database before leaving it to the sent journal. Default 5 minutes. */
    readonly recordPatienceMs?: number;
  };
  /** Folder of the sent journal; next to the log by default (journalDir()). */
  readonly journalDir?: string;
  /**
   * Bytes in one MB of MaxAttachmentMB (default 1,048,576): tests lower it to try the limit
   * with the demo's few-KB report rather than a megabyte of users.
   */
  readonly bytesPerMB?: number;
}

export interface SendReportInput extends SendOptions {
  readonly code: string;
  /** Company of the report header; default: the actor's Compagnie par défaut. */
  readonly company?: string;
  /** At least one; each entry may itself be a list "a@x, b@y". */
  readonly to: readonly string[];
  readonly cc?: readonly string[];
  /** Default (also when blank): "Report name — Company name" in the actor's Langue. */
  readonly subject?: string;
  /** Default: composeDefaults().message. The actor's Signature is appended unless already in it. */
  readonly message?: string;
}

export interface SendResult {
  readonly outboxId: number;
  readonly gmailId: string;
  /** CODE-Name-YYYY-MM-DD.pdf */
  readonly attachmentName: string;
  /** Attachment (PDF) size in bytes. */
  readonly size: number;
  /** Whole message size in bytes. */
  readonly messageSize: number;
  /** Upload attempts of this mail so far (retries included). */
  readonly attempts: number;
  /**
   * The outbox row says sent. False: Gmail has the mail but the database could not be
   * written in time; the sent journal records it at the next start.
   */
  readonly recorded: boolean;
}

/**
 * A send that failed after its outbox row was recorded: the same key and parameters as
 * the cause (errorMessage gives its sentence), plus the row and how it ended. `uncertain`:
 * the mail may have reached Google, it is never resent without retryMail(…, {force: true}).
 */
export class MailSendError extends AppError {
  readonly outboxId: number;
  readonly status: 'failed' | 'uncertain';
  constructor(cause: unknown, outboxId: number, status: 'failed' | 'uncertain') {
    const e = toAppError(cause);
    super(e.key, ...untypedParams(e.params));
    this.name = 'MailSendError';
    this.outboxId = outboxId;
    this.status = status;
    this.cause = cause;
  }
}

/**
 * Renders report `code`, and mails it as a PDF attachment from the actor's linked Gmail.
 * Throws AppError before anything is recorded (bad recipients, rights, unknown report or
 * company, mail.noLink…), or MailSendError once the outbox row exists (limits,
 * needs_relink, Gmail refusal, uncertain).
 */
export async function sendReport(db: Db, actor: Actor, input: SendReportInput): Promise<SendResult> {
  const recipients = validateRecipients(input.to, input.cc ?? []);
  checkMailText(input.subject, input.message);
  const subject = input.subject?.trim() ? cleanSubject(input.subject) : undefined;
  // What an earlier send left (a Gmail id in the sent journal, a dead sender's row) first.
  await settleOutbox(db, { journalDir: input.journalDir });
  return deliver(db, actor, {
    code: input.code,
    company: input.company,
    ...recipients,
    subject,
    message: input.message,
    options: input,
  });
}

/** What deliver() sends: a new mail (subject/message may default) or an outbox row again. */
export interface DeliveryJob {
  readonly code: string;
  readonly company?: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject?: string;
  readonly message?: string;
  /** The final text (a retry): used as is, no signature added. */
  readonly body?: string;
  readonly options: SendOptions;
  /** A retry: the row, already claimed (status queued) with `claim`. */
  readonly outboxId?: number;
  readonly claim?: Claim;
  /**
   * The report already rendered to this file (kept: the caller owns it). For the benchmark
   * and the large-mail tests, which bring a PDF of a chosen size instead of rendering one.
   */
  readonly rendered?: RenderedReport & { readonly path: string };
}

/** The one pipeline of sendReport and retryMail. */
export async function deliver(db: Db, actor: Actor, job: DeliveryJob): Promise<SendResult> {
  const progress = job.options.onProgress ?? (() => undefined);
  const tuning = { ...DEFAULT_SEND_TUNING, recordPatienceMs: 300_000, ...job.options.tuning };
  const claim = job.claim ?? newClaim();
  const temp: string[] = [];
  let outboxId = job.outboxId ?? null;
  let heartbeat: NodeJS.Timeout | null = null;
  const sender = await senderOf(db, actor);
  const end = async (status: 'failed' | 'uncertain', err: unknown): Promise<never> => {
    if (outboxId === null) throw err;
    const id = outboxId;
    const ended = await persist(() => markEnded(db, id, claim, status, err), 30_000).catch((e: unknown) => {
      log('error', `mail: could not record outbox ${id} as ${status}`, e);
      return false;
    });
    if (!ended) log('warn', `mail: outbox ${id} not recorded as ${status}: the row had moved on (claim lost) or the database refused`);
    await trace(db, actor, sender.autoTrace, id, job, status, null);
    throw err instanceof MailSendError ? err : new MailSendError(err, id, status);
  };
  try {
    // 0. Only a user whose Types de courriels is Gmail mails through Gmail (a retry too).
    try {
      await requireGmailMailType(db, actor.id);
    } catch (e) {
      return await end('failed', e);
    }
    // 1–2. The attachment first: rendered from live data.
    progress({ phase: 'render' });
    let pdf: RenderedReport & { path: string };
    try {
      if (job.rendered) pdf = job.rendered;
      else {
        pdf = await renderReportToFile(db, actor, job.code, { company: job.company });
        temp.push(pdf.path);
      }
    } catch (e) {
      return await end('failed', e);
    }
    const subject = job.subject ?? defaultSubject(pdf.title, pdf.companyName, actor.language);
    const body = job.body ?? composeBody(job.message ?? defaultMessage(pdf.title, pdf.companyName, actor.language), sender.signature);

    // 3. A usable link, made now when missing (the compose screen waits for it).
    progress({ phase: 'link' });
    let address: string;
    try {
      address = await ensureUsableLink(db, actor, job.options.ensureLink);
    } catch (e) {
      return await end('failed', e);
    }

    // 4. The message planned around the PDF: its exact size is known before anything is read.
    progress({ phase: 'build' });
    const plan = await planMessage({
      from: { name: sender.name, address },
      to: job.to,
      cc: job.cc,
      subject,
      text: body,
      attachment: { fileName: pdf.fileName, path: pdf.path, bytes: pdf.bytes, sha256: pdf.sha256 },
    });
    const attachment = { name: pdf.fileName, size: pdf.bytes, sha256: pdf.sha256 };
    if (outboxId === null)
      outboxId = await insertMail(
        db,
        {
          userId: actor.id,
          to: job.to,
          cc: job.cc,
          subject,
          body,
          report: pdf.code,
          company: pdf.company || null,
          attachment,
          messageSize: plan.bytes,
        },
        claim,
      );
    else if (!(await setAttachment(db, outboxId, claim, attachment, plan.bytes))) throw new AppError('outbox.busy', { id: outboxId });
    const id = outboxId;
    heartbeat = setInterval(
      () => void beat(db, id, claim).catch((e: unknown) => log('warn', `mail: heartbeat of outbox ${id} failed`, e)),
      CLAIM_BEAT_MS,
    );
    heartbeat.unref();

    try {
      // 5. The limits, before the PDF is read again: the attachment's, then Gmail's on the whole message.
      const maxMB = Number.parseInt(await readConfig(db, 'MaxAttachmentMB'), 10) || 25;
      const maxBytes = maxMB * (job.options.bytesPerMB ?? MB);
      if (pdf.bytes > maxBytes)
        throw new AppError('mail.attachmentTooLarge', {
          size: formatBytes(pdf.bytes, actor.language),
          max: formatBytes(maxBytes, actor.language),
        });
      if (plan.bytes > GMAIL_MAX_MESSAGE_BYTES)
        throw new AppError('mail.messageTooLarge', {
          size: formatBytes(plan.bytes, actor.language),
          max: formatBytes(GMAIL_MAX_MESSAGE_BYTES, actor.language),
        });
      // 6. The attachment checked on disk (never a mail without it; its hash as it goes out), and the link's token.
      await checkAttachment(pdf.path, pdf);
      const gmail = await gmailSender(db, actor, job.options.google);

      // 7. Sent: each try counted in the outbox; a resumable session recorded as soon as opened.
      let attempt = 0;
      // A pause is noted in the row for the journal's readers; the next try waits for the note (never stale).
      let pauseNote: Promise<void> = Promise.resolve();
      const outcome = await uploadMessage({
        gmail,
        plan,
        tuning,
        onAttempt: async () => {
          await pauseNote;
          if (!(await persist(() => markSending(db, id, claim), 30_000))) throw new AppError('mail.claimLost', { id });
        },
        onSession: async (url) => {
          if (!(await persist(() => recordSession(db, id, claim, url), 30_000))) throw new AppError('mail.claimLost', { id });
        },
        onEvent: (e) => {
          if (e.kind === 'attempt') {
            attempt = e.attempt;
            progress({ phase: 'upload', state: 'sending', attempt, sent: e.from, total: e.total, resumable: e.resumable });
          } else if (e.kind === 'bytes') progress({ phase: 'upload', state: 'sending', attempt, sent: e.sent, total: e.total });
          else if (e.kind === 'waiting') progress({ phase: 'upload', state: 'waiting', attempt, sent: plan.bytes, total: plan.bytes });
          else {
            progress({ phase: 'upload', state: 'retry', attempt, retryInMs: e.inMs, reason: e.reason });
            const why = pauseReason(e.reason);
            const retryAt = new Date(Date.now() + e.inMs).toISOString();
            if (why)
              pauseNote = notePause(db, id, claim, { ...why, attempt, retryAt }).catch((err: unknown) =>
                log('warn', `mail: outbox ${id}: the pause could not be noted`, err),
              );
          }
        },
        authFailure: async (err) => noteAuthFailure(db, actor.id, err, (await googleEnvironment(job.options.google, db)).tokenUrl),
      });
      if (outcome.kind !== 'sent') return await end(outcome.kind, outcome.error);

      // 8. Gmail has it. The id goes to the journal first, then into the row, retried until stored.
      const journal = writeSentEntry(job.options.journalDir ?? journalDir(db), db, id, outcome.gmailId);
      const recorded = await persist(
        () => markSent(db, id, outcome.gmailId),
        tuning.recordPatienceMs,
        (wait, tries, err) =>
          progress({ phase: 'record', attempt: tries, retryInMs: wait, gmailId: outcome.gmailId, reason: toAppError(err) }),
      ).then(
        () => true,
        (e: unknown) => {
          log('error', `mail: outbox ${id} sent (Gmail ${outcome.gmailId}) but not recorded; left to the sent journal`, e);
          return false;
        },
      );
      if (recorded) removeEntry(journal);
      // The audit row is its own write: a failure there never touches the outbox row.
      await trace(db, actor, sender.autoTrace, id, job, 'sent', outcome.gmailId);
      const row = recorded
        ? await db('outbox')
            .where({ id })
            .first('attempts')
            .catch(() => null)
        : null;
      progress({ phase: 'done' });
      return {
        outboxId: id,
        gmailId: outcome.gmailId,
        attachmentName: pdf.fileName,
        size: pdf.bytes,
        messageSize: plan.bytes,
        attempts: Number(row?.attempts ?? attempt),
        recorded,
      };
    } catch (e) {
      if (e instanceof MailSendError) throw e;
      return await end('failed', e);
    }
  } finally {
    if (heartbeat) clearInterval(heartbeat);
    release(claim);
    // 9. Nothing of the mail stays on disk.
    for (const f of temp) await unlink(f).catch(() => undefined);
  }
}

/**
 * Runs a database write until it is stored: a busy or briefly unavailable database is
 * waited for (`onWait` says so), for `patienceMs` at most, then the last error is thrown.
 * Returns what the write returned.
 */
async function persist<T>(
  write: () => Promise<T>,
  patienceMs: number,
  onWait?: (waitMs: number, tries: number, err: unknown) => void,
): Promise<T> {
  const start = Date.now();
  for (let tries = 1; ; tries++) {
    try {
      return await write();
    } catch (e) {
      if (Date.now() - start >= patienceMs) throw e;
      const wait = Math.min(5_000, 250 * 2 ** Math.min(tries, 5), Math.max(50, patienceMs - (Date.now() - start)));
      log('warn', `mail: database write failed (try ${tries}), again in ${wait} ms`, e);
      onWait?.(wait, tries, e);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/**
 * No link, a revoked one, or one that needs reconnecting: `ensureLink` (the screen's link
 * flow) when given, else mail.noLink (needs_relink goes on to gmail.needsRelink).
 */
async function ensureUsableLink(db: Db, actor: Actor, ensureLink?: () => Promise<void>): Promise<string> {
  const usable = (l: Awaited<ReturnType<typeof linkInfo>>) => !!l && l.status === 'linked';
  let link = await linkInfo(db, actor);
  if (link && usable(link)) return link.address;
  if (!ensureLink) {
    if (link?.status === 'needs_relink') return link.address; // getAuthorizedClient says gmail.needsRelink
    throw new AppError('mail.noLink');
  }
  await ensureLink();
  link = await linkInfo(db, actor);
  if (!link || !usable(link)) throw new AppError(link?.status === 'needs_relink' ? 'gmail.needsRelink' : 'mail.noLink');
  return link.address;
}

/**
 * The attachment as rendered: not empty, a PDF (%PDF-), and exactly the bytes the renderer
 * reported (size and SHA-256 hashed again from the file). Else AppError('mail.attachmentBroken').
 * (A send does the same in one pass: checkAttachment, then the hash as the PDF goes out.)
 */
export async function verifyAttachment(file: string, expected: { readonly bytes: number; readonly sha256: string }): Promise<void> {
  await checkAttachment(file, expected);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  if (hash.digest('hex') !== expected.sha256) throw new AppError('mail.attachmentBroken', { reason: { ref: 'mail.reason.changed' } });
}

/**
 * What can be checked of the attachment without reading it: there, not empty, a PDF
 * (%PDF-), the size the renderer reported. Its hash is checked as it is sent (planMessage).
 */
async function checkAttachment(file: string, expected: { readonly bytes: number }): Promise<void> {
  const size = (await stat(file)).size;
  if (size === 0) throw new AppError('mail.attachmentBroken', { reason: { ref: 'mail.reason.empty' } });
  const handle = await open(file, 'r');
  const head = Buffer.alloc(5);
  try {
    await handle.read(head, 0, 5, 0);
  } finally {
    await handle.close();
  }
  if (head.toString('latin1') !== '%PDF-') throw new AppError('mail.attachmentBroken', { reason: { ref: 'mail.reason.notPdf' } });
  if (size !== expected.bytes) throw new AppError('mail.attachmentBroken', { reason: { ref: 'mail.reason.changed' } });
}

/** Trace automatique: who mailed what, to whom, and how it ended. Its own write: a failure is logged, nothing else. */
async function trace(
  db: Db,
  actor: Actor,
  enabled: boolean,
  id: number,
  job: DeliveryJob,
  status: string,
  gmailId: string | null,
): Promise<void> {
  if (!enabled) return;
  try {
    await audit(db, actor, 'send', 'mail', String(id), [
      { field: 'report', old: null, new: job.code.toUpperCase() },
      { field: 'to', old: null, new: [...job.to, ...job.cc] },
      { field: 'status', old: null, new: status },
      ...(gmailId ? [{ field: 'gmail_message_id', old: null, new: gmailId }] : []),
    ]);
  } catch (e) {
    log('error', `mail: the audit row of outbox ${id} (${status}) could not be written`, e);
  }
}
