import type { Db } from '../db.js';
import { audit } from '../audit.js';
import { hashPassword, passwordCostOf, verifyPassword } from '../crypto.js';
import { AppError, NotFoundError, ValidationError, type FieldError } from '../errors.js';
import { FUNCTIONS, requireNotOutranked, requireRight, type Actor } from '../rights.js';
import { now, nowIso } from '../time.js';

const PASSWORD_MIN_LENGTH = 8;
const MAX_FAILED_LOGINS = 5;
const LOCKOUT_MINUTES = 15;

/**
 * Counts one wrong password, atomically: one conditional UPDATE increments the counter
 * and, at the fifth, sets the lock in the same statement. Concurrent attempts each
 * count (the database serialises the row), and an account already locked is left as
 * it is (its lock does not grow).
 */
export async function countFailedLogin(db: Db, userId: number, at: Date = now()): Promise<void> {
  const until = new Date(at.getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
  await db('users')
    .where({ id: userId })
    .where((w) => w.whereNull('locked_until').orWhere('locked_until', '<=', at.toISOString()))
    .update({
      failed_logins: db.raw('case when failed_logins + 1 >= ? then 0 else failed_logins + 1 end', [MAX_FAILED_LOGINS]),
      locked_until: db.raw('case when failed_logins + 1 >= ? then ? else null end', [MAX_FAILED_LOGINS, until]),
    });
}

/**
 * The one password policy, for every door (form, :password, users passwd, first run):
 * at least 8 characters, and neither the user's code nor their name.
 */
function passwordProblem(password: string, who: { readonly code: string; readonly name: string }): FieldError | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return { key: 'validation.passwordShort', params: { min: PASSWORD_MIN_LENGTH } };
  const same = (a: string) => a.trim().toLowerCase() !== '' && a.trim().toLowerCase() === password.trim().toLowerCase();
  if (same(who.code)) return { key: 'validation.passwordIsCode' };
  if (same(who.name)) return { key: 'validation.passwordIsName' };
  return null;
}

/** Throws ValidationError({password}) unless `password` follows the policy. */
export function requirePasswordPolicy(password: string, who: { readonly code: string; readonly name: string }): void {
  const problem = passwordProblem(password, who);
  if (problem) throw new ValidationError({ password: problem });
}

/** Sets a password (admin reset, or one's own change). Also clears a lockout. */
export async function setPassword(db: Db, actor: Actor | null, code: string, password: string): Promise<void> {
  const self = actor && actor.code.toLowerCase() === code.trim().toLowerCase();
  if (actor && !self) await requireRight(db, actor, FUNCTIONS.users, 'modification');
  const u = await db('users').where({ code_key: code.trim().toLowerCase() }).first('id', 'code', 'name');
  if (!u) throw new NotFoundError('entity.user', code);
  if (actor) await requireNotOutranked(db, actor, { id: u.id as number, code: u.code as string });
  requirePasswordPolicy(password, { code: u.code as string, name: u.name as string });
  const hash = await hashPassword(password, passwordCostOf(db));
  await db.transaction(async (trx) => {
    await trx('users').where({ id: u.id }).update({ password_hash: hash, failed_logins: 0, locked_until: null, updated_at: nowIso() });
    await audit(trx, actor, 'password', 'user', u.code as string, [{ field: 'password', old: '', new: '' }]);
  });
}

/**
 * A user changes their own password: the current one first. A wrong current password
 * counts toward the lockout as a wrong login does; a locked account changes nothing.
 */
export async function changeOwnPassword(db: Db, actor: Actor, current: string, next: string): Promise<void> {
  const row = await db('users').where({ id: actor.id }).first('password_hash', 'locked_until');
  if (!(await verifyPassword(current, row?.password_hash as string | null, passwordCostOf(db)))) {
    await db.transaction(async (trx) => {
      await countFailedLogin(trx, actor.id);
      await audit(trx, actor, 'login_failed', 'user', actor.code, [{ field: 'current_password', old: '', new: '' }]);
    });
    throw new ValidationError({ current_password: { key: 'auth.wrongCurrent' } });
  }
  const until = (row?.locked_until as string | null) ?? null;
  if (until && until > now().toISOString()) throw new AppError('auth.locked', { until: { dateTime: until } });
  await setPassword(db, actor, actor.code, next);
}

/** An administrator lifts a lockout (5 wrong passwords). */
export async function unlockUser(db: Db, actor: Actor, code: string): Promise<void> {
  await requireRight(db, actor, FUNCTIONS.users, 'modification');
  const u = await db('users').where({ code_key: code.trim().toLowerCase() }).first('id', 'code');
  if (!u) throw new NotFoundError('entity.user', code);
  // Unlocking a more powerful account would let password guessing go on: theirs to ask.
  await requireNotOutranked(db, actor, { id: u.id as number, code: u.code as string });
  await db.transaction(async (trx) => {
    await trx('users').where({ id: u.id }).update({ failed_logins: 0, locked_until: null });
    await audit(trx, actor, 'unlock', 'user', u.code as string);
  });
}
