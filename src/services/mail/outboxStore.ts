// The outbox rows, for the mail services only (screens and CLI go through outbox.ts).
// A failure is stored as its i18n key and parameters (JSON), so the journal shows it in
// the reader's Langue, not the sender's.
import type { Db } from '../db.js';
import { AppError, type MessageParams } from '../errors.js';
import { errorMessage, hasKey, t, type Lang } from '../i18n/index.js';
import { nowIso } from '../time.js';
import { joinRecipients, splitRecipients } from './recipients.js';

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
}

export interface AttachmentInfo {
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
}

// A display name may hold a comma ("Côté, Élise" <…>): the list is read back by the parser.
export const joinAddresses = joinRecipients;
export const splitAddresses = splitRecipients;

export async function insertMail(db: Db, m: NewMailRow): Promise<number> {
  const at = nowIso();
  const [row] = await db('outbox')
    .insert({
      user_id: m.userId,
      to_addresses: joinAddresses(m.to),
      cc_addresses: joinAddresses(m.cc),
      subject: m.subject,
      body: m.body,
      report_code: m.report,
      company_code: m.company || null,
      attachment_name: m.attachment.name,
      attachment_size: m.attachment.size,
      attachment_sha256: m.attachment.sha256,
      status: 'queued',
      attempts: 0,
      created_at: at,
      updated_at: at,
    })
    .returning('id');
  return typeof row === 'object' ? Number((row as { id: number }).id) : Number(row);
}

/** Moves a row to `to` only when it is still in one of `from` (one sender at a time). */
export async function claimMail(db: Db, id: number, from: readonly OutboxStatus[], to: OutboxStatus): Promise<boolean> {
  const n = await db('outbox').where({ id }).whereIn('status', from).update({ status: to, last_error: null, updated_at: nowIso() });
  return n === 1;
}

export async function setAttachment(db: Db, id: number, a: AttachmentInfo): Promise<void> {
  await db('outbox')
    .where({ id })
    .update({ attachment_name: a.name, attachment_size: a.size, attachment_sha256: a.sha256, updated_at: nowIso() });
}

/** One more upload attempt starts: status sending, attempts + 1. */
export async function markSending(db: Db, id: number): Promise<void> {
  await db('outbox')
    .where({ id })
    .update({ status: 'sending', attempts: db.raw('attempts + 1'), updated_at: nowIso() });
}

export async function markSent(db: Db, id: number, gmailId: string): Promise<void> {
  const at = nowIso();
  await db('outbox').where({ id }).update({ status: 'sent', gmail_message_id: gmailId, last_error: null, sent_at: at, updated_at: at });
}

/** Ends a row in failed or uncertain with the reason. */
export async function markEnded(db: Db, id: number, status: 'failed' | 'uncertain', reason: unknown): Promise<void> {
  await db('outbox')
    .where({ id })
    .update({ status, last_error: encodeError(reason), updated_at: nowIso() });
}

export function encodeError(err: unknown): string {
  if (err instanceof AppError) return JSON.stringify({ key: err.key, params: err.params });
  return JSON.stringify({ key: 'errors.unexpected', params: { detail: errorMessage(err, 'en').slice(0, 300) } });
}

export interface StoredError {
  readonly key: string;
  readonly params: MessageParams;
}

export function decodeError(raw: unknown): StoredError | null {
  if (raw === null || raw === undefined || raw === '') return null;
  try {
    const v = JSON.parse(String(raw)) as { key?: unknown; params?: unknown };
    if (typeof v.key === 'string') return { key: v.key, params: (v.params ?? {}) as MessageParams };
  } catch {
    /* a plain sentence written by something else */
  }
  return { key: '', params: { text: String(raw) } };
}

/** The stored failure as one sentence in `lang`. */
export function storedErrorMessage(raw: unknown, lang: Lang): string | null {
  const e = decodeError(raw);
  if (!e) return null;
  if (!e.key || !hasKey(e.key)) return String(e.params.text ?? e.key);
  return t(e.key, e.params, lang);
}
