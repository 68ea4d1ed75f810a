import type { Db } from './db.js';
import { audit } from './audit.js';
import { AccessRuleError, ForbiddenError, NotFoundError, ValidationError } from './errors.js';
import { todayIso } from './time.js';
import type { MessageKey } from './i18n/index.js';

export type RightLevel = 'aucun' | 'lecture' | 'modification';
export const LEVELS: readonly RightLevel[] = ['aucun', 'lecture', 'modification'];
const RANK: Record<RightLevel, number> = { aucun: 0, lecture: 1, modification: 2 };

/** Who is acting: the logged-in user (screens) or the CLI's --user. */
export interface Actor {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly language: 'fr' | 'en';
}

/** Shared functions guarded by rights (module › menu › option). Préférences is everyone's. */
export const FUNCTIONS = {
  users: 'systeme.maintenance.utilisateurs',
  companies: 'systeme.maintenance.compagnies',
  config: 'systeme.maintenance.configuration',
  rights: 'systeme.maintenance.droits',
  audit: 'systeme.maintenance.audit',
  outbox: 'courriels.journal',
} as const;

/** Report functions are rapports.<CODE>. */
export function reportFunction(code: string): string {
  return `rapports.${code}`;
}

export const SHARED_FUNCTIONS: readonly string[] = Object.values(FUNCTIONS);

export async function levelOf(db: Db, userId: number, fn: string): Promise<RightLevel> {
  const row = await db('rights').where({ user_id: userId, function_code: fn }).first('level');
  const level = row?.level as RightLevel | undefined;
  return level && level in RANK ? level : 'aucun';
}

export function allows(level: RightLevel, needed: RightLevel): boolean {
  return RANK[level] >= RANK[needed];
}

/** Throws ForbiddenError unless the actor holds at least `needed` on `fn`. */
export async function requireRight(db: Db, actor: Actor, fn: string, needed: RightLevel): Promise<RightLevel> {
  const level = await levelOf(db, actor.id, fn);
  if (!allows(level, needed)) throw new ForbiddenError(fn, needed);
  return level;
}

export async function rightsOf(db: Db, userId: number): Promise<Record<string, RightLevel>> {
  const rows = await db('rights').where({ user_id: userId }).select('function_code', 'level');
  const out: Record<string, RightLevel> = {};
  for (const r of rows) out[r.function_code as string] = r.level as RightLevel;
  return out;
}

/** Every function the rights matrix lists: shared functions, then one per report. */
export function allFunctions(reportCodes: readonly string[]): string[] {
  return [...SHARED_FUNCTIONS, ...reportCodes.map(reportFunction)];
}

/** Changer droits utilisateurs: read another user's rights. */
export async function getUserRights(db: Db, actor: Actor, userCode: string): Promise<Record<string, RightLevel>> {
  await requireRight(db, actor, FUNCTIONS.rights, 'lecture');
  const u = await db('users').where({ code_key: userCode.trim().toLowerCase() }).first('id');
  if (!u) throw new NotFoundError('entity.user', userCode);
  return rightsOf(db, u.id as number);
}

/** Changer droits utilisateurs: replace a user's rights (aucun rows are dropped). */
export async function setUserRights(db: Db, actor: Actor, userCode: string, levels: Readonly<Record<string, RightLevel>>): Promise<void> {
  await requireRight(db, actor, FUNCTIONS.rights, 'modification');
  const u = await db('users').where({ code_key: userCode.trim().toLowerCase() }).first('id', 'code');
  if (!u) throw new NotFoundError('entity.user', userCode);
  for (const [fn, level] of Object.entries(levels)) {
    if (!LEVELS.includes(level)) throw new ValidationError({ [fn]: { key: 'validation.choice', params: { choices: LEVELS.join(', ') } } });
  }
  const target = { id: u.id as number, code: u.code as string };
  const before = await rightsOf(db, target.id);
  await requireNotOutranked(db, actor, target, before);
  // Nobody hands out more than they hold (to others or to themselves).
  const mine = await rightsOf(db, actor.id);
  for (const [fn, level] of Object.entries(levels))
    if (!allows(mine[fn] ?? 'aucun', level)) throw new AccessRuleError('access.grantAbove', rightInWords(fn, level));
  if ((levels[FUNCTIONS.rights] ?? RIGHTS_HOLDER_LEVEL) !== RIGHTS_HOLDER_LEVEL && (await isLastRightsHolder(db, target.id)))
    throw new AccessRuleError('access.lastRightsHolder', { code: target.code, fn: rightInWords(FUNCTIONS.rights).fn });
  const changes = Object.entries(levels)
    .filter(([fn, level]) => (before[fn] ?? 'aucun') !== level)
    .map(([fn, level]) => ({ field: fn, old: before[fn] ?? 'aucun', new: level }));
  await db.transaction(async (trx) => {
    for (const [fn, level] of Object.entries(levels)) {
      await trx('rights').where({ user_id: u.id, function_code: fn }).delete();
      if (level !== 'aucun') await trx('rights').insert({ user_id: u.id, function_code: fn, level });
    }
    if (changes.length) await audit(trx, actor, 'update', 'rights', u.code as string, changes);
  });
}

// ---- Who may act on whom ----------------------------------------------------------------
// Holding Utilisateurs › modification must not be a way to more: an actor may change the
// password, Actif, expiry, schedule, companies or rights only of users whose every right
// they hold at least at the same level; and the rights right always keeps an active holder.

const RIGHTS_HOLDER_LEVEL: RightLevel = 'modification';

/** A function and a level as message parameters: the reader sees the menu path and the level in words. */
export function rightInWords(fn: string, level: string = 'aucun') {
  return { fn: { ref: `function.${fn}` as MessageKey }, level: { ref: `level.${level}` as MessageKey } };
}

/**
 * Throws AccessRuleError('access.outranked') when `target` holds a right the actor does not
 * hold at that level (the first such right is named). Acting on oneself is not outranked.
 */
export async function requireNotOutranked(
  db: Db,
  actor: Actor,
  target: { readonly id: number; readonly code: string },
  targetRights?: Readonly<Record<string, RightLevel>>,
): Promise<void> {
  if (target.id === actor.id) return;
  const mine = await rightsOf(db, actor.id);
  const theirs = targetRights ?? (await rightsOf(db, target.id));
  for (const fn of Object.keys(theirs).sort()) {
    const level = theirs[fn]!;
    if (!allows(mine[fn] ?? 'aucun', level))
      throw new AccessRuleError('access.outranked', { code: target.code, ...rightInWords(fn, level) });
  }
}

/**
 * True when `userId` is the only active, unexpired user holding the rights right: taking
 * it from them (deactivating, expiring, lowering) would leave nobody able to give rights.
 */
export async function isLastRightsHolder(db: Db, userId: number): Promise<boolean> {
  const holders = await db('rights as r')
    .join('users as u', 'u.id', 'r.user_id')
    .where({ 'r.function_code': FUNCTIONS.rights, 'r.level': RIGHTS_HOLDER_LEVEL, 'u.active': true })
    .where((w) => w.where('u.never_expires', true).orWhereNull('u.expiry_date').orWhere('u.expiry_date', '>=', todayIso()))
    .select('u.id');
  const ids = holders.map((h) => Number(h.id));
  return ids.includes(userId) && ids.length === 1;
}
