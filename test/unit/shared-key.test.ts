// One database, several servers (issue 11): the secret key can be shared (PRX_SECRET_KEY,
// or PRX_SECRET_KEY_FILE readable by a group); the database keeps the key's fingerprint,
// never the key, so a server with another key is refused at start in one sentence that
// says what to set, before it encrypts anything; `secret rotate` re-encrypts every secret
// under a new key in one transaction. SQLite and, with PRX_TEST_PG_URL, PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eachTestDb, makeTestDb, type TestDb } from '../helpers/db.js';
import { ENGINES } from '../helpers/pgdb.js';
import { runCli } from '../helpers/cli.js';
import { encryptSecret } from '../../src/services/crypto.js';
import { readConfig, setConfig } from '../../src/services/config.js';
import { errorMessage } from '../../src/services/i18n/index.js';
import { readTokens, saveLink, tokenContext } from '../../src/services/gmail/tokenStore.js';
import { checkSecretKey, rotateSecretKey } from '../../src/services/sharedKey.js';
import { loadUser } from '../../src/services/users/index.js';

const LABEL = 'prextra-console secret key fingerprint v1';
const newKey = () => randomBytes(32).toString('base64');

/** The environment of the server this process now plays (useKey, PRX_CONFIG_DIR), for a command it runs. */
const server = (): NodeJS.ProcessEnv => ({
  PRX_SECRET_KEY: process.env.PRX_SECRET_KEY,
  PRX_SECRET_KEY_FILE: process.env.PRX_SECRET_KEY_FILE,
  PRX_CONFIG_DIR: process.env.PRX_CONFIG_DIR,
});

/** This process is now a server holding `key` (base64) in PRX_SECRET_KEY. */
function useKey(key: string | null, file?: string): void {
  delete process.env.PRX_SECRET_KEY;
  delete process.env.PRX_SECRET_KEY_FILE;
  if (key) process.env.PRX_SECRET_KEY = key;
  if (file) process.env.PRX_SECRET_KEY_FILE = file;
}

