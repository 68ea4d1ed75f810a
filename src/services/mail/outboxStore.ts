// The outbox rows, for the mail services only (screens and CLI go through outbox.ts).
// A failure is stored as its i18n key and parameters (JSON), so the journal shows it in
// the reader's Langue, not the sender's.
import { isPostgres, type Db } from '../db.js';
import { toAppError, type AppError, type MessageParams } from '../errors.js';
import { formatMessage, isMessageKey, type Lang } from '../i18n/index.js';
import { nowIso } from '../time.js';
import { claimColumns, NO_CLAIM, type Claim } from './claims.js';
import { joinRecipients } from './recipients.js';

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'uncertain';
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['queued', 'sending', 'sent', 'failed', 'uncertain'];

export interface NewMailRow {
  readonly userId: number;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  readonly body: string;
  readonly report: string;
  readonly company: string | null;
  readonly attachment: AttachmentInfo;
  /** The whole message, exactly (MIME headers and base64 included); unknown when omitted. */
  readonly messageSize?: number;
}

export interface AttachmentInfo {
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
}

/**
 * The state machine. A row only moves forward, each move one conditional UPDATE on its
 * current status (and, while it is worked on, on the claim of the process doing it):
 *
 *   queued ──► sending ──► sent                 (a sent row is never written again)
 *     │           ├──────► failed ──► queued    (retry: claimed again by one process)
 *     └──► failed └──────► uncertain ──► queued (retry only when the user confirms)
 *                                   └──► sent / failed  (settled by asking the upload session)
 *
 * A process that dies leaves its claim: queued → failed (nothing left), sending →
 * uncertain, or what its upload session says (settle.ts).
 */
export async function insertMail(db: Db, m: NewMailRow, claim: Claim): Promise<number> {
  const at = nowIso();
  const [row] = await db('outbox')
    .insert({
      user_id: m.userId,
      to_addresses: joinRecipients(m.to),
      cc_addresses: joinRecipients(m.cc),
      subject: m.subject,
      body: m.body,
      report_code: m.report,
      company_code: m.company || null,
      attachment_name: m.attachment.name,
      attachment_size: m.attachment.size,
      attachment_sha256: m.attachment.sha256,
      message_size: m.messageSize ?? null,
      status: 'queued',
      attempts: 0,
      created_at: at,
      updated_at: at,
      ...claimColumns(claim, at),
    })
    .returning('id');
  return typeof row === 'object' ? Number((row as { id: number }).id) : Number(row);
}

/**
 * Claims a row for a retry: `from` → queued, by one process only. SQLite: one conditional
 * UPDATE (writers are serialised). PostgreSQL: the row is locked with FOR UPDATE SKIP
 * LOCKED, so a second server retrying the same mail at the same moment skips it at once
 * instead of waiting for the first, then finds it claimed.
 */
export async function claimForRetry(db: Db, id: number, from: readonly OutboxStatus[], claim: Claim): Promise<boolean> {
  const at = nowIso();
  const change = { status: 'queued', last_error: null, upload_session: null, updated_at: at, ...claimColumns(claim, at) };
  if (!isPostgres(db)) {
    const n = await db('outbox').where({ id }).whereIn('status', from).update(change);
    return n === 1;
  }
  return db.transaction(async (trx) => {
    const row = await trx('outbox').where({ id }).whereIn('status', from).forUpdate().skipLocked().first('id');
    if (!row) return false;
    const n = await trx('outbox').where({ id }).whereIn('status', from).update(change);
    return n === 1;
  });
}

/** The attachment of a retry (the report is rendered again). Only while claimed. */
export async function setAttachment(db: Db, id: number, claim: Claim, a: AttachmentInfo, messageSize: number): Promise<boolean> {
  const n = await db('outbox').where({ id, claim: claim.token, status: 'queued' }).update({
    attachment_name: a.name,
    attachment_size: a.size,
    attachment_sha256: a.sha256,
    message_size: messageSize,
    updated_at: nowIso(),
  });
  return n === 1;
}

/** One more upload try starts: queued|sending → sending, attempts + 1. False: the claim was lost. */
export async function markSending(db: Db, id: number, claim: Claim): Promise<boolean> {
  const at = nowIso();
  const n = await db('outbox')
    .where({ id, claim: claim.token })
    .whereIn('status', ['queued', 'sending'])
    .update({ status: 'sending', attempts: db.raw('attempts + 1'), last_error: null, updated_at: at, claim_beat_at: at });
  return n === 1;
}

