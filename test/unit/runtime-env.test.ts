// A command takes its secret key and its password cost from the environment it is given
// (the runtime's), never from whatever this process's environment says: two runs in one
// process, with two environments, do not see each other's.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { eachTestDb } from '../helpers/db.js';
import { runCli } from '../helpers/cli.js';
import { decryptSecret, secretKey } from '../../src/services/crypto.js';
import { configSecretContext, readConfig } from '../../src/services/config.js';
import { openDb } from '../../src/services/db.js';

const t = eachTestDb();

const storedSecret = async () => (await t.db('config').where({ key: 'GmailClientSecret' }).first('value')).value as string;
const hashOf = async (code: string) => (await t.db('users').where({ code }).first('password_hash')).password_hash as string;

describe('the run’s environment', () => {
  it('config set encrypts with the key of the environment the command is given, not the process’s', async () => {
    const given = randomBytes(32);
    const r = await runCli(
      t,
      'admin',
      ['config', 'set', 'GmailClientSecret', '-'],
      { PRX_SECRET_KEY: given.toString('base64') },
      'GOCSPX-donnee\n',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(decryptSecret(await storedSecret(), configSecretContext('GmailClientSecret'), given)).toBe('GOCSPX-donnee');
    // This process's own key (its PRX_CONFIG_DIR) cannot read it.
    const stored = await storedSecret();
    expect(() => decryptSecret(stored, configSecretContext('GmailClientSecret'), secretKey(process.env))).toThrow();
  });

  it('a database opened for an environment reads the key from that environment', async () => {
    const given = randomBytes(32).toString('base64');
    const r = await runCli(t, 'admin', ['config', 'set', 'GmailClientSecret', '-'], { PRX_SECRET_KEY: given }, 'GOCSPX-donnee\n');
    expect(r.code, r.err).toBe(0);
    const other = await openDb(t.file, { env: { PRX_SECRET_KEY: given, PRX_CONFIG_DIR: path.join(t.dir, 'ailleurs') } });
    try {
      expect(await readConfig(other, 'GmailClientSecret')).toBe('GOCSPX-donnee');
    } finally {
      await other.destroy();
    }
  });

  it('users passwd hashes at the cost of the environment the command is given', async () => {
    const r = await runCli(t, 'admin', ['users', 'passwd', 'jtremblay'], {
      NODE_ENV: 'test',
      PRX_TEST_SCRYPT_LOG2N: '10',
      PRX_NEW_PASSWORD: 'Nouveau-mdp-2026',
    });
    expect(r.code, r.err).toBe(0);
    expect(process.env.PRX_TEST_SCRYPT_LOG2N).toBe('12');
    expect(await hashOf('jtremblay')).toMatch(/^scrypt\$1024\$8\$1\$/);
  });
});
