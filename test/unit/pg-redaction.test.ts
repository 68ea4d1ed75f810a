// Issue 8, hole 4: a PostgreSQL password never shows: not in a message, not in `db status`,
// not in the log, whatever form the URL takes (user:pw@, ?password=, :pw@ without a user,
// a password holding "@"). The built CLI is run, with its log file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { newTerminalDir, removeTerminalDir, runCli, terminalPaths } from '../helpers/terminal.js';
import { PG_URL } from '../helpers/pgdb.js';
import { redactDbTarget } from '../../src/services/dbAddress.js';

const SECRET = 'S3cr3t-Pg';

let dir: string;
let server: net.Server;
let port: number;
beforeEach(async () => {
  dir = newTerminalDir();
  // Not PostgreSQL: accepts and hangs up, so the driver fails with an error of its own
  // (the kind that is logged with its details).
  server = net.createServer((s) => s.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterEach(async () => {
  await new Promise((r) => server.close(r));
  removeTerminalDir(dir);
});

const forms = () => [
  `postgres://prx@127.0.0.1:${port}/prx?password=${SECRET}`,
  `postgres://:${SECRET}@127.0.0.1:${port}/prx`,
  `postgres://prx:${SECRET}@x@127.0.0.1:${port}/prx`,
  `postgresql://prx:${encodeURIComponent(SECRET + '@')}@127.0.0.1:${port}/prx?sslmode=disable`,
];

describe('PostgreSQL passwords are never printed nor logged', () => {
  it('redactDbTarget masks every form and keeps user, host, port and database', () => {
    for (const url of forms()) {
      const shown = redactDbTarget(url);
      expect(shown, url).not.toContain('S3cr3t');
      expect(shown).toMatch(new RegExp(`^postgres://(prx)?:\\*\\*\\*@127\\.0\\.0\\.1:${port}/prx$`));
    }
    expect(redactDbTarget('/srv/prextra/prextra.sqlite')).toBe('/srv/prextra/prextra.sqlite');
  });

  it('a failing --db: the message, stderr and the log hold no password', async () => {
    const { logPath } = terminalPaths(dir);
    for (const [i, url] of forms().entries()) {
      for (const args of [
        ['--db', url, 'users', 'list'],
        [`--db=${url}`, 'db', i % 2 ? 'status' : 'migrate'],
      ]) {
        const r = await runCli(dir, args, { PRX_USER: 'admin', PRX_PASSWORD: 'demo' });
        expect(r.code, args.join(' ')).not.toBe(0);
        expect(r.stderr + r.stdout, args.join(' ')).not.toContain('S3cr3t');
      }
    }
    // A refused connection names the server: masked.
    const refused = await runCli(dir, ['--db', `postgres://prx:${SECRET}@127.0.0.1:1/prx`, 'users', 'list']);
    expect(refused.stderr).toContain('postgres://prx:***@127.0.0.1:1/prx');
    expect(existsSync(logPath)).toBe(true);
    const log = readFileSync(logPath, 'utf8');
    expect(log).toContain('command failed');
    expect(log).not.toContain('S3cr3t');
  });

  it.skipIf(!PG_URL)('db status on a real server shows the address with the password masked', async () => {
    const u = new URL(PG_URL);
    const withSecret = `postgres://${u.username}@${u.host}${u.pathname}?password=${encodeURIComponent(decodeURIComponent(u.password))}`;
    const r = await runCli(dir, ['--db', withSecret, 'db', 'status', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).database).toBe(`postgres://${u.username}:***@${u.host}${u.pathname}`);
  });
});
