// The outbox as the Journal des courriels, `outbox list` and `outbox retry` see it.
import type { Db } from '../db.js';
import { AppError, ForbiddenError, NotFoundError } from '../errors.js';
import { formatMessage, isMessageKey, langOf } from '../i18n/index.js';
import { allows, FUNCTIONS, levelOf, type Actor } from '../rights.js';
import { newClaim, release } from './claims.js';
import { claimForRetry, decodeError, storedErrorMessage, type OutboxStatus } from './outboxStore.js';
import { splitRecipients } from './recipients.js';
import { deliver, type SendOptions, type SendResult } from './sendReport.js';
import { settleFromSession, settleOutbox } from './settle.js';

export { OUTBOX_STATUSES, type OutboxStatus } from './outboxStore.js';

export interface OutboxEntry {
  readonly id: number;
  readonly status: OutboxStatus;
  readonly to: string[];
  readonly cc: string[];
  readonly subject: string;
  /** The text body as sent (message and signature). */
  readonly body: string;
  /** Report code (USR01), null for a mail without report. */
  readonly report: string | null;
  readonly company: string | null;
  readonly attachmentName: string | null;
  readonly attachmentSize: number | null;
  readonly attachmentSha256: string | null;
  /** Upload attempts so far. */
  readonly attempts: number;
  /** Gmail message id once sent. */
  readonly gmailId: string | null;
  /** The last failure as one sentence in the actor's Langue; null when none. */
  readonly error: string | null;
  /** Its i18n key (mail.uncertain, gmail.needsRelink…), for a screen that reacts to it. */
  readonly errorKey: string | null;
  /** A mail being sent that waits between two tries: the try that failed, why (a few words), when the next comes. */
  readonly pause: { readonly attempt: number; readonly why: string; readonly retryAt: string } | null;
  /** What retryMail accepts: 'retry', 'force' (uncertain: ask first), or 'no' (sent, in progress). */
  readonly retry: 'retry' | 'force' | 'no';
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly sentAt: string | null;
  /** Code and Nom of the user who sent it. */
  readonly user: string;
  readonly userName: string;
}

export interface ListOutboxOptions {
  /** Everyone's mails: needs courriels.journal › lecture. Default: the actor's own. */
  readonly all?: boolean;
  readonly status?: OutboxStatus;
  /** Newest first; default 500. */
  readonly limit?: number;
  /** Mails older than this one (its id): the next page back, read by position. */
  readonly before?: number | null;
}

/** The actor's mails (or everyone's, with Journal des courriels › lecture), newest first. */
export async function listOutbox(db: Db, actor: Actor, opts: ListOutboxOptions = {}): Promise<OutboxEntry[]> {
  if (opts.all && !allows(await levelOf(db, actor.id, FUNCTIONS.outbox), 'lecture')) throw new ForbiddenError(FUNCTIONS.outbox, 'lecture');
  // What dead senders left is settled before it is shown: no row says "sending" for nothing.
  await settleOutbox(db);
  let q = baseQuery(db);
  if (!opts.all) q = q.where('o.user_id', actor.id);
  if (opts.status) q = q.where('o.status', opts.status);
  if (opts.before != null) q = q.where('o.id', '<', opts.before);
  const rows = await q.orderBy('o.id', 'desc').limit(opts.limit ?? 500);
  return rows.map((r) => toEntry(r, actor));
}

/** One mail: the actor's own, or anyone's with courriels.journal › lecture. */
export async function getOutboxEntry(db: Db, actor: Actor, id: number): Promise<OutboxEntry> {
  await settleOutbox(db);
  const r = await baseQuery(db).where('o.id', id).first();
  if (!r || (r.user_id !== actor.id && !allows(await levelOf(db, actor.id, FUNCTIONS.outbox), 'lecture')))
    throw new NotFoundError('outbox.entity', String(id));
  return toEntry(r, actor);
}

export interface RetryOptions extends SendOptions {
  /**
   * Confirms resending an `uncertain` mail (it may already have reached its recipients).
   * Without it such a mail is refused with AppError('outbox.uncertainNeedsForce').
   */
  readonly force?: boolean;
}

