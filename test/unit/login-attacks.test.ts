// Issue 8 holes 1 (lockout race), 6 (user enumeration) and 13 (scrypt cost): the Connexion
// door attacked as an attacker would, on SQLite and (when PRX_TEST_PG_URL is set) PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { makeTestDb, type TestDb } from '../helpers/db.js';
import { PG_URL, makePgTestDb } from '../helpers/pgdb.js';
import { login } from '../../src/services/auth.js';
import { AppError } from '../../src/services/errors.js';
import { errorMessage } from '../../src/services/i18n/index.js';
import { hashPassword, passwordCost, PRODUCTION_PASSWORD_COST } from '../../src/services/crypto.js';
import { setPassword } from '../../src/services/users/index.js';

let t: TestDb | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** The refusal a login ends with (null when it succeeded). */
const attempt = (db: TestDb['db'], code: string, password: string) =>
  login(db, code, password).then(
    () => null,
    (e: unknown) => {
      expect(e).toBeInstanceOf(AppError);
      return e as AppError;
    },
  );

async function raceWrongPasswords(tdb: TestDb, n: number) {
  const answers = await Promise.all(Array.from({ length: n }, () => attempt(tdb.db, 'ibouchard', 'mauvais')));
  // Every wrong password gets the same sentence, whatever the state of the account.
  expect(new Set(answers.map((a) => a?.key))).toEqual(new Set(['auth.invalid']));
  const row = await tdb.db('users').where({ code: 'ibouchard' }).first('locked_until');
  expect(row.locked_until).not.toBeNull();
  // The right password now says the account is locked, until when.
  const right = await attempt(tdb.db, 'ibouchard', 'demo');
  expect(right?.key).toBe('auth.locked');
}

describe('lockout race: 40 wrong passwords at the same moment lock the account', () => {
  it('on SQLite', async () => {
    t = await makeTestDb();
    await raceWrongPasswords(t, 40);
  });
  it.skipIf(!PG_URL)('on PostgreSQL', async () => {
    t = await makePgTestDb();
    await raceWrongPasswords(t, 40);
  });
});

describe('user enumeration: unknown, wrong, locked and passwordless answer alike', () => {
  it('says the same sentence, and the locked reason only after the right password', async () => {
    t = await makeTestDb();
    await t.db('users').where({ code: 'sroy' }).update({ password_hash: null });
    await t
      .db('users')
      .where({ code: 'kbergeron' })
      .update({ locked_until: new Date(Date.now() + 10 * 60_000).toISOString() });
    const sentences = new Set<string>();
    for (const [code, pw] of [
      ['inconnu', 'demo'],
      ['jtremblay', 'mauvais'],
      ['kbergeron', 'mauvais'],
      ['sroy', 'demo'],
      ['sroy', ''],
      ['vouellet', 'mauvais'],
    ] as const) {
      const e = await attempt(t.db, code, pw);
      sentences.add(errorMessage(e, 'fr'));
    }
    expect([...sentences]).toEqual(['Code d’utilisateur ou mot de passe invalide.']);
    expect(errorMessage(await attempt(t.db, 'kbergeron', 'demo'), 'fr')).toMatch(
      /^Compte verrouillé .* réessayez après \d\d\/\d\d\/\d{4} \d\d:\d\d\.$/,
    );
    expect((await attempt(t.db, 'vouellet', 'demo'))?.key).toBe('auth.inactive');
  });

  it('takes the same time: a full scrypt for an unknown, locked or passwordless code', async () => {
    t = await makeTestDb();
    // A cost high enough that scrypt dominates the few database statements of a refusal.
    const cost = '14';
    const saved = process.env.PRX_TEST_SCRYPT_LOG2N;
    process.env.PRX_TEST_SCRYPT_LOG2N = cost;
    try {
      const hash = await hashPassword('demo', passwordCost(process.env));
      await t.db('users').update({ password_hash: hash });
      await t.db('users').where({ code: 'sroy' }).update({ password_hash: null });
      await t
        .db('users')
        .where({ code: 'kbergeron' })
        .update({ locked_until: new Date(Date.now() + 10 * 60_000).toISOString() });
      // The codes take turns, round after round: a change of the machine's load (other
      // tests, other processes) then weighs on every code alike, not on one code's block.
      const codes = ['jtremblay', 'inconnu', 'kbergeron', 'sroy'];
      const times = new Map<string, number[]>(codes.map((c) => [c, []]));
      for (let round = 0; round < 7; round++) {
        for (const code of codes) {
          // Never 5 in a row on one account: the wrong-password case must not lock itself.
          if (code === 'jtremblay') await t.db('users').where({ code }).update({ failed_logins: 0 });
          const start = performance.now();
          await attempt(t.db, code, 'mauvais');
          times.get(code)!.push(performance.now() - start);
        }
      }
      const median = (code: string) => times.get(code)!.sort((a, b) => a - b)[3]!;
      const wrong = median('jtremblay');
      for (const code of codes.slice(1)) {
        const m = median(code);
        expect(m, `${code}: ${m.toFixed(1)} ms vs wrong password ${wrong.toFixed(1)} ms`).toBeGreaterThan(wrong * 0.5);
        expect(m, `${code}: ${m.toFixed(1)} ms vs wrong password ${wrong.toFixed(1)} ms`).toBeLessThan(wrong * 2);
      }
    } finally {
      if (saved === undefined) delete process.env.PRX_TEST_SCRYPT_LOG2N;
      else process.env.PRX_TEST_SCRYPT_LOG2N = saved;
    }
  });
});

describe('scrypt cost: N=2^17, r=8, p=1; older hashes upgraded at the next successful login', () => {
  it('hashes at the production cost and upgrades an old hash on login', async () => {
    t = await makeTestDb();
    const saved = process.env.PRX_TEST_SCRYPT_LOG2N;
    delete process.env.PRX_TEST_SCRYPT_LOG2N;
    try {
      expect(PRODUCTION_PASSWORD_COST).toEqual({ N: 2 ** 17, r: 8, p: 1 });
      const admin = await t.actor('admin');
      await setPassword(t.db, admin, 'mgagnon', 'Nouveau-mdp-2026');
      const fresh = (await t.db('users').where({ code: 'mgagnon' }).first('password_hash')).password_hash as string;
      expect(fresh).toMatch(/^scrypt\$131072\$8\$1\$/);
      // A hash from before (N=2^14): the right password logs in and leaves a production-cost hash.
      process.env.PRX_TEST_SCRYPT_LOG2N = '14';
      const old = await hashPassword('Ancien-mdp-2020', passwordCost(process.env));
      delete process.env.PRX_TEST_SCRYPT_LOG2N;
      expect(old).toMatch(/^scrypt\$16384\$8\$1\$/);
      await t.db('users').where({ code: 'mgagnon' }).update({ password_hash: old });
      expect(await attempt(t.db, 'mgagnon', 'mauvais')).not.toBeNull();
      expect((await t.db('users').where({ code: 'mgagnon' }).first('password_hash')).password_hash).toBe(old);
      expect(await attempt(t.db, 'mgagnon', 'Ancien-mdp-2020')).toBeNull();
      const upgraded = (await t.db('users').where({ code: 'mgagnon' }).first('password_hash')).password_hash as string;
      expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
      expect(await attempt(t.db, 'mgagnon', 'Ancien-mdp-2020')).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.PRX_TEST_SCRYPT_LOG2N;
      else process.env.PRX_TEST_SCRYPT_LOG2N = saved;
    }
  });
});
