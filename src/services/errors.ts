// Errors a user can cause carry an i18n key and parameters, never a sentence in one
// language: the screen or CLI translates them into the user's Langue.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { MessageKey, MessageParams, ParamsArg } from './i18n/index.js';
import { log, logFilePath } from './log.js';

export type { MessageParams };

// The parameters are those the message names (checked by the compiler).
export class AppError<K extends MessageKey = MessageKey> extends Error {
  readonly key: K;
  readonly params: MessageParams;
  constructor(key: K, ...params: ParamsArg<K>) {
    super(key);
    this.name = 'AppError';
    this.key = key;
    this.params = (params[0] ?? {}) as MessageParams;
  }
}

/** The parameters of an error whose key is known only at run time (a wrapped or stored error). */
export function untypedParams(params: MessageParams): ParamsArg<MessageKey> {
  return [params] as unknown as ParamsArg<MessageKey>;
}

export interface FieldError {
  readonly key: MessageKey;
  readonly params?: MessageParams;
}

/** One or more form fields are invalid; nothing was saved. */
export class ValidationError extends AppError<'errors.validation'> {
  readonly fields: Readonly<Record<string, FieldError>>;
  constructor(fields: Record<string, FieldError>) {
    super('errors.validation', { count: Object.keys(fields).length });
    this.name = 'ValidationError';
    this.fields = fields;
  }
}

/** The record changed since it was read (optimistic locking); `entity` names its kind. */
export class ConflictError extends AppError<'errors.conflict'> {
  constructor(entity: MessageKey, code: string) {
    super('errors.conflict', { entity: { ref: entity }, code });
    this.name = 'ConflictError';
  }
}

export class ForbiddenError extends AppError<'errors.forbidden'> {
  /** The function (systeme.maintenance.utilisateurs, rapports.USR01) and the level it needs. */
  readonly fn: string;
  readonly level: string;
  constructor(fn: string, level: string) {
    // In words for the reader: "« Lecture » requis sur Gestion de système › … › Utilisateurs".
    super('errors.forbidden', { fn: { ref: `function.${fn}` as MessageKey }, level: { ref: `level.${level}` as MessageKey } });
    this.fn = fn;
    this.level = level;
    this.name = 'ForbiddenError';
  }
}

/**
 * Refused by a rule on who may act on whom, though the right is held: a user holding more
 * rights than the actor, the last holder of the rights right, oneself.
 */
export class AccessRuleError<K extends MessageKey = MessageKey> extends AppError<K> {
  constructor(key: K, ...params: ParamsArg<K>) {
    super(key, ...params);
    this.name = 'AccessRuleError';
  }
}

export class NotFoundError extends AppError<'errors.notFound'> {
  constructor(entity: MessageKey, code: string) {
    super('errors.notFound', { entity: { ref: entity }, code });
    this.name = 'NotFoundError';
  }
}

/**
 * Why SQLite cannot write at `file`: the mount is read-only, the file is, or its folder is
 * (WAL mode creates files beside the database). Null when all are writable or unknown.
 */
function unwritable(file: string): MessageKey | null {
  const check = (p: string): string | null => {
    try {
      accessSync(p, constants.W_OK);
      return null;
    } catch (e) {
      return String((e as NodeJS.ErrnoException).code ?? '');
    }
  };
  const dirCode = check(path.dirname(file));
  if (dirCode === 'EROFS') return 'errors.dbReadOnlyMount';
  const fileCode = check(file);
  if (fileCode === 'EROFS') return 'errors.dbReadOnlyMount';
  if (fileCode === 'EACCES' || fileCode === 'EPERM') return 'errors.dbReadOnly';
  if (dirCode === 'EACCES' || dirCode === 'EPERM') return 'errors.dbDirReadOnly';
  return null;
}

/** What a driver, file-system or network error carries that says what happened. */
interface RawError {
  readonly code?: unknown;
  readonly errno?: unknown;
  readonly message?: unknown;
  readonly constraint?: unknown;
  readonly table?: unknown;
  readonly detail?: unknown;
  readonly cause?: unknown;
}

/**
 * Maps a database driver error met while OPENING the database to a sentence naming it;
 * unknown errors pass through.
 */
export function fromDbError(err: unknown, dbPath: string): unknown {
  if (err instanceof AppError) return err;
  const kind = failureKind(err);
  // SQLite says "cannot open" or "read-only" alike for a read-only file, folder or mount.
  if ((kind === 'cantOpen' || kind === 'readOnly' || kind === 'readOnlyFile') && dbPath) {
    const why = unwritable(dbPath);
    if (why) return new AppError(why, ...untypedParams({ path: dbPath, dir: path.dirname(dbPath) }));
  }
  const keys: Partial<Record<FailureKind, MessageKey>> = {
    busy: 'errors.dbBusy',
    readOnly: 'errors.dbReadOnly',
    corrupt: 'errors.dbCorrupt',
    cantOpen: 'errors.dbCantOpen',
    unreachable: 'errors.dbUnreachable',
    auth: 'errors.dbAuth',
    missing: 'errors.dbMissing',
    gone: 'errors.dbGoneNow',
    diskFull: 'errors.diskFull',
  };
  const key = kind ? keys[kind] : undefined;
  return key ? new AppError(key, ...untypedParams({ path: dbPath })) : err;
}

type FailureKind =
  | 'gone'
  | 'busy'
  | 'readOnly'
  | 'readOnlyFile'
  | 'corrupt'
  | 'cantOpen'
  | 'unreachable'
  | 'auth'
  | 'missing'
  | 'diskFull'
  | 'connectionLost'
  | 'duplicate'
  | 'ioError'
  | 'noPermission';

