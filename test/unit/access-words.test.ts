// Found by trying the CLI as nmorin (qa): "Refused: sroy holds a right you do not have
// (rapports.CIE01: lecture)" — a function id and a French level in an English sentence.
// The access refusals name the function and the level in the reader's words.
import { describe, expect, it } from 'vitest';
import { eachTestDb } from '../helpers/db.js';
import { errorMessage } from '../../src/services/i18n/index.js';
import { FUNCTIONS, setUserRights } from '../../src/services/rights.js';
import { updateUser, loadUser } from '../../src/services/users/index.js';

const t = eachTestDb();

async function refusal(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error('not refused');
}

describe('access refusals in words', () => {
  it('outranked, grant above and last holder name the function and level, French and English', async () => {
    const admin = await t.actor('admin');
    // nmorin may change users and read companies, nothing else.
    await setUserRights(t.db, admin, 'nmorin', { [FUNCTIONS.users]: 'modification', [FUNCTIONS.companies]: 'lecture' });
    await setUserRights(t.db, admin, 'sroy', { 'rapports.CIE01': 'lecture' });
    const nmorin = await t.actor('nmorin');
    const sroy = (await loadUser(t.db, 'sroy'))!;
    const outranked = await refusal(() => updateUser(t.db, nmorin, 'sroy', { active: false }, sroy.row_version));
    expect(errorMessage(outranked, 'en')).toContain('(Reports › Company list: Read)');
    expect(errorMessage(outranked, 'fr')).toContain('(Rapports › Liste des compagnies : Lecture)');
    const last = await refusal(() => setUserRights(t.db, admin, 'admin', { [FUNCTIONS.rights]: 'lecture' }));
    expect(errorMessage(last, 'en')).toContain('(System management › Maintenance › Change user rights)');
    const me = (await loadUser(t.db, 'admin'))!;
    const expire = await refusal(() =>
      updateUser(t.db, admin, 'admin', { never_expires: false, expiry_date: '2099-12-31' }, me.row_version),
    );
    expect(errorMessage(expire, 'en')).toContain('(System management › Maintenance › Change user rights)');
    await setUserRights(t.db, admin, 'nmorin', { [FUNCTIONS.rights]: 'modification' });
    const above = await refusal(() => setUserRights(t.db, nmorin, 'nmorin', { [FUNCTIONS.config]: 'modification' }));
    expect(errorMessage(above, 'en')).toContain('(System management › Maintenance › Configuration: Modify)');
    for (const e of [outranked, above, last, expire])
      expect(errorMessage(e, 'en')).not.toMatch(/rapports\.|systeme\.|lecture|modification/);
  });
});
