import type { Knex } from 'knex';

// The Utilisateurs filter at a million users: a substring index on users.search_text
// (already lower-case and accent-free), so a filter costs what it matches, not the table.
//
// SQLite: an FTS5 table with the trigram tokenizer over search_text, kept in step by
// triggers (every writer of users is covered, the services and bulk loads alike). Each
// text is indexed with two trailing U+001F marks, which no search text contains: every
// 1- or 2-character substring then starts some trigram, so a short filter is answered
// from the index's terms by prefix (the fts5vocab table) instead of by reading the table.
// PostgreSQL: a pg_trgm GIN index, which serves `search_text LIKE '%…%'` directly.
//
// Frozen once shipped: a change ships a new migration. Imports nothing from src/.

const SQLITE_UP = [
  `CREATE VIRTUAL TABLE users_fts USING fts5(search_text, content='users', content_rowid='id', tokenize='trigram')`,
  `CREATE VIRTUAL TABLE users_fts_terms USING fts5vocab(users_fts, 'row')`,
  `CREATE TRIGGER users_fts_insert AFTER INSERT ON users BEGIN
     INSERT INTO users_fts(rowid, search_text) VALUES (new.id, new.search_text || char(31, 31));
   END`,
  `CREATE TRIGGER users_fts_delete AFTER DELETE ON users BEGIN
     INSERT INTO users_fts(users_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text || char(31, 31));
   END`,
  `CREATE TRIGGER users_fts_update AFTER UPDATE OF search_text ON users BEGIN
     INSERT INTO users_fts(users_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text || char(31, 31));
     INSERT INTO users_fts(rowid, search_text) VALUES (new.id, new.search_text || char(31, 31));
   END`,
  `INSERT INTO users_fts(rowid, search_text) SELECT id, search_text || char(31, 31) FROM users`,
];

const SQLITE_DOWN = [
  'DROP TRIGGER IF EXISTS users_fts_update',
  'DROP TRIGGER IF EXISTS users_fts_delete',
  'DROP TRIGGER IF EXISTS users_fts_insert',
  'DROP TABLE IF EXISTS users_fts_terms',
  'DROP TABLE IF EXISTS users_fts',
];

function dialect(knex: Knex): 'sqlite' | 'pg' | 'other' {
  const client = String(knex.client.config.client ?? '');
  if (client === 'sqlite3' || client === 'better-sqlite3') return 'sqlite';
  if (client === 'pg' || client === 'postgres' || client === 'postgresql') return 'pg';
  return 'other';
}

export async function up(knex: Knex): Promise<void> {
  const kind = dialect(knex);
  if (kind === 'sqlite') {
    for (const sql of SQLITE_UP) await knex.raw(sql);
  } else if (kind === 'pg') {
    // pg_trgm is a trusted extension (the database owner may create it). A server without
    // it still filters correctly, by reading the table: try, and keep going without it.
    const available = await knex.raw(`SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'`);
    if (!available.rows.length) return;
    // A nested transaction is a savepoint inside the migration's own: a refusal undoes
    // only this part.
    await knex
      .transaction(async (trx) => {
        await trx.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
        await trx.raw('CREATE INDEX users_search_trgm_idx ON users USING gin (search_text gin_trgm_ops)');
      })
      .catch(() => undefined);
  }
}

export async function down(knex: Knex): Promise<void> {
  const kind = dialect(knex);
  if (kind === 'sqlite') {
    for (const sql of SQLITE_DOWN) await knex.raw(sql);
  } else if (kind === 'pg') {
    // The extension stays: other objects of the database may use it.
    await knex.raw('DROP INDEX IF EXISTS users_search_trgm_idx');
  }
}
