import type { Knex } from 'knex';

// PostgreSQL: a counter of the statements that changed `users`, moved by a statement-level
// trigger in the changing transaction, so that a reader sees it move exactly when the change
// is committed. The Utilisateurs filter keeps its counts while it stays put; the server-wide
// snapshot it used before moved with any transaction in any database of the server.
// SQLite needs nothing: data_version and total_changes() are per database.

function isPostgres(knex: Knex): boolean {
  return ['pg', 'postgres', 'postgresql'].includes(String(knex.client.config.client ?? ''));
}

export async function up(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) return;
  await knex.raw('CREATE TABLE users_change_count (id integer PRIMARY KEY, n bigint NOT NULL)');
  await knex.raw('INSERT INTO users_change_count (id, n) VALUES (1, 0)');
  await knex.raw(`
    CREATE OR REPLACE FUNCTION prextra_count_users_change() RETURNS trigger AS $$
    BEGIN
      UPDATE users_change_count SET n = n + 1 WHERE id = 1;
      RETURN NULL;
    END;
    $$ LANGUAGE plpgsql`);
  await knex.raw(
    'CREATE TRIGGER prextra_count_users_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION prextra_count_users_change()',
  );
}

export async function down(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) return;
  await knex.raw('DROP TRIGGER IF EXISTS prextra_count_users_change ON users');
  await knex.raw('DROP FUNCTION IF EXISTS prextra_count_users_change()');
  await knex.raw('DROP TABLE IF EXISTS users_change_count');
}
