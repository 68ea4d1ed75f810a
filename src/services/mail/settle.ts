// Settling what others left: a mail whose Gmail id is in the sent journal but not in its
// row, and rows whose holding process is gone (killed, crashed, its terminal closed).
// Run by every command and screen that reads or sends mail, before it does (login alerts
// too): cheap when there is nothing to settle (one indexed query, one directory listing),
// and what settling needs (the outbox writes, nodemailer's address parser behind them, the
// HTTP client that asks an upload session) is loaded only when there is something to settle.
import { envOf, type Db } from '../db.js';
import { AppError } from '../errors.js';
import { log } from '../log.js';
import { now } from '../time.js';
import { holderGone, type ClaimRow } from './claims.js';
import { journalDir, pendingEntries, removeEntry } from './journal.js';
import type { OutboxStatus } from './outboxStore.js';

/** A row without a claim (written before claims existed) untouched this long belongs to no one. */
const LEGACY_STALE_MS = 30 * 60_000;

export interface SettleReport {
  /** Rows recorded sent from the journal or from their upload session. */
  readonly sent: number;
  readonly failed: number;
  readonly uncertain: number;
}

export interface SettleOptions {
  /** The sent journal's folder; journalDir() by default. */
  readonly journalDir?: string;
  /** Only rows of this user (the Journal des courriels of one sender); all by default. */
  readonly userId?: number;
}

export async function settleOutbox(db: Db, opts: SettleOptions = {}): Promise<SettleReport> {
  const counts = { sent: 0, failed: 0, uncertain: 0 };
  const store = () => import('./outboxStore.js');
  for (const { file, entry } of pendingEntries(opts.journalDir ?? journalDir(db), db)) {
    const { markSent } = await store();
    const row = await db('outbox').where({ id: entry.outboxId }).first('status', 'gmail_message_id');
    if (!row) {
      log('warn', `mail: sent-journal entry for a missing outbox row ${entry.outboxId} (Gmail ${entry.gmailId}) dropped`);
    } else if (row.status !== 'sent') {
      await markSent(db, entry.outboxId, entry.gmailId);
      counts.sent++;
      log('info', `mail: outbox ${entry.outboxId} recorded sent from the sent journal (Gmail ${entry.gmailId})`);
    }
    removeEntry(file);
  }

  let q = db('outbox')
    .whereIn('status', ['queued', 'sending'])
    .select(
      'id',
      'status',
      'updated_at',
      'upload_session',
      'message_size',
      'claim',
      'claim_host',
      'claim_pid',
      'claim_process_start',
      'claim_beat_at',
    );
  if (opts.userId !== undefined) q = q.where('user_id', opts.userId);
  const rows = (await q) as Array<
    ClaimRow & { id: number; status: OutboxStatus; updated_at: string; upload_session: string | null; message_size: unknown }
  >;
  for (const row of rows) {
    const legacyStale = Date.parse(String(row.updated_at)) < now().getTime() - LEGACY_STALE_MS;
    if (!holderGone(row, legacyStale)) continue;
    const { settleRow } = await store();
    const id = Number(row.id);
    if (row.status === 'queued') {
      // Nothing of it had gone to Google: failed, and a plain retry sends it.
      if (await settleRow(db, { id, status: 'queued', claim: row.claim }, 'failed', new AppError('mail.interrupted'))) counts.failed++;
      continue;
    }
    if (row.upload_session && row.message_size) {
      const told = await settleFromSession(db, { id, status: 'sending', claim: row.claim }, row.upload_session, Number(row.message_size));
      if (told) {
        if (told.moved) counts[told.kind]++;
        continue;
      }
    }
    const reason = new AppError('mail.uncertain', { reason: { ref: 'mail.reason.senderGone' } });
    if (await settleRow(db, { id, status: 'sending', claim: row.claim }, 'uncertain', reason)) counts.uncertain++;
  }
  if (counts.sent + counts.failed + counts.uncertain) log('info', `mail: settled outbox rows left behind: ${JSON.stringify(counts)}`);
  return counts;
}

/**
 * What a mail's resumable upload session says, recorded on its row (from exactly `row`'s
 * status and claim): completed → sent with Gmail's id; incomplete → failed (nothing was
 * delivered, a plain retry sends it). Null when the session cannot tell (gone,
 * unreachable): nothing is written. `moved`: this call changed the row.
 */
export async function settleFromSession(
  db: Db,
  row: { readonly id: number; readonly status: OutboxStatus; readonly claim: string | null },
  session: string,
  messageSize: number,
): Promise<{ readonly kind: 'sent' | 'failed'; readonly moved: boolean } | null> {
  const { askSession } = await import('./gmailUpload.js');
  const { markSent, settleRow } = await import('./outboxStore.js');
  const s = await askSession(session, messageSize, envOf(db));
  if (s.kind === 'sent') return { kind: 'sent', moved: await markSent(db, row.id, s.gmailId) };
  if (s.kind === 'incomplete') return { kind: 'failed', moved: await settleRow(db, row, 'failed', new AppError('mail.interrupted')) };
  return null;
}
