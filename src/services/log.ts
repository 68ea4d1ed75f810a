import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { redactDbAddresses } from './dbAddress.js';

// While Ink owns the screen nothing may reach stdout/stderr: diagnostics go to a file, the
// one PRX_LOG names. It is the process's, like its standard error: the user sets PRX_LOG,
// or the entry sets it to the default before anything logs (logToDefaultFile). Read at
// each line, never kept here: no test's log depends on what ran before it.

/** The log file of this process; null (or /dev/null) when nothing is logged. */
export function logFilePath(): string | null {
  return process.env.PRX_LOG || null;
}

/**
 * For the entry only: a process whose user did not set PRX_LOG logs to `file` (the default
 * under $XDG_STATE_HOME), its folder created now.
 */
export function logToDefaultFile(file: string): void {
  if (process.env.PRX_LOG) return;
  process.env.PRX_LOG = file;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  } catch {
    /* best effort */
  }
}

// Tokens and secrets never reach the log, even inside an error message from a library.
const SECRET_PATTERNS: RegExp[] = [
  /(refresh_token|access_token|id_token|client_secret|code_verifier|code|password)(["'=:\s]+)([^"'&\s,}]+)/gi,
  /ya29\.[\w.-]+/g,
  /1\/\/[\w.-]{20,}/g,
];

function redact(text: string): string {
  let out = redactDbAddresses(text);
  for (const re of SECRET_PATTERNS) out = out.replace(re, (m, k?: string, sep?: string) => (k && sep ? `${k}${sep}***` : '***'));
  return out;
}

/** The log is rotated by size: the file and 4 older ones (.1 newest … .4), 5 MB each at most. */
export const LOG_ROTATION = { maxBytes: 5 * 1024 * 1024, keep: 5 };

/** Moves file → file.1 → … → file.(keep-1) (the oldest dropped) when `incoming` bytes would overflow it. */
function rotateIfFull(file: string, incoming: number): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return; // no log yet
  }
  if (size === 0 || size + incoming <= LOG_ROTATION.maxBytes) return;
  for (let i = LOG_ROTATION.keep - 1; i >= 1; i--) {
    try {
      renameSync(i === 1 ? file : `${file}.${i - 1}`, `${file}.${i}`);
    } catch {
      /* that one does not exist yet */
    }
  }
}

export function log(level: 'info' | 'warn' | 'error', message: string, err?: unknown): void {
  const logFile = logFilePath();
  if (!logFile || logFile === '/dev/null') return;
  const detail = err instanceof Error ? ` ${err.stack ?? err.message}` : err !== undefined ? ` ${String(err)}` : '';
  try {
    const line = redact(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${detail}`) + '\n';
    rotateIfFull(logFile, Buffer.byteLength(line));
    appendFileSync(logFile, line, { mode: 0o600 });
  } catch {
    /* logging must never break the console */
  }
}
