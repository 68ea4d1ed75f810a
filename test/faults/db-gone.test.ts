// The SQLite file deleted or replaced under a running console (moved away, a backup
// restored over it): SQLite would go on writing to the unlinked file and the console
// would say « Enregistré » while the work is lost. Every statement first checks the file.
import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { makeTestDb, type TestDb } from '../helpers/db.js';
import { openDb } from '../../src/services/db.js';
import { getUser, updateUser } from '../../src/services/users/index.js';
import { errorMessage } from '../../src/services/i18n/index.js';

let t: TestDb;
afterEach(async () => {
  await t.close();
});

describe('the database file gone while the console has it open', () => {
  it('deleted (moved away): the save is refused in one sentence, nothing is written anywhere', async () => {
    t = await makeTestDb();
    const admin = await t.actor('admin');
    const before = await getUser(t.db, admin, 'jtremblay');
    const moved = path.join(t.dir, 'moved.sqlite');
    renameSync(t.file, moved);
    const e = await updateUser(t.db, admin, 'jtremblay', { name: 'Julie Perdue' }, before.row_version).catch((x: unknown) => x);
    expect(errorMessage(e, 'fr')).toBe(
      `Le fichier de la base de données ${t.file} a été supprimé ou remplacé pendant que la console l’utilisait : rien n’a été enregistré. Remettez-le en place (ou vérifiez PRX_DB), puis relancez la console.`,
    );
    expect(errorMessage(e, 'en')).toContain('was deleted or replaced while the console was using it: nothing was saved');
    // Put back: the same connection works again and nothing of the refused save is there.
    renameSync(moved, t.file);
    expect((await getUser(t.db, admin, 'jtremblay')).name).toBe('Julie Tremblay');
  });

  it('replaced by another file (a backup restored over it): refused too; a new opening uses the new file', async () => {
    t = await makeTestDb();
    const admin = await t.actor('admin');
    const before = await getUser(t.db, admin, 'jtremblay');
    const copy = path.join(t.dir, 'backup.sqlite');
    copyFileSync(t.file, copy);
    renameSync(copy, t.file);
    const e = await updateUser(t.db, admin, 'jtremblay', { name: 'Julie Perdue' }, before.row_version).catch((x: unknown) => x);
    expect(errorMessage(e, 'fr')).toContain('a été supprimé ou remplacé');
    const fresh = await openDb(t.file);
    try {
      expect((await fresh('users').where({ code: 'jtremblay' }).first('name')).name).toBe('Julie Tremblay');
    } finally {
      await fresh.destroy();
    }
  });
});
