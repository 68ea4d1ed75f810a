// Time for the services. Decisions that depend on the hour (lockouts, expiry, schedules,
// the idle lock) take a Clock, so a test moves time by passing one, never by changing a
// global; stamps (created_at, updated_at) are the system time.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock `offsetMs` ahead of `base` (a test: "16 minutes later"). */
export function shiftedClock(offsetMs: number, base: Clock = systemClock): Clock {
  return { now: () => new Date(base.now().getTime() + offsetMs) };
}

export function now(): Date {
  return systemClock.now();
}
export function nowIso(): string {
  return now().toISOString();
}
/** Local calendar date as YYYY-MM-DD. */
export function todayIso(d: Date = now()): string {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}
