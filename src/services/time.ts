// One clock for the services so tests can move time (lockouts, expiry, schedules).
let offsetMs = 0;
export function now(): Date {
  return new Date(Date.now() + offsetMs);
}
export function nowIso(): string {
  return now().toISOString();
}
/** Test hook: shift the services' clock. */
export function setClockOffset(ms: number): void {
  offsetMs = ms;
}
/** Local calendar date as YYYY-MM-DD. */
export function todayIso(d: Date = now()): string {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}
