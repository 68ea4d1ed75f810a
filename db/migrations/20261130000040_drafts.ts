import type { Knex } from 'knex';

// Drafts: a form that had unsaved changes when its terminal went away (SIGHUP, a dead tty),
// offered back at the user's next login on this database. One per user and form record;
// never a secret (the service strips them before writing).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('drafts', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('screen', 40).notNullable();
    // The record the form edits (a user code…), '' for a new one.
    t.string('record_key', 100).notNullable().defaultTo('');
    // JSON: the route's parameters and the form's values.
    t.text('params').notNullable();
    t.text('content').notNullable();
    t.string('saved_at', 30).notNullable();
    t.unique(['user_id', 'screen', 'record_key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('drafts');
}
