import type { Db } from '../../src/services/db.js';
import { userNameKey, userSearchText } from '../../src/services/search.js';

const FIRST = ['Émilie', 'Marc', 'Sophie', 'Pierre', 'Hélène', 'François', 'Zoé', 'Benoît'];
const LAST = ['Tremblay', 'Côté', 'Gagnon', 'Lévesque', 'St-Pierre', 'Bédard', 'Nguyen'];

export interface ManyUser {
  readonly code: string;
  readonly name: string;
  readonly email: string;
}

/** The i-th generated user: code `${prefix}NNNNN`, a French-Canadian name, an e-mail. */
export function manyUser(i: number, prefix = 'm'): ManyUser {
  const code = `${prefix}${String(i).padStart(5, '0')}`;
  return {
    code,
    name: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`,
    email: `${code}@${i % 3 === 0 ? 'qc' : 'mtl'}.example.com`,
  };
}

/**
 * Adds `count` users straight into the table (as a bulk load would, bypassing the
 * services): fast enough for thousands in a test, on SQLite and PostgreSQL.
 */
export async function insertManyUsers(db: Db, count: number, prefix = 'm'): Promise<ManyUser[]> {
  const ts = new Date().toISOString();
  const company = await db('companies').orderBy('code').first('id');
  const users = Array.from({ length: count }, (_, i) => manyUser(i, prefix));
  for (let start = 0; start < users.length; start += 200)
    await db('users').insert(
      users.slice(start, start + 200).map((u) => ({
        code: u.code,
        code_key: u.code.toLowerCase(),
        name: u.name,
        email: u.email,
        search_text: userSearchText(u.code, u.name, u.email),
        name_key: userNameKey(u.name),
        default_company_id: company?.id ?? null,
        created_at: ts,
        updated_at: ts,
      })),
    );
  return users;
}
