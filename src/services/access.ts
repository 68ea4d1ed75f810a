import type { Db } from './db.js';
import type { Google } from './gmail/googleClient.js';
import { log } from './log.js';
import { todayIso } from './time.js';

/**
 * A user who is no longer active, or whose Date d'expiration has passed, keeps no Gmail
 * link: the refresh token is revoked at Google and deleted. Run at start-up and login.
 */
export async function revokeLinksOfBarredUsers(db: Db, google: Google): Promise<number> {
  const rows = await db('mail_accounts as m')
    .join('users as u', 'u.id', 'm.user_id')
    .whereNot('m.status', 'revoked')
    .where((w) =>
      w
        .where('u.active', false)
        .orWhere((x) => x.where('u.never_expires', false).whereNotNull('u.expiry_date').where('u.expiry_date', '<', todayIso())),
    )
    .select('u.id');
  if (!rows.length) return 0;
  const { revokeLinkOfUser } = await import('./gmail/link.js');
  for (const r of rows) {
    try {
      await revokeLinkOfUser(db, r.id as number, null, google);
    } catch (e) {
      log('warn', `could not revoke the Gmail link of user ${String(r.id)}`, e);
    }
  }
  return rows.length;
}
