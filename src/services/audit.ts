import type { Db } from './db.js';
import type { Actor } from './rights.js';
import { nowIso } from './time.js';

export interface AuditChange {
  readonly field: string;
  readonly old: unknown;
  readonly new: unknown;
}

// Fields whose values never reach the audit trail, only the fact they changed.
const SECRET_FIELDS = new Set(['password', 'password_hash', 'refresh_token', 'GmailClientSecret', 'client_secret']);
export const MASK = '••••••';

function show(field: string, v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (SECRET_FIELDS.has(field)) return MASK;
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}

export async function audit(
  db: Db,
  actor: Actor | null,
  action: string,
  entity: string,
  entityKey: string,
  changes: readonly AuditChange[] = [],
): Promise<void> {
  const at = nowIso();
  const base = { at, actor_code: actor?.code ?? null, action, entity, entity_key: entityKey };
  const rows = changes.length
    ? changes.map((c) => ({ ...base, field: c.field, old_value: show(c.field, c.old), new_value: show(c.field, c.new) }))
    : [{ ...base, field: '', old_value: null, new_value: null }];
  await db('audit_log').insert(rows);
}

export function diff(before: Record<string, unknown>, after: Record<string, unknown>, fields: readonly string[]): AuditChange[] {
  const out: AuditChange[] = [];
  for (const f of fields) {
    const a = before[f];
    const b = after[f];
    const same = Array.isArray(a) && Array.isArray(b) ? a.join('\u0000') === b.join('\u0000') : a === b;
    if (!same) out.push({ field: f, old: a, new: b });
  }
  return out;
}
