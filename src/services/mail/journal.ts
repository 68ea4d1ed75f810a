// The sent journal: once Gmail has answered with a message id, that fact must survive
// whatever happens to the database write that records it (a lock held for long, a full
// disk, the process killed). Before the outbox row is written, the id goes into a small
// file of its own in `sent-journal/` next to the log; the file is removed once the row
// says `sent`. Whatever is left there is settled at the next start (settleOutbox).
// One file per mail: appends from several processes never interleave, and settling
// never rewrites a file another process is writing.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, fsyncSync, openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { dataHome } from '../../paths.js';
import { envOf, type Db } from '../db.js';
import { log, logFilePath } from '../log.js';

export interface JournalEntry {
  readonly db: string;
  readonly outboxId: number;
  readonly gmailId: string;
  readonly at: string;
}

/**
 * Next to the log file; without one (PRX_LOG=/dev/null), beside the SQLite database, or for
 * PostgreSQL in the data folder of the database's environment (the runtime's data folder,
 * dataDirOf). Derived from the database alone, so the sender that writes an entry and
 * every settler that reads it (alerts, the journal, a retry) find the same folder.
 */
export function journalDir(db: Db): string {
  const logFile = logFilePath();
  if (logFile && logFile !== '/dev/null') return path.join(path.dirname(logFile), 'sent-journal');
  const file = (db.client.config as { connection?: { filename?: string } }).connection?.filename;
  return path.join(file ? path.dirname(path.resolve(file)) : dataHome(envOf(db)), 'sent-journal');
}

/** Which database a journal entry belongs to: the SQLite file, or the PostgreSQL server and database. */
export function dbIdentity(db: Db): string {
  const conn = (db.client.config as { connection?: unknown }).connection;
  if (typeof conn === 'string') {
    try {
      const u = new URL(conn);
      return `postgres://${u.hostname}:${u.port || 5432}${u.pathname}`;
    } catch {
      return conn.replace(/\/\/[^@/]*@/, '//');
    }
  }
  const file = (conn as { filename?: string } | undefined)?.filename;
  return file ? `sqlite:${path.resolve(file)}` : 'unknown';
}

const keyOf = (identity: string) => createHash('sha256').update(identity).digest('hex').slice(0, 12);

/** Writes the entry durably (fsync before rename); returns its file, or null when it could not be written. */
export function writeSentEntry(dir: string, db: Db, outboxId: number, gmailId: string): string | null {
  const identity = dbIdentity(db);
  const entry: JournalEntry = { db: identity, outboxId, gmailId, at: new Date().toISOString() };
  const file = path.join(dir, `${keyOf(identity)}-${outboxId}-${gmailId.replace(/[^\w-]/g, '_')}.json`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeFileSync(fd, JSON.stringify(entry) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    return file;
  } catch (e) {
    log('error', `mail: could not write the sent journal in ${dir} (outbox ${outboxId}, Gmail ${gmailId})`, e);
    return null;
  }
}

export function removeEntry(file: string | null): void {
  if (file) rmSync(file, { force: true });
}

/** The entries of this database left in the journal, with their files. */
export function pendingEntries(dir: string, db: Db): Array<{ file: string; entry: JournalEntry }> {
  const identity = dbIdentity(db);
  const prefix = `${keyOf(identity)}-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: Array<{ file: string; entry: JournalEntry }> = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.json')) continue;
    const file = path.join(dir, name);
    try {
      const entry = JSON.parse(readFileSync(file, 'utf8')) as JournalEntry;
      if (entry.db === identity && Number.isInteger(entry.outboxId) && typeof entry.gmailId === 'string') out.push({ file, entry });
    } catch (e) {
      log('warn', `mail: unreadable sent-journal entry ${file}`, e);
    }
  }
  return out;
}
