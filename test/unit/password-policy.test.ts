// Issue 8, hole 7: one password policy (at least 8 characters, not the code, not the name)
// enforced by the service for every door; wrong current passwords count toward the lockout.
import { describe, expect, it } from 'vitest';
import { eachTestDb, makeTestDb } from '../helpers/db.js';
import { rejection } from '../helpers/rejection.js';
import { runCli } from '../helpers/cli.js';
import { login } from '../../src/services/auth.js';
import { ValidationError } from '../../src/services/errors.js';
import { changeOwnPassword, createUser, setPassword } from '../../src/services/users/index.js';
import { createFirstAdministrator } from '../../src/services/setup.js';

const t = eachTestDb();

async function passwordError(p: Promise<unknown>): Promise<string> {
  const { fields } = await rejection(p, ValidationError);
  expect(Object.keys(fields)).toEqual(['password']);
  return fields.password!.key;
}

describe('one password policy at every door', () => {
  it('users passwd (CLI) refuses what :password refuses: 4 characters, the code, the name', async () => {
    for (const [pw, sentence] of [
      ['abcd', 'Au moins 8 caractères.'],
      ['JTremblay', 'ne peut pas être le code'],
      ['julie tremblay', 'ne peut pas être le nom'],
    ] as const) {
      const r = await runCli(t, 'admin', ['users', 'passwd', 'jtremblay'], { PRX_NEW_PASSWORD: pw });
      expect(r.code, pw).toBe(2); // a usage error: the value given is refused
      expect(r.err).toContain(sentence);
      await expect(login(t.db, 'jtremblay', pw)).rejects.toMatchObject({ key: 'auth.invalid' });
    }
    const ok = await runCli(t, 'admin', ['users', 'passwd', 'jtremblay'], { PRX_NEW_PASSWORD: 'Printemps-2026' });
    expect(ok.code, ok.err).toBe(0);
  });

  it('the services: setPassword, changeOwnPassword, createUser, the first administrator', async () => {
    const admin = await t.actor('admin');
    const me = await t.actor('jtremblay');
    expect(await passwordError(setPassword(t.db, admin, 'jtremblay', 'court'))).toBe('validation.passwordShort');
    expect(await passwordError(changeOwnPassword(t.db, me, 'demo', 'jtremblay'))).toBe('validation.passwordIsCode');
    expect(await passwordError(changeOwnPassword(t.db, me, 'demo', 'Julie Tremblay'))).toBe('validation.passwordIsName');
    expect(
      await passwordError(
        createUser(t.db, admin, { code: 'nouveau1', name: 'Nouvel Employé', default_company: 'MTL', companies: ['MTL'] }, 'nouveau1'),
      ),
    ).toBe('validation.passwordIsCode');
    expect(await t.db('users').where({ code: 'nouveau1' }).first()).toBeUndefined();
    const empty = await makeTestDb({ seed: false });
    try {
      expect(await passwordError(createFirstAdministrator(empty.db, 'admin'))).toBe('validation.passwordShort');
      expect(await passwordError(createFirstAdministrator(empty.db, 'administrateur'))).toBe('validation.passwordIsName');
    } finally {
      await empty.close();
    }
  });

  it('wrong current passwords on :password count toward the lockout', async () => {
    const me = await t.actor('jtremblay');
    for (let i = 0; i < 5; i++)
      await expect(changeOwnPassword(t.db, me, 'devine', 'Nouveau-2026')).rejects.toMatchObject({
        fields: { current_password: { key: 'auth.wrongCurrent' } },
      });
    // Locked: the right password at the login says so, and :password refuses too.
    await expect(login(t.db, 'jtremblay', 'demo')).rejects.toMatchObject({ key: 'auth.locked' });
    await expect(changeOwnPassword(t.db, me, 'demo', 'Nouveau-2026')).rejects.toMatchObject({ key: 'auth.locked' });
    await expect(login(t.db, 'jtremblay', 'Nouveau-2026')).rejects.toMatchObject({ key: 'auth.invalid' });
  });
});
