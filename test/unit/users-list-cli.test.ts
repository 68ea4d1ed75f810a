// `users list` at any size (issue 11): it used to put every id into one `whereIn`, so
// above SQLite's 32,766 variables it failed with "too many SQL variables", printing the
// SQL as the message. Here the limit is lowered to 100 variables on the CLI's own
// connection, so a few hundred users are enough to show it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import sqlite3 from 'sqlite3';
import { makeTestDb, type TestDb } from '../helpers/db.js';
import { runCli } from '../helpers/cli.js';
import { insertManyUsers } from '../helpers/manyUsers.js';
import { errorMessage } from '../../src/services/i18n/index.js';

const OriginalDatabase = sqlite3.Database;

/** Every SQLite connection opened from now on accepts at most `n` bound variables. */
function limitVariables(n: number): void {
  class Limited extends OriginalDatabase {
    constructor(filename: string, mode?: number, callback?: (err: Error | null) => void) {
      super(filename, mode, callback);
      this.configure('limit', sqlite3.LIMIT_VARIABLE_NUMBER, n);
    }
  }
  (sqlite3 as { Database: unknown }).Database = Limited;
}

let t: TestDb;
beforeEach(async () => {
  t = await makeTestDb();
});
afterEach(async () => {
  (sqlite3 as { Database: unknown }).Database = OriginalDatabase;
  await t.close();
});

describe('prextra-console users list', () => {
  it('--json lists more users than the database accepts variables in one query, in list order', async () => {
    await insertManyUsers(t.db, 250);
    const expected = (await t.db('users').select('code').orderBy('code_key')).map((r) => r.code as string);
    limitVariables(100);
    const r = await runCli(t, 'admin', ['users', 'list', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out) as Array<Record<string, unknown>>;
    expect(list.map((u) => u.code)).toEqual(expected);
    expect(list[0]).toEqual({
      code: 'admin',
      name: 'Administrateur système',
      email: 'admin@doc.example.com',
      active: true,
      default_company: 'DOC',
      language: 'fr',
    });
    // The same text JSON.stringify gives for the whole array at once.
    expect(r.out).toBe(JSON.stringify(list, null, 2) + '\n');
  });

  it('--ndjson prints one object a line; a filter applies; the table and an empty list too', async () => {
    await insertManyUsers(t.db, 2100);
    const tremblays = (await t.db('users').where('search_text', 'like', '%tremblay%').select('code').orderBy('code_key')).map(
      (u) => u.code as string,
    );
    expect(tremblays.length).toBeGreaterThan(250);
    limitVariables(100);
    const r = await runCli(t, 'admin', ['users', 'list', '--ndjson', '--filter', 'TREMBLAY']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { code: string }).code)).toEqual(tremblays);
    const all = await runCli(t, 'admin', ['users', 'list', '--ndjson']);
    expect(all.out.trimEnd().split('\n')).toHaveLength(2134);
    const none = await runCli(t, 'admin', ['users', 'list', '--json', '--filter', 'personne ici']);
    expect(none.out).toBe('[]\n');
    const table = await runCli(t, 'admin', ['users', 'list', '--filter', 'jtremblay']);
    expect(table.out.split('\n')[1]).toMatch(/^jtremblay\s+Julie Tremblay\s+/);
  });

  it('users count gives the exact number of users a filter keeps, past the displayed cap', async () => {
    await insertManyUsers(t.db, 1200);
    expect((await runCli(t, 'admin', ['users', 'count'])).out).toBe('1234\n');
    expect((await runCli(t, 'admin', ['users', 'count', '--filter', 'm0011'])).out).toBe('10\n');
  });

  it('a failed query is reported without its SQL', () => {
    const err = Object.assign(
      new Error('select `u`.`id` from `users` as `u` where `u`.`id` in (?, ?) - SQLITE_ERROR: too many SQL variables'),
      {
        code: 'SQLITE_ERROR',
      },
    );
    // (No log in tests: PRX_LOG=/dev/null; with one, the sentence names it.)
    const text = errorMessage(err, 'fr');
    expect(text).toBe('Erreur inattendue : l’opération n’a pas abouti (aucun journal n’est tenu : voir PRX_LOG).');
    expect(errorMessage(new Error('insert into x values (1) - boom'), 'en')).toBe(
      'Unexpected error: the operation did not complete (no log is kept: see PRX_LOG).',
    );
  });
});
