import type { Db } from './db.js';
import { NotFoundError } from './errors.js';
import { orderByColumns, readAll, wherePast, type SortColumn } from './keyset.js';
import { FUNCTIONS, requireRight, type Actor } from './rights.js';

export interface AuditRow {
  readonly id: number;
  readonly at: string;
  readonly actor: string | null;
  readonly action: string;
  readonly entity: string;
  readonly entityKey: string;
  readonly field: string;
  readonly old: string | null;
  readonly new: string | null;
}

export interface AuditListOptions {
  /** Entries older than this one (its id): the next page back in time. */
  readonly before?: number | null;
  /** Default 500, at most 100 000. */
  readonly limit?: number;
}

const NEWEST_FIRST: readonly SortColumn[] = [{ column: 'id', desc: true }];

/** The audit trail, newest first, a page at a time by position (needs the Audit right). */
export async function listAudit(db: Db, actor: Actor, opts: AuditListOptions = {}): Promise<AuditRow[]> {
  await requireRight(db, actor, FUNCTIONS.audit, 'lecture');
  let q = db('audit_log');
  if (opts.before != null) q = wherePast(q, NEWEST_FIRST, [opts.before], 'after');
  const rows = await orderByColumns(q, NEWEST_FIRST).limit(Math.min(Math.max(opts.limit ?? 500, 1), 100_000));
  return rows.map(toAuditRow);
}

/** One entry in full (needs the Audit right); NotFoundError when there is none. */
export async function getAuditEntry(db: Db, actor: Actor, id: number): Promise<AuditRow> {
  await requireRight(db, actor, FUNCTIONS.audit, 'lecture');
  const r = await db('audit_log').where({ id }).first();
  if (!r) throw new NotFoundError('entity.audit', String(id));
  return toAuditRow(r as Record<string, unknown>);
}

/** The newest `limit` entries (all with Infinity), chunk by chunk, for an export. */
export async function* eachAudit(db: Db, actor: Actor, limit: number): AsyncGenerator<AuditRow[]> {
  await requireRight(db, actor, FUNCTIONS.audit, 'lecture');
  let left = limit;
  for await (const rows of readAll<Record<string, unknown>>(
    () => db('audit_log'),
    NEWEST_FIRST,
    (r) => [Number(r.id)],
  )) {
    const kept = rows.slice(0, left);
    yield kept.map(toAuditRow);
    left -= kept.length;
    if (left <= 0) return;
  }
}

function toAuditRow(r: Record<string, unknown>): AuditRow {
  return {
    id: Number(r.id),
    at: r.at as string,
    actor: (r.actor_code as string | null) ?? null,
    action: r.action as string,
    entity: r.entity as string,
    entityKey: r.entity_key as string,
    field: r.field as string,
    old: (r.old_value as string | null) ?? null,
    new: (r.new_value as string | null) ?? null,
  };
}
