import type { Db } from './db.js';
import type { Google } from './gmail/googleClient.js';
import { log } from './log.js';
import { todayIso } from './time.js';

/**
 * A user who is no longer active, or whose Date d'expiration has passed, keeps no Gmail
 * link: the refresh token is revoked at Google and deleted. Run at start-up and login,
 * which also revoke the tokens still queued for Google.
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
  // Tokens an earlier revocation left waiting for Google (link.ts): revoked now.
  const queued = await db('gmail_revocations').first('id');
  if (!rows.length && !queued) return 0;
  const { revokeLinkOfUser, revokeQueuedAtGoogle } = await import('./gmail/link.js');
  if (queued) await revokeQueuedAtGoogle(db, google);
  for (const r of rows) {
    try {
      await revokeLinkOfUser(db, r.id as number, null, google);
    } catch (e) {
      log('warn', `could not revoke the Gmail link of user ${String(r.id)}`, e);
    }
  }
  return rows.length;
}
