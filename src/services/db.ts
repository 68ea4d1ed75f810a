import type { Knex } from 'knex';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as core from '../../db/migrations/20261128000001_core.js';
import * as mail from '../../db/migrations/20261128000002_mail.js';
import * as userSearch from '../../db/migrations/20261128000003_user_search.js';
import * as userSearchIndex from '../../db/migrations/20261130000001_user_search_index.js';
import * as drafts from '../../db/migrations/20261130000040_drafts.js';
import * as outboxClaims from '../../db/migrations/20261130000050_outbox_claims.js';
import * as secretKey from '../../db/migrations/20261130000060_secret_key.js';
import * as changeNotify from '../../db/migrations/20261130000090_change_notify.js';
import * as gmailRevocations from '../../db/migrations/20261130000100_gmail_revocations.js';
import * as userNameKey from '../../db/migrations/20261130000110_user_name_key.js';
import * as usersChangeCount from '../../db/migrations/20261130000120_users_change_count.js';
import { isPostgresUrl, redactDbTarget } from './dbAddress.js';
import { AppError, failureKind, fromDbError } from './errors.js';

export type Db = Knex;

// Migrations are imported, not discovered on disk, so the bundled dist/cli.js carries
// them and start-up does not scan a folder.
const MIGRATIONS: Record<string, Knex.Migration> = {
  '20261128000001_core': core,
  '20261128000002_mail': mail,
  '20261128000003_user_search': userSearch,
  '20261130000001_user_search_index': userSearchIndex,
  '20261130000040_drafts': drafts,
  '20261130000050_outbox_claims': outboxClaims,
  '20261130000060_secret_key': secretKey,
  '20261130000090_change_notify': changeNotify,
  '20261130000100_gmail_revocations': gmailRevocations,
  '20261130000110_user_name_key': userNameKey,
  '20261130000120_users_change_count': usersChangeCount,
};

const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name]!,
};

export interface OpenDbOptions {
  /** Create the SQLite file when it does not exist (else: a clear error). */
  readonly create?: boolean;
  /**
   * The run's environment: where the services read the secret key (PRX_SECRET_KEY,
   * PRX_SECRET_KEY_FILE, PRX_CONFIG_DIR) and the password cost, with envOf(db). The entries
   * give their runtime's; the process's by default (tests, tools opening a database).
   */
  readonly env?: NodeJS.ProcessEnv;
}

/** What a database handle carries for the services (knex's userParams; a transaction inherits them). */
interface DbParams {
  readonly env: NodeJS.ProcessEnv;
}

/** The database is PostgreSQL (the one test for a dialect branch; SQLite otherwise). */
export function isPostgres(db: Db): boolean {
  const client = String((db.client as { config?: { client?: unknown } }).config?.client ?? '');
  return client === 'pg' || client === 'postgres' || client === 'postgresql';
}

/** The environment the database was opened for (OpenDbOptions.env). */
export function envOf(db: Db): NodeJS.ProcessEnv {
  const env = (db.userParams as Partial<DbParams> | undefined)?.env;
  if (!env) throw new Error('a database handle not opened by openDb');
  return env;
}

export { isPostgresUrl, redactDbTarget };

/** How long a SQLite statement waits for another program's write lock (PRAGMA busy_timeout). */
const BUSY_TIMEOUT_MS = 3000;

/**
 * A transaction that writes, run again while the database refuses it as busy, for as long
 * as SQLite's own wait would last. SQLite answers SQLITE_BUSY at once, without waiting,
 * when a transaction that has read must then write while another program holds the write
 * lock (waiting could deadlock two readers) — and a transaction reads before its first
 * write more often than it seems: the first insert into `users` on a connection makes the
 * FTS5 index behind its trigger read its settings. Nothing was written then, so running the
 * whole transaction again is safe; it then meets the other program's work (a code taken
 * meanwhile says so) instead of "busy". PostgreSQL's deadlock and serialization refusals
 * are the same kind. `work` must only touch the database. Inside an outer transaction it
 * runs once: only the outer one could be run again.
 */
