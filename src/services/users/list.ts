import type { Db } from '../db.js';
import { bool } from '../db.js';
import { FUNCTIONS, requireRight, type Actor } from '../rights.js';
import { normalizeSearch } from '../search.js';

export interface UserListRow {
  readonly code: string;
  readonly name: string;
  readonly email: string;
  readonly active: boolean;
  readonly default_company: string | null;
  readonly language: 'fr' | 'en';
}

export interface UserPage {
  readonly rows: UserListRow[];
  readonly total: number;
}

export interface ListOptions {
  readonly filter?: string;
  readonly offset?: number;
  readonly limit?: number;
}

/**
 * One page of the Utilisateurs list, filtered on code, name or e-mail (case and accents
 * ignored). The page reads the narrow (code_key, search_text) index in list order and
 * stops after `limit` rows; the total is one count over the same index.
 */
export async function listUsers(db: Db, actor: Actor, opts: ListOptions = {}): Promise<UserPage> {
  await requireRight(db, actor, FUNCTIONS.users, 'lecture');
  const f = normalizeSearch((opts.filter ?? '').trim());
  const offset = Math.max(0, opts.offset ?? 0);
  const limit = Math.max(1, opts.limit ?? 30);
  const filtered = (q: ReturnType<Db>) => {
    // Portable LIKE: % and _ typed by the user are literal.
    if (f) q.whereRaw("search_text like ? escape '\\'", [`%${f.replace(/[\\%_]/g, (m) => '\\' + m)}%`]);
    return q;
  };
  const ids = (await filtered(db('users')).select('id').orderBy('code_key').offset(offset).limit(limit)) as Array<{ id: number }>;
  const [{ n }] = (await filtered(db('users')).count({ n: '*' })) as [{ n: number | string }];
  const total = Number(n);
  const rows = ids.length
    ? await db('users as u')
        .leftJoin('companies as c', 'c.id', 'u.default_company_id')
        .whereIn(
          'u.id',
          ids.map((r) => r.id),
        )
        .select('u.code', 'u.name', 'u.email', 'u.active', 'u.language', 'c.code as default_company')
        .orderBy('u.code_key')
    : [];
  return {
    total,
    rows: rows.map((r: Record<string, unknown>) => ({
      code: r.code as string,
      name: r.name as string,
      email: r.email as string,
      active: bool(r.active),
      default_company: (r.default_company as string | null) ?? null,
      language: r.language === 'en' ? 'en' : 'fr',
    })),
  };
}
