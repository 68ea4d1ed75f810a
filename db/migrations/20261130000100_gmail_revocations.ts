import type { Knex } from 'knex';

// Refresh tokens waiting to be revoked at Google. Unlinking, deactivating a user or
// re-linking another account changes the link here first (one transaction, with the
// token queued in this table), then asks Google; the row goes once Google has revoked the
// token. Google unreachable: the row stays, and every start-up or login tries again, so a
// token is never left valid at Google with nobody holding it, and a link is never shown
// as usable with a token Google already revoked. The token is encrypted like the link's
// (AES-GCM bound to this table, the user and the field). Frozen once shipped; imports
// nothing from src/.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('gmail_revocations', (t) => {
    t.increments('id').primary();
    // No foreign key: a deleted user's token must still be revoked.
    t.integer('user_id').notNullable();
    t.string('address', 254).notNullable();
    t.text('token_enc').notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error').nullable();
    t.string('created_at', 30).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('gmail_revocations');
}
