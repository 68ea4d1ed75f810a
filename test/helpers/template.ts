// Migrating and seeding costs a few hundred milliseconds (the seed hashes a password with
// scrypt); most tests need the same demo database. It is built once per run (globalSetup)
// as template files, and each test gets a copy: a file copy for SQLite, CREATE DATABASE …
// TEMPLATE for PostgreSQL.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { migrateLatest, openDb } from '../../src/services/db.js';
import { seedDemo } from '../../db/seeds/demo.js';

/** The template files of one run: a migrated database, and the same with the demo data. */
export interface SqliteTemplates {
  readonly migrated: string;
  readonly seeded: string;
}

/** The template databases of one run on the PRX_TEST_PG_URL server. */
export interface PgTemplates {
  readonly migrated: string;
  readonly seeded: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    sqliteTemplates: SqliteTemplates;
    pgTemplates: PgTemplates | null;
  }
}

async function buildSqlite(file: string, seed: boolean): Promise<void> {
  const db = await openDb(file, { create: true });
  try {
    await migrateLatest(db);
    if (seed) await seedDemo(db);
    // One self-contained file (no -wal beside it), so a plain copy is the whole database.
    await db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    await db.raw('PRAGMA journal_mode = DELETE');
  } finally {
    await db.destroy();
  }
}

/** Builds the SQLite templates in a new temp folder (the caller removes it). */
export async function buildSqliteTemplates(): Promise<SqliteTemplates & { readonly dir: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'prx-template-'));
  const migrated = path.join(dir, 'migrated.sqlite');
  const seeded = path.join(dir, 'seeded.sqlite');
  await Promise.all([buildSqlite(migrated, false), buildSqlite(seeded, true)]);
  return { dir, migrated, seeded };
}

/** Runs `fn` with an administrative connection to the server of `pgUrl`. */
export async function withPgAdmin<T>(pgUrl: string, fn: (admin: knexFactory.Knex) => Promise<T>): Promise<T> {
  const admin = knexFactory({ client: 'pg', connection: pgUrl, pool: { min: 0, max: 1 } });
  try {
    return await fn(admin);
  } finally {
    await admin.destroy();
  }
}

export function pgDatabaseUrl(pgUrl: string, name: string): string {
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function buildPg(pgUrl: string, name: string, seed: boolean): Promise<void> {
  await withPgAdmin(pgUrl, (admin) => admin.raw('create database ??', [name]));
  const db = await openDb(pgDatabaseUrl(pgUrl, name));
  try {
    await migrateLatest(db);
    if (seed) await seedDemo(db);
  } finally {
    // No connection may stay open on a template, or CREATE DATABASE … TEMPLATE refuses it.
    await db.destroy();
  }
}

/** Builds the PostgreSQL templates on the server of `pgUrl`. */
export async function buildPgTemplates(pgUrl: string): Promise<PgTemplates> {
  const tag = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const templates = { migrated: `prx_tpl_${tag}_migrated`, seeded: `prx_tpl_${tag}_seeded` };
  await Promise.all([buildPg(pgUrl, templates.migrated, false), buildPg(pgUrl, templates.seeded, true)]);
  return templates;
}

export async function dropPgTemplates(pgUrl: string, templates: PgTemplates): Promise<void> {
  await withPgAdmin(pgUrl, async (admin) => {
    for (const name of [templates.migrated, templates.seeded]) await admin.raw('drop database if exists ?? with (force)', [name]);
  });
}