export async function writeTransaction<T>(db: Db, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if ((db as Knex & { isTransaction?: boolean }).isTransaction) return db.transaction(work);
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (err) {
      if (failureKind(err) !== 'busy' || Date.now() - started >= BUSY_TIMEOUT_MS) throw err;
      // The other program's transaction is usually a few milliseconds long.
      const pause = Math.min(200, 10 * 2 ** attempt) * (0.5 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** Opens the database: a SQLite file path, or a postgres:// URL. */
export async function openDb(target: string, options: OpenDbOptions = {}): Promise<Db> {
  // Loaded here, not at start-up: the console draws its first frame before it needs a database.
  const { default: knexFactory } = await import('knex');
  const params: DbParams = { env: options.env ?? process.env };
  if (isPostgresUrl(target)) {
    const db = knexFactory({ client: 'pg', connection: target, pool: { min: 0, max: 4 }, log: quietKnexLog });
    db.userParams = params;
    try {
      await db.raw('select 1');
    } catch (err) {
      await db.destroy();
      throw fromDbError(err, redactDbTarget(target));
    }
    return db;
  }
  const file = path.resolve(target);
  // sqlite3 is an optional dependency (a PostgreSQL-only site needs no compiler): say how to get it.
  if (!sqliteDriverInstalled()) throw new AppError('errors.sqliteDriverMissing', { path: file });
  if (!existsSync(file)) {
    if (!options.create) throw new AppError('errors.dbMissing', { path: file });
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    closeSync(openSync(file, 'a', 0o600));
  } else {
    checkSqliteHeader(file);
  }
  const opened = statSync(file);
  const db = knexFactory({
    client: 'sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    // sqlite3 serialises on one connection anyway; one connection keeps WAL simple.
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: SqliteConn, done: (err: Error | null, conn: SqliteConn) => void) => {
        conn.run(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`, () =>
          conn.run('PRAGMA foreign_keys = ON', () =>
            conn.run('PRAGMA journal_mode = WAL', (err: Error | null) => done(err ?? null, guardFile(conn, file, opened))),
          ),
        );
      },
    },
    log: quietKnexLog,
  });
  db.userParams = params;
  try {
    await db.raw('select 1');
  } catch (err) {
    await db.destroy().catch(() => undefined);
    throw fromDbError(err, file);
  }
  for (const extra of ['-wal', '-shm']) {
    try {
      chmodSync(file + extra, 0o600);
    } catch {
      /* not created yet */
    }
  }
  return db;
}

function sqliteDriverInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('sqlite3');
    return true;
  } catch {
    return false;
  }
}

type SqliteCallback = (err: Error | null, ...rest: unknown[]) => void;
interface SqliteConn {
  run(sql: string, ...rest: unknown[]): unknown;
  all(sql: string, ...rest: unknown[]): unknown;
}

/**
 * Every statement first checks that the file at the database's path is still the one this
 * connection opened. SQLite keeps writing to a file deleted or replaced under it (moved
 * away, restored from a backup): the console would say « Enregistré » and the work would
 * be lost with the unlinked file. A stat per statement (microseconds) is the price.
 */
function guardFile(conn: SqliteConn, file: string, opened: { dev: number; ino: number }): SqliteConn {
  for (const method of ['run', 'all'] as const) {
    const original = conn[method].bind(conn);
    conn[method] = (sql: string, ...rest: unknown[]) => {
      const now = statSync(file, { throwIfNoEntry: false });
      if (now && now.dev === opened.dev && now.ino === opened.ino) return original(sql, ...rest);
      const cb = [...rest].reverse().find((r): r is SqliteCallback => typeof r === 'function');
      const err = Object.assign(new Error(`database file ${now ? 'replaced' : 'deleted'} while open: ${file}`), {
        code: 'PRX_DB_GONE',
        path: file,
      });
      if (cb) process.nextTick(() => cb.call(conn, err));
      return conn;
    };
  }
  return conn;
}

// knex prints warnings with console.log; while Ink owns the screen nothing may print.
const quietKnexLog = {
  warn: () => undefined,
  error: () => undefined,
  deprecate: () => undefined,
  debug: () => undefined,
};

function checkSqliteHeader(file: string): void {
  const st = statSync(file);
  if (st.isDirectory()) throw new AppError('errors.dbCantOpen', { path: file });
  if (st.size === 0) return;
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    readSync(fd, buf, 0, 16, 0);
    if (buf.toString('latin1') !== 'SQLite format 3\u0000') throw new AppError('errors.dbCorrupt', { path: file });
  } finally {
    closeSync(fd);
  }
}

export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

export async function migrationStatus(db: Db): Promise<{ applied: string[]; pending: string[] }> {
  const [applied, pending] = (await db.migrate.list({ migrationSource })) as [
    Array<{ name: string } | string>,
    Array<{ file?: string; name?: string } | string>,
  ];
  const name = (m: { name?: string; file?: string } | string) => (typeof m === 'string' ? m : (m.name ?? m.file ?? ''));
  return { applied: applied.map(name), pending: pending.map(name) };
}

export async function rollbackAll(db: Db): Promise<void> {
  await db.migrate.rollback({ migrationSource }, true);
}

/** Knex returns 0/1 for SQLite booleans and true/false for PostgreSQL. */
export function bool(v: unknown): boolean {
  return v === true || v === 1 || v === '1';
}
