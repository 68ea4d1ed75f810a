import type { Db } from './db.js';
import { audit } from './audit.js';
import { verifyPassword } from './crypto.js';
import { AppError } from './errors.js';
import { formatDate, formatDateTime } from './i18n/index.js';
import type { Actor } from './rights.js';
import { now, nowIso, todayIso } from './time.js';
import { getSchedule, loadUser, withinSchedule, type UserRecord } from './users/index.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export interface Session {
  readonly actor: Actor;
  readonly user: UserRecord;
}

export function actorOf(u: UserRecord): Actor {
  return { id: u.id, code: u.code, name: u.name, language: u.language };
}

/**
 * Logs a user in. The reason for a refusal (inactive, expired, schedule) is only
 * given once the password is right, so the screen does not reveal which codes exist.
 */
export async function login(db: Db, code: string, password: string): Promise<Session> {
  const trimmed = code.trim();
  if (!trimmed) throw new AppError('auth.codeRequired');
  const row = await db('users')
    .where({ code_key: trimmed.toLowerCase() })
    .first('id', 'code', 'failed_logins', 'locked_until', 'password_hash');
  if (!row) {
    // Same work as a real check, so timing does not tell whether the code exists.
    await verifyPassword(password, 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    throw new AppError('auth.invalid');
  }
  const lockedUntil = row.locked_until as string | null;
  if (lockedUntil && new Date(lockedUntil) > now()) throw new AppError('auth.locked', { until: formatDateTime(lockedUntil) });
  if (!row.password_hash) throw new AppError('auth.noPassword');
  const ok = await verifyPassword(password, row.password_hash as string);
  if (!ok) {
    const failed = Number(row.failed_logins) + 1;
    const lock = failed >= MAX_FAILED_LOGINS ? new Date(now().getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null;
    await db('users')
      .where({ id: row.id })
      .update({ failed_logins: lock ? 0 : failed, locked_until: lock });
    await audit(db, null, 'login_failed', 'user', row.code as string);
    if (lock) throw new AppError('auth.locked', { until: formatDateTime(lock) });
    throw new AppError('auth.invalid');
  }
  const user = (await loadUser(db, trimmed))!;
  checkAccess(user, await getSchedule(db, user.id), now());
  await db('users').where({ id: user.id }).update({ failed_logins: 0, locked_until: null, last_login_at: nowIso() });
  if (user.auto_trace) await audit(db, actorOf(user), 'login', 'session', user.code);
  return { actor: actorOf(user), user };
}

/** Throws the reason the user may not use Prextra at `at`, if any. */
export function checkAccess(user: UserRecord, schedule: Parameters<typeof withinSchedule>[0], at: Date): void {
  if (!user.active) throw new AppError('auth.inactive');
  if (!user.never_expires && user.expiry_date && user.expiry_date < todayIso(at))
    throw new AppError('auth.expired', { date: formatDate(user.expiry_date) });
  if (!withinSchedule(schedule, at)) throw new AppError('auth.outsideSchedule');
}