/**
 * Sends one of the actor's own mails again, through the same pipeline as sendReport: the
 * report is rendered again (the PDF is not kept), then link, plan, upload. A `failed`
 * mail; an `uncertain` one whose upload session says it was never completed; any other
 * `uncertain` one only with {force: true}; a `sent` one never (an uncertain mail that its
 * session says was completed is recorded sent, and refused as such). The row is claimed
 * by one process: two retries at once never both send.
 */
export async function retryMail(db: Db, actor: Actor, id: number, opts: RetryOptions): Promise<SendResult> {
  await settleOutbox(db);
  let row = await db('outbox').where({ id }).first();
  if (!row) throw new NotFoundError('outbox.entity', String(id));
  if (row.user_id !== actor.id) throw new AppError('outbox.notYours', { id });
  if (row.status === 'uncertain' && row.upload_session && row.message_size) {
    // Google's upload session knows whether the message was completed.
    await settleFromSession(db, { id, status: 'uncertain', claim: null }, String(row.upload_session), Number(row.message_size));
    row = await db('outbox').where({ id }).first();
  }
  const status = row.status as OutboxStatus;
  if (status === 'sent') throw new AppError('outbox.alreadySent', { id, gmailId: String(row.gmail_message_id ?? '') });
  if (!row.report_code) throw new AppError('outbox.noReport', { id });
  if (status === 'uncertain' && !opts.force) throw new AppError('outbox.uncertainNeedsForce', { id });
  if (status === 'sending' || status === 'queued') throw new AppError('outbox.busy', { id });
  const claim = newClaim();
  try {
    if (!(await claimForRetry(db, id, [status], claim))) throw new AppError('outbox.busy', { id });
    return await deliver(db, actor, {
      code: String(row.report_code),
      company: row.company_code ? String(row.company_code) : undefined,
      to: splitRecipients(row.to_addresses),
      cc: splitRecipients(row.cc_addresses),
      subject: String(row.subject),
      body: String(row.body ?? ''),
      options: opts,
      outboxId: id,
      claim,
    });
  } finally {
    release(claim);
  }
}

function baseQuery(db: Db) {
  return db('outbox as o').leftJoin('users as u', 'u.id', 'o.user_id').select('o.*', 'u.code as user_code', 'u.name as user_name');
}

function toEntry(r: Record<string, unknown>, actor: Actor): OutboxEntry {
  const status = r.status as OutboxStatus;
  const mine = r.user_id === actor.id;
  const retry: OutboxEntry['retry'] =
    !mine || !r.report_code ? 'no' : status === 'failed' ? 'retry' : status === 'uncertain' ? 'force' : 'no';
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const stored = decodeError(r.last_error);
  const pause =
    status === 'sending' && stored?.retryAt && stored.attempt !== undefined && isMessageKey(stored.key)
      ? { attempt: stored.attempt, why: formatMessage(langOf(actor.language), stored.key, stored.params), retryAt: stored.retryAt }
      : null;
  return {
    id: Number(r.id),
    status,
    to: splitRecipients(r.to_addresses),
    cc: splitRecipients(r.cc_addresses),
    subject: String(r.subject ?? ''),
    body: String(r.body ?? ''),
    report: (r.report_code as string | null) ?? null,
    company: (r.company_code as string | null) ?? null,
    attachmentName: (r.attachment_name as string | null) ?? null,
    attachmentSize: num(r.attachment_size),
    attachmentSha256: (r.attachment_sha256 as string | null) ?? null,
    attempts: Number(r.attempts ?? 0),
    gmailId: (r.gmail_message_id as string | null) ?? null,
    error: pause ? null : storedErrorMessage(r.last_error, actor.language),
    errorKey: pause ? null : stored?.key || null,
    pause,
    retry,
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
    sentAt: (r.sent_at as string | null) ?? null,
    user: String(r.user_code ?? ''),
    userName: String(r.user_name ?? ''),
  };
}
