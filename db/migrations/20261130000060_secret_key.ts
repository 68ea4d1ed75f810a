import type { Knex } from 'knex';

// Several servers on one database must share one secret key (the Gmail client secret and
// refresh tokens are encrypted with it). The database keeps the key's fingerprint (an
// HMAC of a fixed label under the key, never the key) so a server holding another key is
// refused at start, before it encrypts anything. One row (id 1), written with the first
// secret. Frozen once shipped; imports nothing from src/.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('secret_key', (t) => {
    t.integer('id').primary();
    t.string('fingerprint', 64).notNullable();
    t.string('set_at', 30).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('secret_key');
}
