import type { Db } from './db.js';
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

/** The audit trail, newest first (needs the Audit right). */
export async function listAudit(db: Db, actor: Actor, opts: { limit?: number; offset?: number } = {}): Promise<AuditRow[]> {
  await requireRight(db, actor, FUNCTIONS.audit, 'lecture');
  const rows = await db('audit_log')
    .orderBy('id', 'desc')
    .offset(opts.offset ?? 0)
    .limit(Math.min(Math.max(opts.limit ?? 500, 1), 100_000));
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at as string,
    actor: (r.actor_code as string | null) ?? null,
    action: r.action as string,
    entity: r.entity as string,
    entityKey: r.entity_key as string,
    field: r.field as string,
    old: (r.old_value as string | null) ?? null,
    new: (r.new_value as string | null) ?? null,
  }));
}
