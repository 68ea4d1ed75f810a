import type { Db } from './db.js';
import { audit } from './audit.js';
import { hashPassword, needsRehash, passwordCostOf, verifyPassword } from './crypto.js';
import { AppError } from './errors.js';
import type { Actor } from './rights.js';
import { nowIso, systemClock, todayIso, type Clock } from './time.js';
import { countFailedLogin, getSchedule, loadUser, withinSchedule, type UserRecord } from './users/index.js';

export interface Session {
  readonly actor: Actor;
  readonly user: UserRecord;
}

export function actorOf(u: UserRecord): Actor {
  return { id: u.id, code: u.code, name: u.name, language: u.language };
}

/**
 * Logs a user in. An unknown code, a wrong password, a locked account and a code without
 * a password all cost one full scrypt and answer the same sentence: nothing tells which
 * codes exist. Only the right password earns the reason of a refusal (locked, inactive,
 * expired, schedule).
 */
export async function login(db: Db, code: string, password: string, clock: Clock = systemClock): Promise<Session> {
  const trimmed = code.trim();
  if (!trimmed) throw new AppError('auth.codeRequired');
  const row = await db('users').where({ code_key: trimmed.toLowerCase() }).first('id', 'code', 'password_hash');
  const hash = (row?.password_hash as string | null | undefined) ?? null;
  if (!(await verifyPassword(password, hash, passwordCostOf(db))) || !row || !hash) {
    // One transaction whether the code exists or not (the same work, the same time): the
    // count and the audit row for a known code, the audit row alone for an unknown one.
    await db.transaction(async (trx) => {
      if (row) await countFailedLogin(trx, row.id as number, clock.now());
      await audit(trx, null, 'login_failed', 'user', row ? (row.code as string) : trimmed.slice(0, 100));
    });
    throw new AppError('auth.invalid');
  }
  const at = clock.now();
  const lockedUntil = await lockedUntilAt(db, row.id as number, at);
  if (lockedUntil) throw new AppError('auth.locked', { until: { dateTime: lockedUntil } });
  const user = (await loadUser(db, trimmed))!;
  checkAccess(user, await getSchedule(db, user.id), at);
  // Only while still unlocked: a lock set by a concurrent wrong password stands.
  // With Trace automatique, the login and its audit row are one transaction.
  const n = await db.transaction(async (trx) => {
    const opened = await trx('users')
      .where({ id: user.id })
      .where((w) => w.whereNull('locked_until').orWhere('locked_until', '<=', at.toISOString()))
      .update({ failed_logins: 0, locked_until: null, last_login_at: nowIso() });
    if (opened && user.auto_trace) await audit(trx, actorOf(user), 'login', 'session', user.code);
    return opened;
  });
  if (n === 0) {
    const until = await lockedUntilAt(db, user.id, at);
    throw new AppError('auth.locked', { until: { dateTime: until ?? at.toISOString() } });
  }
  if (needsRehash(hash, passwordCostOf(db))) {
    // A hash from an older, cheaper cost: replaced now that the password is known. Only if
    // nobody changed the password meanwhile.
    await db('users')
      .where({ id: user.id, password_hash: hash })
      .update({ password_hash: await hashPassword(password, passwordCostOf(db)) });
  }
  return { actor: actorOf(user), user };
}

/** `:logout`: the session ends by the user's choice; always in the audit trail. */
export async function logout(db: Db, actor: Actor): Promise<void> {
  await audit(db, actor, 'logout', 'session', actor.code);
}

/** When the account is locked at `at`: until when (ISO); null when it is not. */
async function lockedUntilAt(db: Db, userId: number, at: Date): Promise<string | null> {
  const r = await db('users').where({ id: userId }).first('locked_until');
  const until = (r?.locked_until as string | null | undefined) ?? null;
  return until && until > at.toISOString() ? until : null;
}

/** Throws the reason the user may not use Prextra at `at`, if any. */
export function checkAccess(user: UserRecord, schedule: Parameters<typeof withinSchedule>[0], at: Date): void {
  if (!user.active) throw new AppError('auth.inactive');
  if (!user.never_expires && user.expiry_date && user.expiry_date < todayIso(at))
    throw new AppError('auth.expired', { date: { date: user.expiry_date } });
  if (!withinSchedule(schedule, at)) throw new AppError('auth.outsideSchedule');
}
