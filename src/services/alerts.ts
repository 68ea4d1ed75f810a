import type { Db } from './db.js';
import type { MessageParams } from './errors.js';
import type { MessageKey } from './i18n/index.js';
import { settleOutbox } from './mail/settle.js';
import type { Actor } from './rights.js';
import { now } from './time.js';

export interface Alert {
  /** i18n key of the sentence. */
  readonly key: MessageKey;
  readonly params: MessageParams;
}

/** A mail created this long ago and still not sent (nor failed) is worth a word at login. */
const WAITING_ALERT_MS = 60_000;

/**
 * Alerte lors ouverture session: what needs the user now — a Gmail link to renew, mails
 * that failed or whose fate is uncertain, and mails waiting (queued, sending) for more
 * than a minute. What dead senders left is settled first, so a mail whose sender is gone
 * is counted as what it really is.
 */
export async function pendingAlerts(db: Db, actor: Actor): Promise<Alert[]> {
  const alerts: Alert[] = [];
  const link = await db('mail_accounts').where({ user_id: actor.id }).first('status', 'address');
  if (link?.status === 'needs_relink') alerts.push({ key: 'alert.gmailRelink', params: { address: link.address as string } });
  await settleOutbox(db, { userId: actor.id });
  const before = new Date(now().getTime() - WAITING_ALERT_MS).toISOString();
  const rows = (await db('outbox')
    .where({ user_id: actor.id })
    .where((q) =>
      q
        .where('status', 'failed')
        .orWhere((q2) => q2.whereIn('status', ['uncertain', 'queued', 'sending']).where('created_at', '<', before)),
    )
    .groupBy('status')
    .select('status')
    .count({ n: '*' })) as Array<{ status: string; n: number | string }>;
  const count = (...statuses: string[]) => rows.filter((r) => statuses.includes(r.status)).reduce((n, r) => n + Number(r.n), 0);
  if (count('failed')) alerts.push({ key: 'alert.mailFailed', params: { count: count('failed') } });
  if (count('uncertain')) alerts.push({ key: 'alert.mailUncertain', params: { count: count('uncertain') } });
  if (count('queued', 'sending')) alerts.push({ key: 'alert.mailWaiting', params: { count: count('queued', 'sending') } });
  return alerts;
}
