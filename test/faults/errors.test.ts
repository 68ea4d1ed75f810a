// Every failure the database, the disk or the network can cause is one sentence of its
// own in the user's language: never SQL, never a driver's text, never English inside
// French; the log then holds what the sentence hides.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTestDb, type TestDb } from '../helpers/db.js';
import { makePgTestDb, PG_URL } from '../helpers/pgdb.js';
import { runCli } from '../helpers/cli.js';
import { errorMessage } from '../../src/services/i18n/index.js';
import { linkedRig, type Rig } from './harness.js';

let t: TestDb | null = null;
let rig: Rig | null = null;
afterEach(async () => {
  await t?.close();
  await rig?.close();
  t = null;
  rig = null;
});

const RAW = /insert into|update `|select |SQLITE_|Error\.|\bThe database\b|constraint|terminat/i;

describe('errors in one sentence', () => {
  for (const engine of ['SQLite', 'PostgreSQL'] as const)
    it.skipIf(engine === 'PostgreSQL' && !PG_URL)(
      `twenty \`users add\` of one code at once (${engine}): one is added, the others say why in one sentence`,
      async () => {
        t = engine === 'SQLite' ? await makeTestDb() : await makePgTestDb();
        const db = t;
        const runs = await Promise.all(
          Array.from({ length: 20 }, () => runCli(db, 'admin', ['users', 'add', 'course', 'name=Course Parallèle', 'companies=MTL'])),
        );
        expect(runs.filter((r) => r.code === 0)).toHaveLength(1);
        const refusals = runs.filter((x) => x.code !== 0).map((r) => r.err);
        for (const err of refusals) {
          expect(err).not.toMatch(RAW);
          expect(err.split('\n').filter(Boolean)).toHaveLength(1);
          // The code was taken meanwhile (the unique index, or the form's check), or — SQLite in
          // one test process only — a writer waited its whole busy timeout: twenty connections
          // share libuv's four threads, so those asleep in SQLite's busy wait can hold up the
          // COMMIT they wait for. Separate programs do not share threads: users-race.test.ts.
          expect(err).toMatch(/^prextra-console: (.*existe déjà.*|La base de données est occupée par un autre programme.*)\n$/);
        }
        // On PostgreSQL the race itself ends in the unique index: it says the code exists.
        if (engine === 'PostgreSQL')
          expect(refusals.some((e) => /L’utilisateur « course » existe déjà \(enregistré entre-temps/.test(e))).toBe(true);
        expect(await db.db('users').where({ code_key: 'course' })).toHaveLength(1);
      },
      120_000,
    );

  it('disk full and a read-only database, met while saving: their own sentences, the driver’s text in the log only', async () => {
    rig = await linkedRig();
    const dir = rig.copy('full');
    const args = ['config', 'set', 'MaxAttachmentMB', '10'];
    const full = await rig.cli(dir, args, { match: '^(update|insert)', at: 1, action: 'fail', code: 'SQLITE_FULL' });
    expect(full.code).not.toBe(0);
    expect(full.err).toBe('prextra-console: Le disque est plein : rien n’a été enregistré. Libérez de l’espace, puis recommencez.\n');
    expect(readFileSync(path.join(dir, 'prextra-console.log'), 'utf8')).toContain('SQLITE_FULL: database or disk is full');
    const ro = await rig.cli(dir, args, { match: '^(update|insert)', at: 1, action: 'fail', code: 'SQLITE_READONLY' });
    expect(ro.err).toBe('prextra-console: La base de données est en lecture seule : rien n’a été enregistré.\n');
    // Busy: in French, all of it (no "The database is busy" inside).
    const busy = await rig.cli(dir, args, { match: '^(update|insert)', at: 1, action: 'fail', code: 'SQLITE_BUSY' });
    expect(busy.err).toBe(
      'prextra-console: La base de données est occupée par un autre programme : rien n’a été enregistré, réessayez dans un instant.\n',
    );
  }, 120_000);

  it('an unwritable config folder: where, and what to set (not "Erreur inattendue : Error.")', async () => {
    t = await makeTestDb();
    // (A secret is read on standard input, never from the command line.)
    const r = await runCli(
      t,
      'admin',
      ['config', 'set', 'GmailClientSecret', '-'],
      { PRX_CONFIG_DIR: '/sys/prextra-test' },
      'GOCSPX-secret\n',
    );
    expect(r.code).not.toBe(0);
    expect(r.err).toBe(
      'prextra-console: Le dossier de configuration /sys/prextra-test n’est pas accessible en écriture : la clé secrète ne peut pas y être créée. Donnez-en le droit, ou indiquez un autre dossier avec PRX_CONFIG_DIR (ou la clé avec PRX_SECRET_KEY).\n',
    );
  });

  it.skipIf(!PG_URL)('PostgreSQL lost mid-write: one sentence, in French or in English', async () => {
    t = await makePgTestDb();
    const db = t.db;
    const admin = await t.actor('admin');
    void admin;
    const e = await db
      .transaction(async (trx) => {
        await trx('config').where({ key: 'MaxAttachmentMB' }).update({ value: '10' });
        // The server ends this very connection mid-transaction, as a restart or a failover does.
        const { pid } = (await trx.raw('select pg_backend_pid() as pid')).rows[0] as { pid: number };
        const other = await makePgTestDb({ seed: false });
        try {
          await other.db.raw('select pg_terminate_backend(?)', [pid]);
        } finally {
          await other.close();
        }
        await trx('config').where({ key: 'MaxAttachmentMB' }).update({ value: '11' });
      })
      .then(
        () => null,
        (x: unknown) => x,
      );
    expect(e).not.toBeNull();
    expect(errorMessage(e, 'fr')).toBe(
      'La connexion au serveur PostgreSQL a été perdue : ce qui était en cours n’a pas été enregistré. Vérifiez le serveur, puis recommencez.',
    );
    expect(errorMessage(e, 'en')).toBe(
      'The connection to the PostgreSQL server was lost: what was in progress was not saved. Check the server, then try again.',
    );
  });
});
