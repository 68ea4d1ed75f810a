import type { Db } from '../db.js';
import { audit } from '../audit.js';
import { NotFoundError, ValidationError, type FieldError } from '../errors.js';
import { FUNCTIONS, requireNotOutranked, requireRight, type Actor } from '../rights.js';
import { loadUser } from './record.js';

// Horaire pour connexion à Prextra: per weekday, allowed time ranges; none = no restriction.
export interface ScheduleRange {
  readonly weekday: number; // 1 = Monday … 7 = Sunday
  readonly start: string; // HH:MM
  readonly end: string; // HH:MM (exclusive)
}

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

export async function getSchedule(db: Db, userId: number): Promise<ScheduleRange[]> {
  const rows = await db('user_schedules').where({ user_id: userId }).orderBy(['weekday', 'start_time']);
  return rows.map((r) => ({ weekday: Number(r.weekday), start: r.start_time as string, end: r.end_time as string }));
}

export function validateSchedule(ranges: readonly ScheduleRange[]): Record<string, FieldError> {
  const e: Record<string, FieldError> = {};
  ranges.forEach((r, i) => {
    if (!(r.weekday >= 1 && r.weekday <= 7)) e[`range${i}`] = { key: 'validation.weekday' };
    else if (!TIME_RE.test(r.start) || !TIME_RE.test(r.end)) e[`range${i}`] = { key: 'validation.time' };
    else if (r.start >= r.end) e[`range${i}`] = { key: 'validation.timeOrder' };
  });
  return e;
}

export async function setSchedule(db: Db, actor: Actor, code: string, ranges: readonly ScheduleRange[]): Promise<void> {
  await requireRight(db, actor, FUNCTIONS.users, 'modification');
  const u = await loadUser(db, code);
  if (!u) throw new NotFoundError('entity.user', code);
  await requireNotOutranked(db, actor, u);
  const errors = validateSchedule(ranges);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const before = await getSchedule(db, u.id);
  const fmt = (rs: readonly ScheduleRange[]) => rs.map((r) => `${r.weekday} ${r.start}-${r.end}`).join('; ');
  await db.transaction(async (trx) => {
    await trx('user_schedules').where({ user_id: u.id }).delete();
    if (ranges.length)
      await trx('user_schedules').insert(ranges.map((r) => ({ user_id: u.id, weekday: r.weekday, start_time: r.start, end_time: r.end })));
    if (fmt(before) !== fmt(ranges))
      await audit(trx, actor, 'update', 'user', u.code, [{ field: 'schedule', old: fmt(before), new: fmt(ranges) }]);
  });
}

/** True when `at` falls in one of the ranges; no ranges = no restriction. */
export function withinSchedule(ranges: readonly ScheduleRange[], at: Date): boolean {
  if (ranges.length === 0) return true;
  const weekday = ((at.getDay() + 6) % 7) + 1;
  const hhmm = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  return ranges.some((r) => r.weekday === weekday && r.start <= hhmm && hhmm < r.end);
}
