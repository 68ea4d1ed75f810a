// Options-Utilisateurs › Maintenance › Préférences: Types de courriels (Aucun | Gmail)
// and the Gmail link panel. Everyone reads and changes their own; another user's needs
// Utilisateurs › lecture to read and › modification to change.
import { audit } from '../audit.js';
import { readConfigList } from '../config.js';
import type { Db } from '../db.js';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { FUNCTIONS, requireRight, type Actor, type RightLevel } from '../rights.js';
import { nowIso } from '../time.js';
import { readLink, type LinkInfo } from './tokenStore.js';

export type MailType = 'aucun' | 'gmail';
export const MAIL_TYPES: readonly MailType[] = ['aucun', 'gmail'];

export interface Preferences {
  readonly userCode: string;
  readonly mailType: MailType;
  /** Gmail may be chosen: UserMaintenanceShowFields contains `gmail`. */
  readonly gmailOffered: boolean;
  /** The user's Courriel ('' when empty: Gmail cannot be linked yet). */
  readonly email: string;
  /** Pass back to setMailType (optimistic locking); 0 when the row does not exist yet. */
  readonly rowVersion: number;
  readonly link: LinkInfo | null;
}

export async function isGmailOffered(db: Db): Promise<boolean> {
  return (await readConfigList(db, 'UserMaintenanceShowFields')).includes('gmail');
}

async function resolveUser(db: Db, actor: Actor, userCode: string | undefined, needed: RightLevel) {
  const self = !userCode || userCode.trim().toLowerCase() === actor.code.toLowerCase();
  if (!self) await requireRight(db, actor, FUNCTIONS.users, needed);
  const u = self
    ? await db('users').where({ id: actor.id }).first('id', 'code', 'email')
    : await db('users').where({ code_key: userCode!.trim().toLowerCase() }).first('id', 'code', 'email');
  if (!u) throw new NotFoundError('entity.user', userCode ?? actor.code);
  return { id: u.id as number, code: u.code as string, email: ((u.email as string | null) ?? '').trim() };
}

/**
 * The rule of the original: a user mails through Gmail only when their Types de courriels
 * says Gmail. Otherwise AppError('mail.notGmail'), which says where to change it.
 */
export async function requireGmailMailType(db: Db, userId: number): Promise<void> {
  const p = await db('user_preferences').where({ user_id: userId }).first('mail_type');
  if (p?.mail_type !== 'gmail') throw new AppError('mail.notGmail');
}

export async function getPreferences(db: Db, actor: Actor, userCode?: string): Promise<Preferences> {
  const u = await resolveUser(db, actor, userCode, 'lecture');
  const p = await db('user_preferences').where({ user_id: u.id }).first('mail_type', 'row_version');
  return {
    userCode: u.code,
    mailType: p?.mail_type === 'gmail' ? 'gmail' : 'aucun',
    gmailOffered: await isGmailOffered(db),
    email: u.email,
    rowVersion: p ? Number(p.row_version) : 0,
    link: await readLink(db, u.id),
  };
}

/**
 * Enregistrer: sets Types de courriels. 'gmail' is refused when not offered
 * (gmail.notOffered) or without a Courriel (gmail.noEmail); it does not need a link
 * yet (the link can be made when the first mail is sent). ConflictError when someone
 * saved these preferences since `expectedVersion` was read.
 */
export async function setMailType(
  db: Db,
  actor: Actor,
  userCode: string,
  mailType: MailType,
  expectedVersion: number,
): Promise<Preferences> {
  if (!MAIL_TYPES.includes(mailType))
    throw new ValidationError({ mail_type: { key: 'validation.choice', params: { choices: MAIL_TYPES.join(', ') } } });
  const u = await resolveUser(db, actor, userCode, 'modification');
  const before = await db('user_preferences').where({ user_id: u.id }).first('mail_type', 'row_version');
  if (mailType === 'gmail' && before?.mail_type !== 'gmail') {
    if (!(await isGmailOffered(db))) throw new AppError('gmail.notOffered');
    if (!u.email) throw new AppError('gmail.noEmail', { code: u.code });
  }
  const ts = nowIso();
  const old = (before?.mail_type as string | undefined) ?? 'aucun';
  // The change and its audit row: one transaction.
  await db.transaction(async (trx) => {
    if (!before) {
      if (expectedVersion !== 0) throw new ConflictError('prefs.entity', u.code);
      try {
        await trx('user_preferences').insert({ user_id: u.id, mail_type: mailType, row_version: 1, updated_at: ts });
      } catch {
        throw new ConflictError('prefs.entity', u.code);
      }
    } else {
      const n = await trx('user_preferences')
        .where({ user_id: u.id, row_version: expectedVersion })
        .update({ mail_type: mailType, row_version: expectedVersion + 1, updated_at: ts });
      if (n === 0) throw new ConflictError('prefs.entity', u.code);
    }
    if (old !== mailType) await audit(trx, actor, 'update', 'preferences', u.code, [{ field: 'mail_type', old, new: mailType }]);
  });
  return getPreferences(db, actor, u.code);
}
