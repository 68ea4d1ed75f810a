import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { eachTestDb } from '../helpers/db.js';
import { runCli } from '../helpers/cli.js';
import { approveConsent, openRedirect, simEnv } from '../helpers/google.js';
import { googleTestDb } from '../helpers/googleTestDb.js';
import { startLink } from '../../src/services/gmail/index.js';

const t = eachTestDb();

describe('prextra-console: one clear sentence and a non-zero exit for every bad input', () => {
  it('answers --help and --version', async () => {
    const help = await runCli(t, null, ['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('users list [--json]');
    const version = await runCli(t, null, ['--version']);
    expect(version.out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('refuses an unknown command, an unknown flag and a missing argument', async () => {
    expect(await runCli(t, 'admin', ['frobnicate'])).toMatchObject({
      code: 2,
      err: 'prextra-console: Commande inconnue « frobnicate ». Voir prextra-console --help.\n',
    });
    expect(await runCli(t, 'admin', ['users', 'list', '--frob'])).toMatchObject({
      code: 2,
      err: 'prextra-console: Option inconnue « --frob ». Voir prextra-console --help.\n',
    });
    expect((await runCli(t, 'admin', ['users', 'show'])).err).toBe('prextra-console: Argument manquant : CODE.\n');
    expect((await runCli(t, 'admin', ['users', 'set', 'sroy', 'couleur=bleu'])).err).toContain('Champ inconnu « couleur »');
    expect((await runCli(t, 'admin', ['users', 'set', 'sroy', 'page_lines=beaucoup'])).err).toContain(
      'page_lines : nombre entier attendu.',
    );
    expect((await runCli(t, null, ['users', 'list'])).err).toContain('Indiquez l’utilisateur');
  });

  it('applies the form’s validation to users set / add, and saves nothing on error', async () => {
    const bad = await runCli(t, 'admin', ['users', 'set', 'sroy', 'email=pas-une-adresse', 'contact=Réception']);
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.err).toContain('Courriel : Adresse courriel invalide.');
    const shown = JSON.parse((await runCli(t, 'admin', ['users', 'show', 'sroy', '--json'])).out);
    expect(shown.contact).toBe('');
    const ok = await runCli(t, 'admin', ['users', 'set', 'sroy', 'never_expires=non', 'expiry_date=31/12/2027']);
    expect(ok.code).toBe(0);
    expect(JSON.parse((await runCli(t, 'admin', ['users', 'show', 'sroy', '--json'])).out)).toMatchObject({
      never_expires: false,
      expiry_date: '2027-12-31',
    });
    const dup = await runCli(t, 'admin', ['users', 'add', 'SROY', 'name=Doublon']);
    expect(dup.err).toContain('existe déjà');
  });

  it('says so when the database is missing, not a database, or not migrated', async () => {
    const missing = await runCli(t, 'admin', ['users', 'list'], { PRX_DB: path.join(t.dir, 'nulle-part.sqlite') });
    expect(missing.code).toBe(4);
    expect(missing.err).toContain('n’existe pas. Créez-la avec « prextra-console db migrate »');
    const junk = path.join(t.dir, 'junk.sqlite');
    writeFileSync(junk, 'ceci n’est pas une base de données SQLite, mais un texte assez long pour avoir un en-tête');
    const corrupt = await runCli(t, 'admin', ['users', 'list'], { PRX_DB: junk });
    expect(corrupt.err).toContain('n’est pas une base de données Prextra lisible');
    expect(corrupt.err).not.toMatch(/\n\s+at /);
  });

  it('config set refuses an unknown key and a bad number; config get never prints a secret', async () => {
    expect((await runCli(t, 'admin', ['config', 'set', 'Inconnue', 'x'])).err).toContain('Clé de configuration inconnue « Inconnue »');
    expect((await runCli(t, 'admin', ['config', 'set', 'MaxAttachmentMB', '99'])).err).toContain('Nombre entier de 1 à 25.');
    await runCli(t, 'admin', ['config', 'set', 'GmailClientSecret', '-'], {}, 'tres-secret\n');
    const got = await runCli(t, 'admin', ['config', 'get', 'GmailClientSecret']);
    expect(got.out).toBe('(défini)\n');
    expect((await runCli(t, 'admin', ['config', 'list', '--json'])).out).not.toContain('tres-secret');
  });
});

describe('deactivating a user revokes their Gmail link at Google', () => {
  // A database and the simulator of their own.
  const t = googleTestDb();

  it('through users set … active=non: the refresh token is revoked at Google and deleted', async () => {
    const me = await t.actor('support');
    const a = await startLink(t.db, me, { google: t.google });
    expect((await openRedirect(await approveConsent(a.url))).status).toBe(200);
    await a.result;
    expect(t.sim.revocations()).toHaveLength(0);
    const r = await runCli(t, 'admin', ['users', 'set', 'support', 'active=non'], simEnv(t.sim));
    expect(r).toMatchObject({ code: 0 });
    expect(t.sim.revocations()).toHaveLength(1);
    const row = await t
      .db('mail_accounts as m')
      .join('users as u', 'u.id', 'm.user_id')
      .where('u.code', 'support')
      .first('m.status', 'm.refresh_token_enc');
    expect(row).toEqual({ status: 'revoked', refresh_token_enc: null });
  });
});

describe('a database refusal met while working', () => {
  it('is one sentence in the user’s language, not the driver’s message', async () => {
    const { errorMessage } = await import('../../src/services/i18n/index.js');
    const busy = Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' });
    expect(errorMessage(busy, 'fr')).toBe(
      'La base de données est occupée par un autre programme : rien n’a été enregistré, réessayez dans un instant.',
    );
    const ro = Object.assign(new Error('SQLITE_READONLY: attempt to write a readonly database'), { code: 'SQLITE_READONLY' });
    expect(errorMessage(ro, 'en')).toBe('The database is read-only: nothing was saved.');
  });
});

describe('prextra-console users set: one input format whatever the operator’s Langue', () => {
  it('takes expiry_date=31/12/2027 from an English-speaking administrator as from a French one', async () => {
    expect((await runCli(t, 'admin', ['users', 'set', 'admin', 'language=en'])).code).toBe(0);
    const r = await runCli(t, 'admin', ['users', 'set', 'sroy', 'never_expires=no', 'expiry_date=31/12/2027']);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('User sroy saved.');
    expect(JSON.parse((await runCli(t, 'admin', ['users', 'show', 'sroy', '--json'])).out)).toMatchObject({ expiry_date: '2027-12-31' });
  });
});
