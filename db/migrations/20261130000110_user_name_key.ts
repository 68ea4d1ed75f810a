import type { Knex } from 'knex';

// Frozen copy of src/services/search.ts userNameKey as shipped with this migration: a
// migration never imports application code (a new rule ships a new migration).
function userNameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\p{Cc}/gu, '')
    .slice(0, 200);
}

// Utilisateurs sorted on Nom reads the list page by page in the order of this key — the
// name in lower case without accents, so « Émilie » comes between « Daniel » and
// « François » on SQLite as on PostgreSQL whatever the server's collation — through the
// index (name_key, id). The application keeps it up to date with the name.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.string('name_key', 200).notNullable().defaultTo('');
  });
  let lastId = 0;
  for (;;) {
    const rows = await knex('users').where('id', '>', lastId).orderBy('id').limit(1000).select('id', 'name');
    if (!rows.length) break;
    for (const r of rows)
      await knex('users')
        .where({ id: r.id })
        .update({ name_key: userNameKey(String(r.name ?? '')) });
    lastId = rows[rows.length - 1].id;
  }
  await knex.schema.alterTable('users', (t) => {
    t.index(['name_key', 'id'], 'users_name_key_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropIndex(['name_key', 'id'], 'users_name_key_idx');
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('name_key');
  });
}
