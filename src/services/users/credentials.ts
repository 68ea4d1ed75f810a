import type { Db } from '../db.js';
import { audit } from '../audit.js';
import { hashPassword, verifyPassword } from '../crypto.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { FUNCTIONS, requireRight, type Actor } from '../rights.js';
import { nowIso } from '../time.js';

/** Sets a password (admin reset, or one's own change). Also clears a lockout. */
export async function setPassword(db: Db, actor: Actor | null, code: string, password: string): Promise<void> {
  const self = actor && actor.code.toLowerCase() === code.trim().toLowerCase();
  if (actor && !self) await requireRight(db, actor, FUNCTIONS.users, 'modification');
  if (password.length < 4) throw new ValidationError({ password: { key: 'validation.passwordShort', params: { min: 4 } } });
  const u = await db('users').where({ code_key: code.trim().toLowerCase() }).first('id', 'code');
  if (!u) throw new NotFoundError('@entity.user', code);
  await db('users')
    .where({ id: u.id })
    .update({ password_hash: await hashPassword(password), failed_logins: 0, locked_until: null, updated_at: nowIso() });
  await audit(db, actor, 'password', 'user', u.code as string, [{ field: 'password', old: '', new: '' }]);
}

/** A user changes their own password: the current one first. */
export async function changeOwnPassword(db: Db, actor: Actor, current: string, next: string): Promise<void> {
  const row = await db('users').where({ id: actor.id }).first('password_hash');
  if (!(await verifyPassword(current, row?.password_hash as string | null)))
    throw new ValidationError({ current_password: { key: 'auth.wrongCurrent' } });
  if (next.length < 8) throw new ValidationError({ password: { key: 'validation.passwordShort', params: { min: 8 } } });
  await setPassword(db, actor, actor.code, next);
}

/** An administrator lifts a lockout (5 wrong passwords). */
export async function unlockUser(db: Db, actor: Actor, code: string): Promise<void> {
  await requireRight(db, actor, FUNCTIONS.users, 'modification');
  const u = await db('users').where({ code_key: code.trim().toLowerCase() }).first('id', 'code');
  if (!u) throw new NotFoundError('@entity.user', code);
  await db('users').where({ id: u.id }).update({ failed_logins: 0, locked_until: null });
  await audit(db, actor, 'unlock', 'user', u.code as string);
}
