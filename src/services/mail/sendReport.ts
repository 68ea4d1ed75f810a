// Mailing a report from the user's Gmail. The order makes a mail without its attachment
// impossible (the original's defect): recipients checked, PDF rendered and verified,
// Gmail link made usable, only then the message is built, recorded and sent.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat, unlink } from 'node:fs/promises';
import { audit } from '../audit.js';
import { readConfig } from '../config.js';
import type { Db } from '../db.js';
import { AppError } from '../errors.js';
import { errorMessage, formatBytes } from '../i18n/index.js';
import {
  currentGoogleEnvironment,
  getAuthorizedClient,
  linkInfo,
  noteAuthFailure,
  requireGmailMailType,
  type GoogleOptions,
} from '../gmail/index.js';
import { renderReportToFile, type RenderedReport } from '../reports/index.js';
import type { Actor } from '../rights.js';
import { cleanSubject, composeBody, defaultMessage, defaultSubject, senderOf } from './compose.js';
import { uploadMessage, type SendTuning } from './gmailUpload.js';
import { buildMessageFile } from './mime.js';
import { insertMail, markEnded, markSending, markSent, setAttachment } from './outboxStore.js';
import { validateRecipients } from './recipients.js';

/** Gmail's limit for a whole message (headers, text and base64 attachments). */
export const GMAIL_MAX_MESSAGE_BYTES = 35 * 1024 * 1024;
const MB = 1024 * 1024;

export type SendPhase = 'render' | 'link' | 'build' | 'upload' | 'done';

export interface SendProgress {
  readonly phase: SendPhase;
  /** upload: bytes of the message handed to the network so far, out of `total`. */
  readonly sent?: number;
  readonly total?: number;
}

export interface SendOptions {
  /** How to reach Google (sandbox, data folder, environment); the configured ones by default. */
  readonly google?: Partial<GoogleOptions>;
  /** Called at each step; 'upload' repeatedly with sent/total bytes; 'done' once, on success. */
  readonly onProgress?: (p: SendProgress) => void;
  /**
   * Called when the actor has no usable link (none, revoked, or needs_relink): the screen
   * runs the link flow and resolves once linked (rejects when the user cancels). Without
   * it, sendReport refuses with AppError('mail.noLink'). Nothing is recorded before it.
   */
  readonly ensureLink?: () => Promise<void>;
  /** Retry and timeout settings of the upload (tests make them fast). */
  readonly tuning?: SendTuning;
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
    const e = cause instanceof AppError ? cause : new AppError('errors.unexpected', { detail: errorMessage(cause, 'en').slice(0, 160) });
    super(e.key, e.params);
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
  const subject = input.subject?.trim() ? cleanSubject(input.subject) : undefined;
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
  /** A retry: the row, already claimed (status queued). */
  readonly outboxId?: number;
}

