// Issue 14, "bad input accepted": invalid UTF-8 (arguments; standard input: config-secret
// and gmail-cli tests), a name made
// of a zero-width space, code=newcode silently ignored (exit 0, row version bumped), `users
// set CODE` with no field exiting 0, a field given twice. Each is now one sentence and
// nothing is saved.
import { describe, expect, it } from 'vitest';
import { eachTestDb } from '../helpers/db.js';
import { runCli } from '../helpers/cli.js';
import { loadUser, updateUser } from '../../src/services/users/index.js';
import { createCompany } from '../../src/services/companies.js';

const t = eachTestDb();

const version = async (code: string) => (await loadUser(t.db, code))!.row_version;

describe('bad input is refused with one sentence, nothing saved', () => {
  it('invalid UTF-8 in an argument (Node hands it over as U+FFFD)', async () => {
    const before = await version('jtremblay');
    // What `users set jtremblay name=$'\xff'` arrives as.
    const r = await runCli(t, 'admin', ['users', 'set', 'jtremblay', `name=Julie\ufffd`]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('UTF-8');
    expect(await version('jtremblay')).toBe(before);
    expect((await loadUser(t.db, 'jtremblay'))!.name).toBe('Julie Tremblay');
    // Any argument, not only a field's value.
    const show = await runCli(t, 'admin', ['users', 'show', 'jtr\ufffd']);
    expect(show.code).toBe(2);
    expect(show.err).toContain('UTF-8');
  });

  it('a name made only of invisible characters (a zero-width space, spaces)', async () => {
    const admin = await t.actor('admin');
    for (const name of ['\u200b', ' \u200b\u00a0', '\u2060\ufeff']) {
      await expect(updateUser(t.db, admin, 'jtremblay', { name }, await version('jtremblay'))).rejects.toMatchObject({
        fields: { name: { key: 'validation.required' } },
      });
      await expect(createCompany(t.db, admin, { code: 'ZW', name })).rejects.toMatchObject({
        fields: { company_name: { key: 'validation.required' } },
      });
    }
    const r = await runCli(t, 'admin', ['users', 'add', 'zerow', 'name=\u200b', 'companies=MTL']);
    expect(r.code).toBe(2);
    expect(await loadUser(t.db, 'zerow')).toBeNull();
  });

  it('users set CODE code=NEW says the code cannot change; the row is untouched', async () => {
    const before = await version('jtremblay');
    const r = await runCli(t, 'admin', ['users', 'set', 'jtremblay', 'code=jtremblay2']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('code d’utilisateur ne change pas');
    expect(await version('jtremblay')).toBe(before);
    expect(await loadUser(t.db, 'jtremblay2')).toBeNull();
    // The form sends the code unchanged with every save: that is fine.
    const admin = await t.actor('admin');
    await updateUser(t.db, admin, 'jtremblay', { code: 'jtremblay', contact: 'x' }, before);
  });

  it('users set CODE with no field is a usage error; a field given twice is refused', async () => {
    const before = await version('jtremblay');
    const none = await runCli(t, 'admin', ['users', 'set', 'jtremblay']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('FIELD=VALUE');
    const twice = await runCli(t, 'admin', ['users', 'set', 'jtremblay', 'contact=a', 'contact=b']);
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('contact');
    expect(await version('jtremblay')).toBe(before);
    expect((await loadUser(t.db, 'jtremblay'))!.contact).toBe('');
  });
});
