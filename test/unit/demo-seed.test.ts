// Issue 8, hole 3: `db seed --demo` wiped a real database (audit trail and Gmail links
// included) and reset admin's password to "demo". Demo data now goes only into an empty
// database or one the demo created; anything else is refused with one sentence.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli.js';
import { TEST_COST } from '../helpers/cli.js';
import { login } from '../../src/services/auth.js';
import { openDb } from '../../src/services/db.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'prx-seed-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = async (args: string[], env: Record<string, string> = {}) => {
  let out = '';
  let err = '';
  const code = await main(args, {
    env: { ...TEST_COST, PRX_DB: path.join(dir, 'prx.sqlite'), PRX_CONFIG_DIR: path.join(dir, 'cfg'), ...env },
    stdin: new PassThrough(),
    out: (s) => (out += s),
    err: (s) => (err += s),
  });
  return { code, out, err };
};

async function withDb<T>(f: (db: Awaited<ReturnType<typeof openDb>>) => Promise<T>): Promise<T> {
  const db = await openDb(path.join(dir, 'prx.sqlite'));
  try {
    return await f(db);
  } finally {
    await db.destroy();
  }
}

describe('db seed --demo', () => {
  it('refuses a real database, whatever the flags, and changes nothing', async () => {
    expect((await run(['db', 'migrate'], { PRX_ADMIN_PASSWORD: 'Vrai-Admin-2026' })).code).toBe(0);
    const audit = await withDb(async (db) => (await db('audit_log').count({ n: '*' }))[0]);
    for (const args of [
      ['db', 'seed', '--demo'],
      ['--demo', 'db', 'seed'],
      ['db', 'seed', '--demo', '--sandbox'],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.err).toContain('ne va que dans une base vide ou créée par la démo');
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    await withDb(async (db) => {
      expect((await db('users').select('code')).map((u) => u.code)).toEqual(['admin']);
      expect((await db('audit_log').count({ n: '*' }))[0]).toEqual(audit);
      await expect(login(db, 'admin', 'Vrai-Admin-2026')).resolves.toBeTruthy();
      await expect(login(db, 'admin', 'demo')).rejects.toMatchObject({ key: 'auth.invalid' });
    });
  });

  it('refuses a database holding only a company (not empty, not the demo’s)', async () => {
    expect((await run(['db', 'migrate'])).code).toBe(0);
    await withDb((db) => db('companies').insert({ code: 'ACME', name: 'Acme', created_at: 'x', updated_at: 'x' }));
    expect((await run(['db', 'seed', '--demo'])).code).not.toBe(0);
    await withDb(async (db) => expect((await db('companies').select('code')).map((c) => c.code)).toEqual(['ACME']));
  });

  it('fills an empty database, and fills again a database the demo created', async () => {
    const first = await run(['db', 'seed', '--demo']);
    expect(first.code, first.err).toBe(0);
    // Someone worked on the demo: reseeding puts it back as it was.
    await withDb((db) => db('users').where({ code: 'jtremblay' }).update({ name: 'Changée' }));
    const again = await run(['db', 'seed', '--demo']);
    expect(again.code, again.err).toBe(0);
    await withDb(async (db) => {
      expect((await db('users').where({ code: 'jtremblay' }).first('name')).name).toBe('Julie Tremblay');
      await expect(login(db, 'admin', 'demo')).resolves.toBeTruthy();
    });
  });
});