/** The one pipeline of sendReport and retryMail. */
export async function deliver(db: Db, actor: Actor, job: DeliveryJob): Promise<SendResult> {
  const progress = job.options.onProgress ?? (() => undefined);
  const temp: string[] = [];
  let outboxId = job.outboxId ?? null;
  const sender = await senderOf(db, actor);
  const end = async (status: 'failed' | 'uncertain', err: unknown): Promise<never> => {
    if (outboxId === null) throw err;
    await markEnded(db, outboxId, status, err);
    await trace(db, actor, sender.autoTrace, outboxId, job, status, null);
    throw err instanceof MailSendError ? err : new MailSendError(err, outboxId, status);
  };
  try {
    // 0. Only a user whose Types de courriels is Gmail mails through Gmail (a retry too).
    try {
      await requireGmailMailType(db, actor.id);
    } catch (e) {
      return await end('failed', e);
    }
    // 1–2. The attachment first: rendered from live data, then checked on disk.
    progress({ phase: 'render' });
    let pdf: RenderedReport & { path: string };
    try {
      pdf = await renderReportToFile(db, actor, job.code, { company: job.company });
      temp.push(pdf.path);
      await verifyAttachment(pdf.path, pdf);
    } catch (e) {
      return await end('failed', e);
    }
    const subject = job.subject ?? defaultSubject(pdf.title, pdf.companyName, actor.language);
    const body = job.body ?? composeBody(job.message ?? defaultMessage(pdf.title, pdf.companyName, actor.language), sender.signature);

    // 3. A usable link, made now when missing (the compose screen waits for it).
    progress({ phase: 'link' });
    try {
      await ensureUsableLink(db, actor, job.options.ensureLink);
    } catch (e) {
      return await end('failed', e);
    }

    const attachment = { name: pdf.fileName, size: pdf.bytes, sha256: pdf.sha256 };
    if (outboxId === null)
      outboxId = await insertMail(db, {
        userId: actor.id,
        to: job.to,
        cc: job.cc,
        subject,
        body,
        report: pdf.code,
        company: pdf.company || null,
        attachment,
      });
    else await setAttachment(db, outboxId, attachment);

    try {
      const maxMB = Number.parseInt(await readConfig(db, 'MaxAttachmentMB'), 10) || 25;
      const maxBytes = maxMB * (job.options.bytesPerMB ?? MB);
      if (pdf.bytes > maxBytes)
        throw new AppError('mail.attachmentTooLarge', {
          size: formatBytes(pdf.bytes, actor.language),
          max: formatBytes(maxBytes, actor.language),
        });
      const gmail = await getAuthorizedClient(db, actor, job.options.google);

      // 4. The message, with its attachment, built before anything goes out.
      progress({ phase: 'build' });
      const built = await buildMessageFile({
        from: { name: sender.name, address: gmail.address },
        to: job.to,
        cc: job.cc,
        subject,
        text: body,
        attachment: { fileName: pdf.fileName, path: pdf.path },
      });
      temp.push(built.path);
      // 5. Gmail's own limit on the whole message.
      if (built.bytes > GMAIL_MAX_MESSAGE_BYTES)
        throw new AppError('mail.messageTooLarge', {
          size: formatBytes(built.bytes, actor.language),
          max: formatBytes(GMAIL_MAX_MESSAGE_BYTES, actor.language),
        });

      // 6–7. Recorded (attempts counted), then sent through the media upload endpoint.
      const id = outboxId;
      const outcome = await uploadMessage({
        gmail,
        file: built.path,
        bytes: built.bytes,
        tuning: job.options.tuning,
        onAttempt: () => markSending(db, id),
        onProgress: (sent, total) => progress({ phase: 'upload', sent, total }),
        authFailure: async (err) => noteAuthFailure(db, actor.id, err, (await currentGoogleEnvironment(db, job.options.google)).tokenUrl),
      });
      if (outcome.kind === 'sent') {
        await markSent(db, id, outcome.gmailId);
        await trace(db, actor, sender.autoTrace, id, job, 'sent', outcome.gmailId);
        const row = await db('outbox').where({ id }).first('attempts');
        progress({ phase: 'done' });
        return {
          outboxId: id,
          gmailId: outcome.gmailId,
          attachmentName: pdf.fileName,
          size: pdf.bytes,
          messageSize: built.bytes,
          attempts: Number(row?.attempts ?? 1),
        };
      }
      return await end(outcome.kind, outcome.error);
    } catch (e) {
      if (e instanceof MailSendError) throw e;
      return await end('failed', e);
    }
  } finally {
    // 8. Nothing of the mail stays on disk.
    for (const f of temp) await unlink(f).catch(() => undefined);
  }
}

/**
 * No link, a revoked one, or one that needs reconnecting: `ensureLink` (the screen's link
 * flow) when given, else mail.noLink (needs_relink goes on to gmail.needsRelink).
 */
async function ensureUsableLink(db: Db, actor: Actor, ensureLink?: () => Promise<void>): Promise<void> {
  const usable = (l: Awaited<ReturnType<typeof linkInfo>>) => !!l && l.status === 'linked';
  let link = await linkInfo(db, actor);
  if (usable(link)) return;
  if (!ensureLink) {
    if (link?.status === 'needs_relink') return; // getAuthorizedClient says gmail.needsRelink
    throw new AppError('mail.noLink');
  }
  await ensureLink();
  link = await linkInfo(db, actor);
  if (!usable(link)) throw new AppError(link?.status === 'needs_relink' ? 'gmail.needsRelink' : 'mail.noLink');
}

/**
 * The attachment as rendered: not empty, a PDF (%PDF-), and exactly the bytes the renderer
 * reported (size and SHA-256 hashed again from the file). Else AppError('mail.attachmentBroken').
 */
export async function verifyAttachment(file: string, expected: { readonly bytes: number; readonly sha256: string }): Promise<void> {
  const size = (await stat(file)).size;
  if (size === 0) throw new AppError('mail.attachmentBroken', { reason: '@mail.reason.empty' });
  const handle = await open(file, 'r');
  const head = Buffer.alloc(5);
  try {
    await handle.read(head, 0, 5, 0);
  } finally {
    await handle.close();
  }
  if (head.toString('latin1') !== '%PDF-') throw new AppError('mail.attachmentBroken', { reason: '@mail.reason.notPdf' });
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const sha256 = hash.digest('hex');
  if (size !== expected.bytes || sha256 !== expected.sha256)
    throw new AppError('mail.attachmentBroken', { reason: '@mail.reason.changed' });
}

/** Trace automatique: who mailed what, to whom, and how it ended. */
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
  await audit(db, actor, 'send', 'mail', String(id), [
    { field: 'report', old: null, new: job.code.toUpperCase() },
    { field: 'to', old: null, new: [...job.to, ...job.cc] },
    { field: 'status', old: null, new: status },
    ...(gmailId ? [{ field: 'gmail_message_id', old: null, new: gmailId }] : []),
  ]);
}
