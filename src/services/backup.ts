// db backup FILE: an online copy of a SQLite database (VACUUM INTO: one consistent
// snapshot, consoles may keep working meanwhile), created with mode 0600 like the database
// itself. A PostgreSQL database is backed up with the server's own pg_dump.
import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Db } from './db.js';
import { isPostgresUrl, redactDbTarget } from './dbAddress.js';
import { AppError } from './errors.js';

export interface Backup {
  readonly file: string;
  readonly bytes: number;
}

/** A PostgreSQL database: the pg_dump command to run instead, as an AppError (before connecting). */
export function refuseUnlessSqlite(target: string, file: string): void {
  if (isPostgresUrl(target)) throw new AppError('backup.usePgDump', { url: redactDbTarget(target), file });
}

export async function backupDatabase(db: Db, target: string, file: string): Promise<Backup> {
  refuseUnlessSqlite(target, file);
  const out = path.resolve(file);
  if (out === path.resolve(target)) throw new AppError('backup.sameFile');
  let fd: number;
  try {
    // Created empty first, so that it is never readable by others, even for a moment.
    fd = openSync(out, 'wx', 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new AppError('backup.exists', { file: out });
    throw new AppError('backup.cannotWrite', { file: out, reason: code ?? String(e) });
  }
  closeSync(fd);
  try {
    await db.raw('VACUUM INTO ?', [out]);
  } catch (e) {
    rmSync(out, { force: true });
    throw e;
  }
  return { file: out, bytes: statSync(out).size };
}
