import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { redactDbAddresses } from './dbAddress.js';

// While Ink owns the screen nothing may reach stdout/stderr: diagnostics go to a file.
let logFile: string | null = process.env.PRX_LOG ?? null;

export function setLogFile(file: string): void {
  if (process.env.PRX_LOG) return;
  logFile = file;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  } catch {
    /* best effort */
  }
}

export function logFilePath(): string | null {
  return logFile;
}

// Tokens and secrets never reach the log, even inside an error message from a library.
const SECRET_PATTERNS: RegExp[] = [
  /(refresh_token|access_token|id_token|client_secret|code_verifier|code|password)(["'=:\s]+)([^"'&\s,}]+)/gi,
  /ya29\.[\w.-]+/g,
  /1\/\/[\w.-]{20,}/g,
];

export function redact(text: string): string {
  let out = redactDbAddresses(text);
  for (const re of SECRET_PATTERNS) out = out.replace(re, (m, k?: string, sep?: string) => (k && sep ? `${k}${sep}***` : '***'));
  return out;
}

export function log(level: 'info' | 'warn' | 'error', message: string, err?: unknown): void {
  if (!logFile || logFile === '/dev/null') return;
  const detail = err instanceof Error ? ` ${err.stack ?? err.message}` : err !== undefined ? ` ${String(err)}` : '';
  try {
    appendFileSync(logFile, redact(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${detail}`) + '\n', { mode: 0o600 });
  } catch {
    /* logging must never break the console */
  }
}
