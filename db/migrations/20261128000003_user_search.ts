import type { Knex } from 'knex';

// Frozen copy of src/services/search.ts userSearchText as shipped with this migration: a
// migration never imports application code, so changing the normaliser later cannot change
// what this migration wrote (a new normaliser ships a new migration that recomputes it).
function userSearchText(code: string, name: string, email: string): string {
  return `${code} ${name} ${email}`.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().slice(0, 400);
}

// The Utilisateurs filter reads one normalised column instead of lower() on three: one
// narrow scan (of the index below, ordered like the list) at 100k users, accent-insensitive.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.string('search_text', 400).notNullable().defaultTo('');
  });
  let lastId = 0;
  for (;;) {
    const rows = await knex('users').where('id', '>', lastId).orderBy('id').limit(1000).select('id', 'code', 'name', 'email');
    if (!rows.length) break;
    for (const r of rows)
      await knex('users')
        .where({ id: r.id })
        .update({ search_text: userSearchText(r.code, r.name, r.email) });
    lastId = rows[rows.length - 1].id;
  }
  await knex.schema.alterTable('users', (t) => {
    t.index(['code_key', 'search_text'], 'users_code_search_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropIndex(['code_key', 'search_text'], 'users_code_search_idx');
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('search_text');
  });
}
