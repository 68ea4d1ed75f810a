import type { Knex } from 'knex';
import { isPostgres, type Db } from './db.js';

// What the list filter matches: lower case, accents removed, so "emilie" finds "Émilie"
// and "COTE" finds "Côté", the same on SQLite and PostgreSQL (no collation needed).
export function normalizeSearch(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      // Control characters are never in a search text (and U+001F marks its end in the index).
      .replace(/\p{Cc}/gu, '')
  );
}

/** The users.search_text column: code, name and e-mail, normalised. */
export function userSearchText(code: string, name: string, email: string): string {
  return normalizeSearch(`${code} ${name} ${email}`).slice(0, 400);
}

/** The users.name_key column: the name as Utilisateurs sorts it (lower case, no accents). */
export function userNameKey(name: string): string {
  return normalizeSearch(name).slice(0, 200);
}

/** Past this many rows a count is shown as "1 000+"; the exact figure is asked for apart. */
export const COUNT_CAP = 1000;

export interface RowCount {
  readonly n: number;
  /** True when there are more than `n` rows (n is then COUNT_CAP). */
  readonly atLeast: boolean;
}

/**
 * How a filter reads users: `from()` is a query on `users as u` restricted to the rows
 * the filter keeps (callers add columns, joins, order and limit); `count` is capped.
 *
 * Cost follows the matches. On SQLite the trigram index is asked first, for at most
 * COUNT_CAP + 1 matching rows: when there are no more than that, the page is read from
 * those rows alone (a rare filter never reads the table); when there are more, matches
 * are dense, so reading the list in order through the (code_key, search_text) index and
 * keeping the matching rows finds a page after about limit × rows / COUNT_CAP rows (when
 * matches are spread over the list). A filter of 3+ characters is a phrase of the index;
 * one of 2 characters, the union of the index's terms that start with it (its prefix);
 * one character always reads the list in order. On PostgreSQL the pg_trgm GIN index
 * serves the same LIKE, and the planner chooses between it and the ordered index.
 */
export interface UserFilter {
  /** The normalised filter ('' = every user). */
  readonly text: string;
  readonly count: RowCount;
  from(db: Db): Knex.QueryBuilder;
}

interface CachedFilter {
  readonly filter: UserFilter;
  readonly token: string;
}

// Per database and filter: paging through a filtered list does not recount. An entry is
// good while the database has not changed since (see changeToken).
const cache = new WeakMap<Db, Map<string, CachedFilter>>();
const CACHE_FILTERS = 64;

/**
 * Changes whenever the users may have changed. SQLite: this connection's change count (the
 * pool has one connection) and data_version (moves when another process commits).
 * PostgreSQL: the counter a trigger moves in every transaction that changes `users`
 * (migration users_change_count), seen when that transaction commits — this database's
 * users only, not every transaction on the server.
 */
async function changeToken(db: Db): Promise<string> {
  if (isPostgres(db)) {
    const row = (await db('users_change_count').where({ id: 1 }).first('n')) as { n: string | number } | undefined;
    return String(row?.n ?? '');
  }
  const [r] = (await db.raw('select total_changes() as c, (select data_version from pragma_data_version) as v')) as Array<{
    c: number;
    v: number;
  }>;
  return `${r!.c}/${r!.v}`;
}

/** The plan for `raw` (as typed), from the cache when the database has not changed. */
export async function userFilter(db: Db, raw: string): Promise<UserFilter> {
  const text = normalizeSearch(raw.trim());
  const token = await changeToken(db);
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  const hit = perDb.get(text);
  if (hit && hit.token === token) {
    // Most recently used last, so the oldest goes first when the map is full.
    perDb.delete(text);
    perDb.set(text, hit);
    return hit.filter;
  }
  const filter = isPostgres(db) ? await planPostgres(db, text) : await planSqlite(db, text);
  perDb.delete(text);
  perDb.set(text, { filter, token });
  if (perDb.size > CACHE_FILTERS) perDb.delete(perDb.keys().next().value!);
  return filter;
}

/** The exact number of users the filter keeps (cost: its matches, or the table). */
export async function exactUserCount(db: Db, filter: UserFilter): Promise<number> {
  if (!filter.count.atLeast) return filter.count.n;
  const [{ n }] = (await filter.from(db).count({ n: '*' })) as [{ n: number | string }];
  return Number(n);
}

/** LIKE pattern for a substring, with % _ and \ typed by the user taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
}

const like = (text: string) => (db: Db) => db('users as u').whereRaw("u.search_text like ? escape '\\'", [containsPattern(text)]);

async function cappedCount(q: Knex.QueryBuilder, db: Db): Promise<RowCount> {
  const [{ n }] = (await db.count({ n: '*' }).from(
    q
      .select(db.raw('1'))
      .limit(COUNT_CAP + 1)
      .as('capped'),
  )) as [{ n: number | string }];
  const count = Number(n);
  return count > COUNT_CAP ? { n: COUNT_CAP, atLeast: true } : { n: count, atLeast: false };
}

async function planPostgres(db: Db, text: string): Promise<UserFilter> {
  const from = text ? like(text) : (d: Db) => d('users as u');
  return { text, from, count: await cappedCount(from(db), db) };
}

/** An FTS5 string: the text between double quotes, quotes doubled. */
const ftsString = (s: string) => `"${s.replace(/"/g, '""')}"`;

async function planSqlite(db: Db, text: string): Promise<UserFilter> {
  if (!text) {
    const from = (d: Db) => d('users as u');
    return { text, from, count: await cappedCount(from(db), db) };
  }
  const chars = [...text].length;
  // One character matches a good share of any list (and the index's terms starting with it
  // are costly to enumerate): read the list in order, keeping the rows that match.
  if (chars === 1) return { text, from: like(text), count: await cappedCount(like(text)(db), db) };
  let match: string;
  if (chars >= 3) match = ftsString(text);
  else {
    // Every trigram that starts with the two characters (U+10FFFF sorts after any character).
    const terms = (await db.raw('select term from users_fts_terms where term >= ? and term < ?', [text, `${text}\u{10ffff}`])) as Array<{
      term: string;
    }>;
    if (!terms.length) return { text, from: (d: Db) => d('users as u').whereRaw('1 = 0'), count: { n: 0, atLeast: false } };
    match = terms.map((t) => ftsString(t.term)).join(' OR ');
  }
  const [{ n }] = (await db.raw('select count(*) as n from (select rowid from users_fts where users_fts match ? limit ?)', [
    match,
    COUNT_CAP + 1,
  ])) as Array<{ n: number }>;
  if (n > COUNT_CAP) return { text, from: like(text), count: { n: COUNT_CAP, atLeast: true } };
  // Few matches: read them alone. CROSS JOIN makes SQLite loop over the matches and look
  // each user up, rather than walk the whole list testing each against them.
  const from = (d: Db) =>
    d.from(d.raw('(select rowid as fts_id from users_fts where users_fts match ?) as m cross join users as u on u.id = m.fts_id', [match]));
  return { text, from, count: { n, atLeast: false } };
}
