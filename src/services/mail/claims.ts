// Who holds an outbox row. A row being worked on (queued or sending) records its claim:
// a random token, the host, the pid and the start time of the process, and a heartbeat.
// Another process on the same host tells a live holder from a dead one by the pid and its
// start time (a pid is reused, a pid with the same start time is not); a process on another
// host can only watch the heartbeat.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Claim {
  readonly token: string;
  readonly host: string;
  readonly pid: number;
  /** When the holding process started (ISO). */
  readonly processStart: string;
}

/** The claim columns of an outbox row as read. */
export interface ClaimRow {
  readonly claim: string | null;
  readonly claim_host: string | null;
  readonly claim_pid: number | string | null;
  readonly claim_process_start: string | null;
  readonly claim_beat_at: string | null;
}

/** A heartbeat older than this, from another host, means its holder is gone. */
export const FOREIGN_CLAIM_TIMEOUT_MS = 90_000;
/** How often a holder renews its heartbeat. */
export const CLAIM_BEAT_MS = 20_000;
/** A process start time read two ways may differ by clock ticks and rounding. */
const START_TOLERANCE_MS = 3_000;

/** Claims held by this process right now: another part of it must not settle them. */
const held = new Set<string>();

let self: { host: string; start: string } | null = null;
function thisProcess(): { host: string; start: string } {
  if (!self) {
    const start = processStartMs(process.pid) ?? Date.now() - process.uptime() * 1000;
    self = { host: os.hostname(), start: new Date(start).toISOString() };
  }
  return self;
}

/** A new claim for this process, marked as held until release(). */
export function newClaim(): Claim {
  const p = thisProcess();
  const claim = { token: randomBytes(12).toString('base64url'), host: p.host, pid: process.pid, processStart: p.start };
  held.add(claim.token);
  return claim;
}

export function release(claim: Claim): void {
  held.delete(claim.token);
}

export function claimColumns(claim: Claim, at: string) {
  return {
    claim: claim.token,
    claim_host: claim.host,
    claim_pid: claim.pid,
    claim_process_start: claim.processStart,
    claim_beat_at: at,
  };
}

/** The claim columns emptied (the row is no longer being worked on). */
export const NO_CLAIM = { claim: null, claim_host: null, claim_pid: null, claim_process_start: null, claim_beat_at: null } as const;

/**
 * Whether the process that holds this row is gone. `legacyStale`: a row claimed before
 * claims existed (no token) counts as gone when it was not touched for 30 minutes.
 */
export function holderGone(row: ClaimRow, legacyStale: boolean, now = Date.now()): boolean {
  if (!row.claim) return legacyStale;
  if (held.has(row.claim)) return false;
  const me = thisProcess();
  if (row.claim_host !== me.host) {
    const beat = Date.parse(String(row.claim_beat_at ?? ''));
    return Number.isNaN(beat) || now - beat > FOREIGN_CLAIM_TIMEOUT_MS;
  }
  const pid = Number(row.claim_pid);
  // This very process, but not a claim it holds: what held it ended without settling.
  if (pid === process.pid && row.claim_process_start === me.start) return true;
  if (!pidAlive(pid)) return true;
  const started = processStartMs(pid);
  const recorded = Date.parse(String(row.claim_process_start ?? ''));
  if (started === null || Number.isNaN(recorded)) return false; // cannot tell: alive
  return Math.abs(started - recorded) > START_TOLERANCE_MS; // the pid now belongs to another process
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, under another OS user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let bootMs: number | null | undefined;
/** Start time of a process (Linux /proc), in ms since the epoch; null where it cannot be read. */
function processStartMs(pid: number): number | null {
  try {
    if (bootMs === undefined) {
      const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1];
      bootMs = btime ? Number(btime) * 1000 : null;
    }
    if (bootMs === null) return null;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime, in clock ticks since boot), counted after the ")" closing the name.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    // USER_HZ is 100 on every Linux this runs on (it is not readable without sysconf).
    return Number.isFinite(ticks) ? bootMs + ticks * 10 : null;
  } catch {
    return null;
  }
}
