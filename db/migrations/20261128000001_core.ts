import type { Knex } from 'knex';

// Companies, users and everything hanging off a user record (Utilisateurs screen).
// Portable column types only: this runs on SQLite today and PostgreSQL next.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('companies', (t) => {
    t.increments('id').primary();
    t.string('code', 8).notNullable().unique();
    t.string('name', 100).notNullable();
    t.string('address', 200).notNullable().defaultTo('');
    t.string('city', 100).notNullable().defaultTo('');
    t.string('phone', 30).notNullable().defaultTo('');
    t.integer('row_version').notNullable().defaultTo(1);
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
  });

  await knex.schema.createTable('users', (t) => {
    t.increments('id').primary();
    t.string('code', 10).notNullable().unique();
    // Lower-cased copy of the code: uniqueness and login are case-insensitive on
    // every database without relying on a collation.
    t.string('code_key', 10).notNullable().unique();
    t.string('name', 100).notNullable();
    t.string('email', 254).notNullable().defaultTo('');
    t.boolean('active').notNullable().defaultTo(true);
    t.boolean('never_expires').notNullable().defaultTo(true);
    t.boolean('auto_trace').notNullable().defaultTo(false);
    t.boolean('name_on_report').notNullable().defaultTo(false);
    t.boolean('task_assignment').notNullable().defaultTo(false);
    t.boolean('show_all_planned_wo').notNullable().defaultTo(false);
    t.boolean('show_prextra_news').notNullable().defaultTo(false);
    t.boolean('approve_eft').notNullable().defaultTo(false);
    t.boolean('login_alert').notNullable().defaultTo(false);
    t.boolean('hide_in_reminders').notNullable().defaultTo(false);
    t.boolean('developer').notNullable().defaultTo(false);
    t.string('expiry_date', 10).nullable(); // YYYY-MM-DD
    t.integer('session_timeout_min').notNullable().defaultTo(60);
    t.integer('page_lines').notNullable().defaultTo(30);
    t.string('crm_calendar_scale', 20).notNullable().defaultTo('');
    t.string('contact', 100).notNullable().defaultTo('');
    t.string('office_version', 20).notNullable().defaultTo('');
    t.integer('default_company_id').nullable().references('id').inTable('companies');
    t.string('language', 2).notNullable().defaultTo('fr');
    t.string('customer_no', 30).notNullable().defaultTo('');
    t.text('signature').notNullable().defaultTo('');
    t.string('password_hash', 255).nullable();
    t.integer('failed_logins').notNullable().defaultTo(0);
    t.string('locked_until', 30).nullable();
    t.string('last_login_at', 30).nullable();
    t.integer('row_version').notNullable().defaultTo(1);
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
    t.index(['name']);
  });

  await knex.schema.createTable('user_companies', (t) => {
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.integer('company_id').notNullable().references('id').inTable('companies').onDelete('CASCADE');
    t.primary(['user_id', 'company_id']);
  });

  await knex.schema.createTable('user_schedules', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.integer('weekday').notNullable(); // 1 = Monday … 7 = Sunday (ISO)
    t.string('start_time', 5).notNullable(); // HH:MM
    t.string('end_time', 5).notNullable(); // HH:MM, exclusive
    t.index(['user_id']);
  });

  await knex.schema.createTable('rights', (t) => {
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('function_code', 100).notNullable();
    t.string('level', 12).notNullable(); // aucun | lecture | modification
    t.primary(['user_id', 'function_code']);
  });

  await knex.schema.createTable('config', (t) => {
    t.string('key', 100).primary();
    t.text('value').notNullable().defaultTo('');
    t.string('updated_at', 30).notNullable();
    t.string('updated_by', 10).nullable();
  });

  await knex.schema.createTable('user_preferences', (t) => {
    t.integer('user_id').primary().references('id').inTable('users').onDelete('CASCADE');
    t.string('mail_type', 20).notNullable().defaultTo('aucun'); // aucun | gmail
    t.integer('row_version').notNullable().defaultTo(1);
    t.string('updated_at', 30).notNullable();
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.increments('id').primary();
    t.string('at', 30).notNullable();
    t.string('actor_code', 10).nullable();
    t.string('action', 40).notNullable(); // create | update | delete | login | send | …
    t.string('entity', 40).notNullable();
    t.string('entity_key', 100).notNullable().defaultTo('');
    t.string('field', 100).notNullable().defaultTo('');
    t.text('old_value').nullable();
    t.text('new_value').nullable();
    t.index(['at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('audit_log');
  await knex.schema.dropTableIfExists('user_preferences');
  await knex.schema.dropTableIfExists('config');
  await knex.schema.dropTableIfExists('rights');
  await knex.schema.dropTableIfExists('user_schedules');
  await knex.schema.dropTableIfExists('user_companies');
  await knex.schema.dropTableIfExists('users');
  await knex.schema.dropTableIfExists('companies');
}
