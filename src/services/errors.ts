// Errors a user can cause carry an i18n key and parameters, never a sentence in one
// language: the screen or CLI translates them into the user's Langue.
export type MessageParams = Record<string, string | number>;

export class AppError extends Error {
  readonly key: string;
  readonly params: MessageParams;
  constructor(key: string, params: MessageParams = {}) {
    super(key);
    this.name = 'AppError';
    this.key = key;
    this.params = params;
  }
}

export interface FieldError {
  readonly key: string;
  readonly params?: MessageParams;
}

/** One or more form fields are invalid; nothing was saved. */
export class ValidationError extends AppError {
  readonly fields: Readonly<Record<string, FieldError>>;
  constructor(fields: Record<string, FieldError>) {
    super('errors.validation', { count: Object.keys(fields).length });
    this.name = 'ValidationError';
    this.fields = fields;
  }
}

/** The record changed since it was read (optimistic locking). */
export class ConflictError extends AppError {
  constructor(entity: string, code: string) {
    super('errors.conflict', { entity, code });
    this.name = 'ConflictError';
  }
}

export class ForbiddenError extends AppError {
  constructor(fn: string, level: string) {
    super('errors.forbidden', { fn, level });
    this.name = 'ForbiddenError';
  }
}

/**
 * Refused by a rule on who may act on whom, though the right is held: a user holding more
 * rights than the actor, the last holder of the rights right, oneself.
 */
export class AccessRuleError extends AppError {
  constructor(key: string, params: MessageParams = {}) {
    super(key, params);
    this.name = 'AccessRuleError';
  }
}

export class NotFoundError extends AppError {
  constructor(entity: string, code: string) {
    super('errors.notFound', { entity, code });
    this.name = 'NotFoundError';
  }
}

/** Maps a database driver error to a user sentence; unknown errors pass through. */
export function fromDbError(err: unknown, dbPath: string): unknown {
  if (err instanceof AppError) return err;
  const e = err as { code?: string; errno?: number; message?: string } | undefined;
  const msg = e?.message ?? '';
  const code = e?.code ?? '';
  if (code === 'SQLITE_BUSY' || msg.includes('SQLITE_BUSY')) return new AppError('errors.dbBusy', { path: dbPath });
  if (code === 'SQLITE_READONLY' || msg.includes('SQLITE_READONLY')) return new AppError('errors.dbReadOnly', { path: dbPath });
  if (code === 'SQLITE_NOTADB' || msg.includes('SQLITE_NOTADB') || code === 'SQLITE_CORRUPT')
    return new AppError('errors.dbCorrupt', { path: dbPath });
  if (code === 'SQLITE_CANTOPEN' || msg.includes('SQLITE_CANTOPEN')) return new AppError('errors.dbCantOpen', { path: dbPath });
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT')
    return new AppError('errors.dbUnreachable', { path: dbPath });
  // PostgreSQL: wrong password / no such role, no such database.
  if (code === '28P01' || code === '28000') return new AppError('errors.dbAuth', { path: dbPath });
  if (code === '3D000') return new AppError('errors.dbMissing', { path: dbPath });
  return err;
}
