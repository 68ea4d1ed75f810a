// knex configuration for tools that want one. The console itself opens the database
// through src/services/db.ts (same settings) and applies the migrations it bundles.
import path from 'node:path';
import type { Knex } from 'knex';

const target = process.env.PRX_DB ?? path.resolve('var/demo.sqlite');

const config: Knex.Config = /^postgres(ql)?:\/\//i.test(target)
  ? { client: 'pg', connection: target, migrations: { directory: './migrations', extension: 'ts' } }
  : {
      client: 'sqlite3',
      connection: { filename: target },
      useNullAsDefault: true,
      migrations: { directory: './migrations', extension: 'ts' },
    };

export default config;