/** The kind of a failure, read from the codes drivers and Node put on their errors (never from prose alone). */
export function failureKind(err: unknown): FailureKind | null {
  for (let e = err as RawError | undefined, depth = 0; e && depth < 4; e = e.cause as RawError | undefined, depth++) {
    const code = String(e.code ?? '');
    const msg = String(e.message ?? '');
    if (code === 'PRX_DB_GONE') return 'gone';
    // SQLite (node-sqlite3 puts the primary code in `code` and the text in the message).
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || /\bSQLITE_(BUSY|LOCKED)\b/.test(msg)) return 'busy';
    if (code === 'SQLITE_FULL' || /\bSQLITE_FULL\b/.test(msg)) return 'diskFull';
    if (code === 'SQLITE_READONLY' || /\bSQLITE_READONLY\b/.test(msg)) return 'readOnly';
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || /\bSQLITE_(NOTADB|CORRUPT)\b/.test(msg)) return 'corrupt';
    if (code === 'SQLITE_CANTOPEN' || /\bSQLITE_CANTOPEN\b/.test(msg)) return 'cantOpen';
    if (code === 'SQLITE_IOERR' || /\bSQLITE_IOERR\b/.test(msg)) return 'ioError';
    if (code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') return 'noPermission';
    if (code === 'SQLITE_CONSTRAINT' && /\bUNIQUE constraint failed\b/.test(msg)) return 'duplicate';
    // PostgreSQL (SQLSTATE in `code`).
    if (code === '23505') return 'duplicate';
    if (code === '53100') return 'diskFull';
    if (code === '25006') return 'readOnly';
    if (code === '28P01' || code === '28000') return 'auth';
    if (code === '3D000') return 'missing';
    if (code === '55P03' || code === '40P01' || code === '40001') return 'busy';
    if (code === '57P01' || code === '57P02' || code === '57P03' || code.startsWith('08')) return 'connectionLost';
    // node-postgres says so in words only (knex may put the SQL first: "ROLLBACK - Client has…").
    if (/\bConnection terminated\b|\bClient has encountered a connection error\b|\bterminating connection due to\b/.test(msg))
      return 'connectionLost';
    // The file system and the network (Node's errno codes).
    if (code === 'ENOSPC' || code === 'EDQUOT') return 'diskFull';
    if (code === 'EROFS') return 'readOnlyFile';
    if (code === 'EACCES' || code === 'EPERM') return 'noPermission';
    if (code === 'EIO') return 'ioError';
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH')
      return 'unreachable';
    if (code === 'ECONNRESET' || code === 'EPIPE') return 'connectionLost';
  }
  return null;
}

/** For a unique-code race: which code of what already exists (PostgreSQL says the value; SQLite names the column). */
function duplicateParams(err: unknown): { what: { ref: MessageKey }; code: string } {
  const e = err as RawError;
  const text = `${String(e?.constraint ?? '')} ${String(e?.message ?? '')}`;
  const value = /=\(([^)]*)\)/.exec(String(e?.detail ?? ''))?.[1] ?? '';
  const what: MessageKey = /\bcompan/i.test(text) ? 'entity.company' : /\busers?\b/i.test(text) ? 'entity.user' : 'errors.record';
  return { what: { ref: what }, code: value };
}

/** Errors already written to the log by toAppError (each once). */
const logged = new WeakSet<object>();

/**
 * Any error as one sentence's key: ours as they are; a database, file or network refusal
 * as its own sentence (busy, disk full, read-only, connection lost, a code that already
 * exists…); anything else 'errors.unexpected'. Never the driver's text, never SQL: the
 * original goes to the log here (once), so the log really holds what the sentence hides.
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const kind = failureKind(err);
  if (err && typeof err === 'object' && !logged.has(err)) {
    logged.add(err);
    log(kind ? 'warn' : 'error', kind ? `refused (${kind})` : 'unexpected error', err);
  }
  const file = String((err as { path?: unknown } | null)?.path ?? '');
  switch (kind) {
    case 'busy':
      return new AppError('errors.dbBusyNow');
    case 'readOnly':
      return new AppError('errors.dbReadOnlyNow');
    case 'readOnlyFile':
      return new AppError('errors.readOnlyFileNow', { path: file || '—' });
    case 'diskFull':
      return new AppError('errors.diskFullNow');
    case 'corrupt':
      return new AppError('errors.dbCorruptNow');
    case 'cantOpen':
      return new AppError('errors.dbCantOpenNow');
    case 'unreachable':
      return new AppError('errors.dbUnreachableNow');
    case 'auth':
      return new AppError('errors.dbAuthNow');
    case 'missing':
      return new AppError('errors.dbMissingNow');
    case 'gone':
      return new AppError('errors.dbGoneNow', { path: file || '—' });
    case 'connectionLost':
      return new AppError('errors.dbConnectionLostNow');
    case 'ioError':
      return new AppError('errors.ioErrorNow');
    case 'noPermission':
      return file ? new AppError('errors.noPermissionNow', { path: file }) : new AppError('errors.dbNoPermissionNow');
    case 'duplicate': {
      const p = duplicateParams(err);
      return p.code ? new AppError('errors.duplicateCode', p) : new AppError('errors.duplicate', { what: p.what });
    }
    default: {
      const logFile = logFilePath();
      return logFile && logFile !== '/dev/null'
        ? new AppError('errors.unexpected', { log: logFile })
        : new AppError('errors.unexpectedNoLog');
    }
  }
}
