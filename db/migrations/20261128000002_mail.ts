import type { Knex } from 'knex';

// The Gmail link of each user and the outbox of every mail sent through it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mail_accounts', (t) => {
    t.integer('user_id').primary().references('id').inTable('users').onDelete('CASCADE');
    t.string('provider', 20).notNullable().defaultTo('gmail');
    t.string('address', 254).notNullable();
    t.text('scopes').notNullable().defaultTo('');
    t.text('refresh_token_enc').nullable(); // AES-256-GCM, base64 (iv.tag.ciphertext)
    t.text('access_token_enc').nullable();
    t.string('access_token_expires_at', 30).nullable();
    t.string('status', 20).notNullable(); // linked | needs_relink | revoked
    t.string('last_refresh_at', 30).nullable();
    t.text('last_error').nullable();
    t.string('linked_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
  });

  await knex.schema.createTable('outbox', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.text('to_addresses').notNullable();
    t.text('cc_addresses').notNullable().defaultTo('');
    t.string('subject', 500).notNullable();
    t.text('body').notNullable().defaultTo('');
    t.string('report_code', 20).nullable();
    t.string('company_code', 8).nullable();
    t.string('attachment_name', 255).nullable();
    t.bigInteger('attachment_size').nullable();
    t.string('attachment_sha256', 64).nullable();
    t.string('status', 20).notNullable(); // queued | sending | sent | failed | uncertain
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error').nullable();
    t.string('gmail_message_id', 100).nullable();
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
    t.string('sent_at', 30).nullable();
    t.index(['user_id']);
    t.index(['status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('outbox');
  await knex.schema.dropTableIfExists('mail_accounts');
}
