import { describe, expect, it } from 'vitest';
import { eachTestDb } from '../helpers/db.js';
import { getPreferences, setMailType } from '../../src/services/gmail/preferences.js';
import { setConfig } from '../../src/services/config.js';
import { AppError, ConflictError, ForbiddenError } from '../../src/services/errors.js';
import { errorMessage } from '../../src/services/i18n/index.js';

const t = eachTestDb();

const offerGmail = () => setConfig(t.db, null, 'UserMaintenanceShowFields', 'gmail');

describe('Préférences: Types de courriels', () => {
  it('reads one’s own preferences: Aucun, Gmail not offered in the demo, the Courriel, no link', async () => {
    const me = await t.actor('jtremblay');
    expect(await getPreferences(t.db, me)).toEqual({
      userCode: 'jtremblay',
      mailType: 'aucun',
      gmailOffered: false,
      email: 'jtremblay@mtl.example.com',
      rowVersion: 1,
      link: null,
    });
  });

  it('offers Gmail only when UserMaintenanceShowFields contains gmail, and says who enables it', async () => {
    const me = await t.actor('jtremblay');
    const e = await setMailType(t.db, me, 'jtremblay', 'gmail', 1).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).key).toBe('gmail.notOffered');
    expect(errorMessage(e, 'fr')).toMatch(/administrateur.*UserMaintenanceShowFields.*Configuration/);
    await setConfig(t.db, null, 'UserMaintenanceShowFields', 'code, nom ; GMAIL');
    expect((await getPreferences(t.db, me)).gmailOffered).toBe(true);
    const saved = await setMailType(t.db, me, 'jtremblay', 'gmail', 1);
    expect(saved).toMatchObject({ mailType: 'gmail', rowVersion: 2 });
    const audit = await t.db('audit_log').where({ entity: 'preferences' }).first();
    expect(audit).toMatchObject({
      actor_code: 'jtremblay',
      entity_key: 'jtremblay',
      field: 'mail_type',
      old_value: 'aucun',
      new_value: 'gmail',
    });
    // Aucun is always allowed, even once Gmail is withdrawn.
    await setConfig(t.db, null, 'UserMaintenanceShowFields', '');
    expect((await setMailType(t.db, me, 'jtremblay', 'aucun', 2)).mailType).toBe('aucun');
  });

  it('refuses Gmail without a Courriel, saying where to enter it', async () => {
    await offerGmail();
    await t.db('users').where({ code: 'sroy' }).update({ email: '' });
    const me = await t.actor('sroy');
    expect((await getPreferences(t.db, me)).email).toBe('');
    const e = (await setMailType(t.db, me, 'sroy', 'gmail', 1).catch((x: unknown) => x)) as AppError;
    expect(e.key).toBe('gmail.noEmail');
    expect(errorMessage(e, 'fr')).toContain('Maintenance › Utilisateurs');
  });

  it('refuses a save over a newer one (optimistic locking)', async () => {
    await offerGmail();
    const me = await t.actor('pcote');
    const loaded = await getPreferences(t.db, me);
    await setMailType(t.db, me, 'pcote', 'gmail', loaded.rowVersion);
    const e = await setMailType(t.db, me, 'pcote', 'aucun', loaded.rowVersion).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConflictError);
    expect(errorMessage(e, 'fr')).toBe(
      'Le profil de préférences de l’utilisateur pcote a été modifié par quelqu’un d’autre depuis son ouverture : rien n’a été enregistré. Fermez et rouvrez la fiche.',
    );
    expect((await getPreferences(t.db, me)).mailType).toBe('gmail');
  });

  it('another user’s preferences: read with Utilisateurs › lecture, changed with › modification', async () => {
    await offerGmail();
    const admin = await t.actor('admin');
    const support = await t.actor('support');
    const clerk = await t.actor('sroy');
    expect((await getPreferences(t.db, support, 'jtremblay')).userCode).toBe('jtremblay');
    await expect(getPreferences(t.db, clerk, 'jtremblay')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setMailType(t.db, support, 'jtremblay', 'gmail', 1)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await setMailType(t.db, admin, 'JTremblay', 'gmail', 1)).mailType).toBe('gmail');
    const row = await t.db('audit_log').where({ entity: 'preferences' }).first();
    expect(row.actor_code).toBe('admin');
  });

  it('creates the preferences row of a user who has none', async () => {
    const me = await t.actor('mgagnon');
    await t.db('user_preferences').where({ user_id: me.id }).delete();
    expect((await getPreferences(t.db, me)).rowVersion).toBe(0);
    expect(await setMailType(t.db, me, 'mgagnon', 'aucun', 0)).toMatchObject({ mailType: 'aucun', rowVersion: 1 });
    await expect(setMailType(t.db, me, 'mgagnon', 'aucun', 0)).rejects.toBeInstanceOf(ConflictError);
  });
});