describe.each(ENGINES)('shared secret key on %s', (_name, make, skip) => {
  const t = eachTestDb(make, skip);
  afterEach(() => {
    useKey(null);
  });

  const fingerprintRow = async () => (await t.db('secret_key').where({ id: 1 }).first('fingerprint'))?.fingerprint as string | undefined;
  const linkUser = async (code: string, token: string) => {
    const u = (await loadUser(t.db, code))!;
    await saveLink(t.db, u.id, { address: `${code}@gmail.com`, scopes: ['gmail.send'], refreshToken: token, accessToken: `a-${token}` });
    return u.id;
  };

  it.skipIf(skip)('refuses a server with another key at start, in one sentence naming what to set, before it encrypts', async () => {
    const a = newKey();
    useKey(a);
    const admin = await t.actor('admin');
    await setConfig(t.db, admin, 'GmailClientSecret', 'GOCSPX-partage');
    // The database keeps an HMAC of a fixed label under the key: never the key.
    const fp = await fingerprintRow();
    expect(fp).toBe(createHmac('sha256', Buffer.from(a, 'base64')).update(LABEL).digest('base64url'));
    expect(fp).not.toContain(a);
    const stored = (await t.db('config').where({ key: 'GmailClientSecret' }).first('value')).value as string;

    useKey(newKey());
    const r = await runCli(t, 'admin', ['users', 'list'], server());
    expect(r.code).not.toBe(0);
    expect(r.out).toBe('');
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/n’est pas celle de cette base de données : définissez PRX_SECRET_KEY_FILE \(ou PRX_SECRET_KEY\)/);
    // Nothing was encrypted with the wrong key: storing a secret is refused too.
    const e = await setConfig(t.db, admin, 'GmailClientSecret', 'GOCSPX-autre').catch((x: unknown) => x);
    expect(errorMessage(e, 'fr')).toMatch(/PRX_SECRET_KEY_FILE/);
    expect((await t.db('config').where({ key: 'GmailClientSecret' }).first('value')).value).toBe(stored);
    expect(await fingerprintRow()).toBe(fp);

    useKey(a);
    expect((await runCli(t, 'admin', ['users', 'list'], server())).code).toBe(0);
    expect(await readConfig(t.db, 'GmailClientSecret')).toBe('GOCSPX-partage');
  });

  it.skipIf(skip)('two servers sharing PRX_SECRET_KEY_FILE (readable by their group) read each other’s secrets', async () => {
    const dir = path.join(t.dir, 'shared');
    mkdirSync(dir);
    const file = path.join(dir, 'secret.key');
    writeFileSync(file, newKey() + '\n', { mode: 0o640 });
    chmodSync(file, 0o640);
    // Server 1 (its own config folder) stores the Gmail client secret and a link.
    process.env.PRX_CONFIG_DIR = path.join(t.dir, 'server1');
    useKey(null, file);
    const admin = await t.actor('admin');
    await setConfig(t.db, admin, 'GmailClientSecret', 'GOCSPX-partage');
    const id = await linkUser('sroy', 'r-sroy');
    // Server 2, another OS user's config folder, the same key file.
    process.env.PRX_CONFIG_DIR = path.join(t.dir, 'server2');
    useKey(null, file);
    expect((await runCli(t, 'admin', ['users', 'list'], server())).code).toBe(0);
    expect(await readConfig(t.db, 'GmailClientSecret')).toBe('GOCSPX-partage');
    expect((await readTokens(t.db, id))?.refreshToken).toBe('r-sroy');

    // Readable by others: refused, with the chmod to do; a missing file: said so.
    chmodSync(file, 0o644);
    useKey(null, file);
    const open = await runCli(t, 'admin', ['users', 'list'], server());
    expect(open.code).not.toBe(0);
    expect(open.err.trim()).toBe(
      `prextra-console: Le fichier de clé ${file} (PRX_SECRET_KEY_FILE) est accessible à d’autres que son groupe (mode 644) : faites « chmod 640 ${file} ».`,
    );
    useKey(null, path.join(dir, 'absent.key'));
    expect((await runCli(t, 'admin', ['users', 'list'], server())).err).toMatch(/absent\.key \(PRX_SECRET_KEY_FILE\) est introuvable/);
  });

  it.skipIf(skip)('secret rotate re-encrypts every secret under a new key in one transaction', async () => {
    const a = newKey();
    useKey(a);
    const admin = await t.actor('admin');
    await setConfig(t.db, admin, 'GmailClientSecret', 'GOCSPX-partage');
    const ids = [await linkUser('sroy', 'r-sroy'), await linkUser('pcote', 'r-pcote')];
    const before = await t.db('mail_accounts').orderBy('user_id').select('refresh_token_enc', 'access_token_enc');

    const file = path.join(t.dir, 'new.key');
    const r = await runCli(t, 'admin', ['secret', 'rotate', '--new-key-file', file], server());
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^5 secret\(s\) rechiffré\(s\)/);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    const b = readFileSync(file, 'utf8').trim();
    expect(await fingerprintRow()).toBe(createHmac('sha256', Buffer.from(b, 'base64')).update(LABEL).digest('base64url'));
    const after = await t.db('mail_accounts').orderBy('user_id').select('refresh_token_enc', 'access_token_enc');
    expect(after.map((x) => x.refresh_token_enc)).not.toContain(before[0]!.refresh_token_enc);

    // The old key is refused now; the new one reads everything.
    useKey(a);
    expect((await runCli(t, 'admin', ['users', 'list'], server())).err).toMatch(/PRX_SECRET_KEY_FILE/);
    useKey(null, file);
    expect(await readConfig(t.db, 'GmailClientSecret')).toBe('GOCSPX-partage');
    expect((await readTokens(t.db, ids[0]!))?.refreshToken).toBe('r-sroy');
    expect((await readTokens(t.db, ids[1]!))?.accessToken).toBe('a-r-pcote');
  });

  it.skipIf(skip)('a rotation that meets a secret the key cannot read changes nothing', async () => {
    const a = newKey();
    useKey(a);
    const admin = await t.actor('admin');
    await setConfig(t.db, admin, 'GmailClientSecret', 'GOCSPX-partage');
    const id = await linkUser('sroy', 'r-sroy');
    await linkUser('pcote', 'r-pcote');
    // A token written under another key (by hand, or a server that skipped the check).
    const foreign = encryptSecret('r-etranger', tokenContext(id, 'refresh_token_enc'), randomBytes(32));
    await t.db('mail_accounts').where({ user_id: id }).update({ refresh_token_enc: foreign });
    const snapshot = async () => ({
      config: await t.db('config').orderBy('key').select('key', 'value'),
      tokens: await t.db('mail_accounts').orderBy('user_id').select('refresh_token_enc', 'access_token_enc'),
      fp: await fingerprintRow(),
    });
    const before = await snapshot();
    const e = await rotateSecretKey(t.db, randomBytes(32)).catch((x: unknown) => x);
    expect(errorMessage(e, 'fr')).toBe(
      `Rotation annulée, rien n’a changé : le secret mail_accounts.refresh_token_enc (${id}) ne se lit pas avec la clé actuelle.`,
    );
    expect(await snapshot()).toEqual(before);
  });

  it.skipIf(skip)('a database from before fingerprints gets one from the key that reads its secrets', async () => {
    const a = newKey();
    useKey(a);
    const admin = await t.actor('admin');
    await setConfig(t.db, admin, 'GmailClientSecret', 'GOCSPX-partage');
    await t.db('secret_key').delete();
    useKey(newKey());
    await expect(checkSecretKey(t.db)).rejects.toMatchObject({ key: 'secret.wrongKey' });
    expect(await fingerprintRow()).toBeUndefined();
    useKey(a);
    await checkSecretKey(t.db);
    expect(await fingerprintRow()).toBe(createHmac('sha256', Buffer.from(a, 'base64')).update(LABEL).digest('base64url'));
  });
});