/**
 * A pause between two tries (503, 429 and its Retry-After, a network failure): why, and
 * when the next try comes, for whoever reads the journal meanwhile (another console, the
 * CLI). The next try's markSending clears it.
 */
export async function notePause(db: Db, id: number, claim: Claim, pause: StoredPause): Promise<void> {
  const at = nowIso();
  await db('outbox')
    .where({ id, claim: claim.token, status: 'sending' })
    .update({ last_error: JSON.stringify(pause), updated_at: at, claim_beat_at: at });
}

/** The resumable session of the upload in progress (to settle the mail if this process dies). */
export async function recordSession(db: Db, id: number, claim: Claim, url: string): Promise<boolean> {
  const n = await db('outbox')
    .where({ id, claim: claim.token })
    .whereIn('status', ['queued', 'sending'])
    .update({ upload_session: url, updated_at: nowIso() });
  return n === 1;
}

/** The holder is alive: its heartbeat, for processes on other hosts. */
export async function beat(db: Db, id: number, claim: Claim): Promise<void> {
  await db('outbox').where({ id, claim: claim.token }).whereIn('status', ['queued', 'sending']).update({ claim_beat_at: nowIso() });
}

/**
 * Gmail has the mail: sent, whatever the row said (a settler may have called it uncertain
 * meanwhile: the id is the truth). Never rewrites a row already sent. False: nothing changed
 * (already sent, or no such row).
 */
export async function markSent(db: Db, id: number, gmailId: string): Promise<boolean> {
  const at = nowIso();
  const n = await db('outbox')
    .where({ id })
    .whereNot('status', 'sent')
    .update({ status: 'sent', gmail_message_id: gmailId, last_error: null, sent_at: at, updated_at: at, ...NO_CLAIM });
  return n === 1;
}

/** Ends the holder's try in failed or uncertain with the reason. False: the claim was lost. */
export async function markEnded(db: Db, id: number, claim: Claim, status: 'failed' | 'uncertain', reason: unknown): Promise<boolean> {
  const n = await db('outbox')
    .where({ id, claim: claim.token })
    .whereIn('status', ['queued', 'sending'])
    .update({ status, last_error: encodeError(reason), updated_at: nowIso(), ...NO_CLAIM });
  return n === 1;
}

/**
 * Settles a row its holder left (or an uncertain one): from exactly `from` (and the same
 * claim token, when it had one) to `to`. False: someone else moved it first.
 */
export async function settleRow(
  db: Db,
  row: { readonly id: number; readonly status: OutboxStatus; readonly claim: string | null },
  to: 'failed' | 'uncertain',
  reason: AppError,
): Promise<boolean> {
  let q = db('outbox').where({ id: row.id, status: row.status });
  q = row.claim ? q.where('claim', row.claim) : q.whereNull('claim');
  const n = await q.update({ status: to, last_error: encodeError(reason), updated_at: nowIso(), ...NO_CLAIM });
  return n === 1;
}

/** The failure as its sentence's key and parameters (never a driver's text: toAppError logs that). */
export function encodeError(err: unknown): string {
  const e = toAppError(err);
  return JSON.stringify({ key: e.key, params: e.params });
}

export interface StoredError {
  readonly key: string;
  readonly params: MessageParams;
  /** A pause between tries (notePause): the try that failed and when the next one comes. */
  readonly attempt?: number;
  readonly retryAt?: string;
}

/** What notePause stores: why (a few words, mail.why.*), the try, the next one's time. */
export interface StoredPause extends StoredError {
  readonly attempt: number;
  readonly retryAt: string;
}

export function decodeError(raw: unknown): StoredError | null {
  if (raw === null || raw === undefined || raw === '') return null;
  try {
    const v = JSON.parse(String(raw)) as { key?: unknown; params?: unknown; attempt?: unknown; retryAt?: unknown };
    if (typeof v.key === 'string') {
      const e = { key: v.key, params: (v.params ?? {}) as MessageParams };
      return typeof v.retryAt === 'string' && typeof v.attempt === 'number' ? { ...e, attempt: v.attempt, retryAt: v.retryAt } : e;
    }
  } catch {
    /* a plain sentence written by something else */
  }
  return { key: '', params: { text: String(raw) } };
}

/** The stored failure as one sentence in `lang`. */
export function storedErrorMessage(raw: unknown, lang: Lang): string | null {
  const e = decodeError(raw);
  if (!e) return null;
  if (!isMessageKey(e.key)) return String(e.params.text ?? e.key);
  return formatMessage(lang, e.key, e.params);
}
