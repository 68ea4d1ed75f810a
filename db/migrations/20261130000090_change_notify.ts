import type { Knex } from 'knex';

// PostgreSQL tells a console watching the data when a table it lists changes: one
// statement-level trigger per table sends NOTIFY prextra_changes with the table's name
// (the console LISTENs and reads its list again). SQLite needs nothing: the console polls
// PRAGMA data_version, which moves when another connection commits.
const TABLES = [
  'users',
  'user_companies',
  'user_schedules',
  'user_preferences',
  'companies',
  'config',
  'rights',
  'outbox',
  'audit_log',
  'mail_accounts',
] as const;

function isPostgres(knex: Knex): boolean {
  return ['pg', 'postgres', 'postgresql'].includes(String(knex.client.config.client ?? ''));
}

export async function up(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) return;
  await knex.raw(`
    CREATE OR REPLACE FUNCTION prextra_notify_change() RETURNS trigger AS $$
    BEGIN
      PERFORM pg_notify('prextra_changes', TG_TABLE_NAME);
      RETURN NULL;
    END;
    $$ LANGUAGE plpgsql`);
  for (const table of TABLES)
    await knex.raw(
      `CREATE TRIGGER prextra_notify_change AFTER INSERT OR UPDATE OR DELETE ON ?? FOR EACH STATEMENT EXECUTE FUNCTION prextra_notify_change()`,
      [table],
    );
}

export async function down(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) return;
  for (const table of TABLES) await knex.raw('DROP TRIGGER IF EXISTS prextra_notify_change ON ??', [table]);
  await knex.raw('DROP FUNCTION IF EXISTS prextra_notify_change()');
}
