// Issue 8, hole 9: a secret never goes on the command line (ps, shell history). Secret keys
// read their value from standard input (`-`) or a hidden prompt; a value given as an
// argument is refused with the way to do it, and nothing is stored.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { eachTestDb } from '../helpers/db.js';
import { runCli, TEST_COST } from '../helpers/cli.js';
import { main } from '../../src/cli.js';
import { readConfig } from '../../src/services/config.js';

const t = eachTestDb();

describe('config set for a secret key', () => {
  it('refuses the value on the command line, saying how, and stores nothing', async () => {
    const r = await runCli(t, 'admin', ['config', 'set', 'GmailClientSecret', 'GOCSPX-tres-secret']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('config set GmailClientSecret -');
    expect(r.err).not.toContain('GOCSPX');
    expect(await readConfig(t.db, 'GmailClientSecret')).toBe('');
  });

  it('reads it from standard input with -', async () => {
    const r = await runCli(t, 'admin', ['config', 'set', 'GmailClientSecret', '-'], {}, 'GOCSPX-tres-secret\n');
    expect(r.code, r.err).toBe(0);
    expect(await readConfig(t.db, 'GmailClientSecret')).toBe('GOCSPX-tres-secret');
    const shown = await runCli(t, 'admin', ['config', 'get', 'GmailClientSecret']);
    expect(shown.out).not.toContain('GOCSPX');
  });

  it('without a value and without a terminal: says to use -', async () => {
    const r = await runCli(t, 'admin', ['config', 'set', 'GmailClientSecret']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('config set GmailClientSecret -');
  });

  it('refuses invalid UTF-8 or nothing on standard input', async () => {
    let err = '';
    const stdin = new PassThrough();
    stdin.end(Buffer.from([0x47, 0x4f, 0xff, 0xfe, 0x0a]));
    const code = await main(['config', 'set', 'GmailClientSecret', '-'], {
      env: { ...TEST_COST, PRX_DB: t.file, PRX_CONFIG_DIR: path.join(t.dir, 'config'), PRX_USER: 'admin', PRX_PASSWORD: 'demo' },
      stdin,
      out: () => undefined,
      err: (s) => (err += s),
    });
    expect(code).toBe(2);
    expect(err).toContain('UTF-8');
    const empty = await runCli(t, 'admin', ['config', 'set', 'GmailClientSecret', '-'], {}, '');
    expect(empty.code).toBe(2);
    expect(await readConfig(t.db, 'GmailClientSecret')).toBe('');
  });

  it('other keys still take their value as an argument', async () => {
    const r = await runCli(t, 'admin', ['config', 'set', 'GmailClientId', '1234-abcd.apps.googleusercontent.com']);
    expect(r.code, r.err).toBe(0);
    expect(await readConfig(t.db, 'GmailClientId')).toBe('1234-abcd.apps.googleusercontent.com');
    expect((await runCli(t, 'admin', ['config', 'set', 'GmailClientId'])).code).toBe(2);
  });
});
