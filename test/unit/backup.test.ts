// db backup FILE (issue 13): an online copy of the SQLite database, mode 0600, never over
// another file; PostgreSQL is pointed to pg_dump.
import { describe, expect, it } from 'vitest';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import knexFactory from 'knex';
import { runCli } from '../helpers/cli.js';
import { eachTestDb } from '../helpers/db.js';

const t = eachTestDb();

describe('db backup', () => {
  it('copies the database while it is open and written to: the copy opens and holds the same users', async () => {
    // A console still has the database open, with a write not yet checkpointed (WAL).
    await t.db('users').where({ code: 'sroy' }).update({ contact: 'Réception' });
    const file = path.join(t.dir, 'sauvegarde.sqlite');
    const r = await runCli(t, null, ['db', 'backup', file, '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ file, bytes: statSync(file).size });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const copy = knexFactory({ client: 'sqlite3', connection: { filename: file }, useNullAsDefault: true });
    try {
      const [{ n }] = (await copy('users').count({ n: '*' })) as Array<{ n: number }>;
      const [{ n: m }] = (await t.db('users').count({ n: '*' })) as Array<{ n: number }>;
      expect(Number(n)).toBe(Number(m));
      expect((await copy('users').where({ code: 'sroy' }).first('contact')).contact).toBe('Réception');
    } finally {
      await copy.destroy();
    }
    const text = await runCli(t, null, ['db', 'backup', path.join(t.dir, 'autre.sqlite')]);
    expect(text.out).toMatch(/^Sauvegarde écrite dans .*autre\.sqlite \(\d+(,\d)? Ko\)\.\n$/);
  });

  it('never overwrites a file, nor the database itself (exit 5 / 2)', async () => {
    const file = path.join(t.dir, 'deja.sqlite');
    writeFileSync(file, 'précieux');
    const r = await runCli(t, null, ['db', 'backup', file]);
    expect([r.code, r.err]).toEqual([5, expect.stringContaining('existe déjà')]);
    expect(statSync(file).size).toBe(Buffer.byteLength('précieux'));
    expect((await runCli(t, null, ['db', 'backup', t.file])).code).toBe(2);
  });

  it('on PostgreSQL says to use pg_dump, with the command, the password hidden', async () => {
    const r = await runCli(t, null, ['db', 'backup', '/tmp/prx.dump'], { PRX_DB: 'postgres://prx:motdepasse@db.example.com:5432/prextra' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('pg_dump --format=custom --file=/tmp/prx.dump "postgres://prx:***@db.example.com:5432/prextra"');
    expect(r.err).not.toContain('motdepasse');
    expect(existsSync('/tmp/prx.dump')).toBe(false);
  });
});