describe('secret rotate without --new-key-file', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await makeTestDb();
  });
  afterEach(async () => {
    useKey(null);
    await t.close();
  });

  it('replaces the key file in use once the database is done; PRX_SECRET_KEY asks for a file', async () => {
    useKey(null);
    const admin = await t.actor('admin');
    await setConfig(t.db, admin, 'GmailClientSecret', 'GOCSPX-partage');
    const keyFile = path.join(process.env.PRX_CONFIG_DIR!, 'secret.key');
    const old = readFileSync(keyFile, 'utf8');
    const status = JSON.parse((await runCli(t, 'admin', ['secret', 'status', '--json'], server())).out) as Record<string, unknown>;
    expect(status).toMatchObject({ source: keyFile, matches: true });
    expect(status.databaseFingerprint).toBe(status.fingerprint);
    const r = await runCli(t, 'admin', ['secret', 'rotate'], server());
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(keyFile);
    expect(readFileSync(keyFile, 'utf8')).not.toBe(old);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(await readConfig(t.db, 'GmailClientSecret')).toBe('GOCSPX-partage');

    // The key in PRX_SECRET_KEY: the new one must go to a file the operator names.
    useKey(readFileSync(keyFile, 'utf8').trim());
    const env = await runCli(t, 'admin', ['secret', 'rotate'], server());
    expect(env.err.trim()).toBe(
      'prextra-console: La clé vient de PRX_SECRET_KEY : donnez --new-key-file FICHIER pour la nouvelle clé, puis mettez-la dans PRX_SECRET_KEY de chaque serveur.',
    );
    expect(env.code).not.toBe(0);
    expect(old).not.toBe('');
  });
});
