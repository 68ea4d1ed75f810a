import type { Db } from './db.js';
import type { MessageParams } from './errors.js';
import type { Actor } from './rights.js';

export interface Alert {
  /** i18n key of the sentence. */
  readonly key: string;
  readonly params: MessageParams;
}

/**
 * Alerte lors ouverture session: what needs the user now — a Gmail link to renew,
 * mails that failed or whose fate is uncertain.
 */
export async function pendingAlerts(db: Db, actor: Actor): Promise<Alert[]> {
  const alerts: Alert[] = [];
  const link = await db('mail_accounts').where({ user_id: actor.id }).first('status', 'address');
  if (link?.status === 'needs_relink') alerts.push({ key: 'alert.gmailRelink', params: { address: link.address as string } });
  const rows = (await db('outbox')
    .where({ user_id: actor.id })
    .whereIn('status', ['failed', 'uncertain'])
    .groupBy('status')
    .select('status')
    .count({ n: '*' })) as Array<{ status: string; n: number | string }>;
  for (const r of rows)
    alerts.push({ key: r.status === 'failed' ? 'alert.mailFailed' : 'alert.mailUncertain', params: { count: Number(r.n) } });
  return alerts;
}
