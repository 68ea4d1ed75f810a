// Drafts of unsaved forms, kept in the database per user (SQLite, and PostgreSQL when
// PRX_TEST_PG_URL is set): one per form record, never a secret, someone else's never seen.
import { describe, expect, it } from 'vitest';
import { eachTestDb } from '../helpers/db.js';
import { ENGINES } from '../helpers/pgdb.js';
import { deleteDraft, getDraft, listDrafts, saveDraft } from '../../src/services/drafts.js';

describe.each(ENGINES)('drafts on %s', (_name, make, skip) => {
  const t = eachTestDb(make, skip);
  it.skipIf(skip)('keeps one draft per user and record, newest first, secrets stripped at any depth', async () => {
    const admin = await t.actor('admin');
    const values = {
      name: 'Julie Tremblay-Roy',
      email: 'jt@mtl.example.com',
      password: 'hunter22',
      nested: { client_secret: 'x', keep: 1 },
    };
    await saveDraft(t.db, admin, { screen: 'userForm', recordKey: 'jtremblay', params: { code: 'jtremblay' }, content: values });
    await saveDraft(t.db, admin, { screen: 'userForm', recordKey: '', params: {}, content: { code: 'nouveau', confirm_password: 'x' } });
    // The same record again: replaces the first one.
    await saveDraft(t.db, admin, {
      screen: 'userForm',
      recordKey: 'jtremblay',
      params: { code: 'jtremblay' },
      content: { ...values, name: 'Julie Roy' },
    });
    const drafts = await listDrafts(t.db, admin);
    expect(drafts.map((d) => [d.screen, d.recordKey])).toEqual([
      ['userForm', 'jtremblay'],
      ['userForm', ''],
    ]);
    expect(drafts[0]!.content).toEqual({ name: 'Julie Roy', email: 'jt@mtl.example.com', nested: { keep: 1 } });
    expect(drafts[1]!.content).toEqual({ code: 'nouveau' });
    const raw = await t.db('drafts').select('content');
    expect(JSON.stringify(raw)).not.toMatch(/hunter22|client_secret|confirm_password/);

    // Another user sees none of them, and cannot drop them.
    const jt = await t.actor('jtremblay');
    expect(await listDrafts(t.db, jt)).toEqual([]);
    expect(await getDraft(t.db, jt, drafts[0]!.id)).toBeNull();
    await deleteDraft(t.db, jt, drafts[0]!.id);
    expect(await listDrafts(t.db, admin)).toHaveLength(2);
    await deleteDraft(t.db, admin, drafts[0]!.id);
    expect((await listDrafts(t.db, admin)).map((d) => d.recordKey)).toEqual(['']);
  });
});
