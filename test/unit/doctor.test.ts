// prextra-console doctor (issue 13): against the Google simulator, healthy and with each
// fault — an endpoint down, a wrong key, a skewed clock (a fake Date), a proxy that does
// not lead to Google, a link to renew, mail waiting, a log that cannot be written.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { googleTestDb } from '../helpers/googleTestDb.js';
import { simEnv } from '../helpers/google.js';
import { setConfig } from '../../src/services/config.js';
import { configDir } from '../../src/paths.js';
import { secretKey } from '../../src/services/crypto.js';
import { AppError } from '../../src/services/errors.js';
import { runDoctor, type CheckLine } from '../../src/services/doctor/index.js';

const t = googleTestDb();
let servers: http.Server[] = [];
beforeEach(() => {
  servers = [];
});
afterEach(() => {
  for (const s of servers) s.close();
});

interface Report {
  readonly worst: string;
  readonly checks: CheckLine[];
}

async function doctor(env: NodeJS.ProcessEnv = simEnv(t.sim)): Promise<{ code: number; report: Report; text: string }> {
  const json = await runCli(t, null, ['doctor', '--json'], env);
  const text = await runCli(t, null, ['doctor'], env);
  expect(text.code).toBe(json.code);
  return { code: json.code, report: JSON.parse(json.out) as Report, text: text.out };
}

const byId = (r: Report, id: string) => r.checks.find((c) => c.id === id);

function listen(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}`)),
  );
}

describe('doctor', () => {
  it('against the simulator: every line ok, exit 0, one line per check with its level', async () => {
    await t.link();
    const { code, report, text } = await doctor();
    expect(report.checks.filter((c) => c.level !== 'ok')).toEqual([]);
    expect(code).toBe(0);
    expect(report.worst).toBe('ok');
    for (const id of ['database', 'migrations', 'key-file', 'key-match', 'google-client', 'clock', 'account:jtremblay', 'outbox', 'log'])
      expect(byId(report, id), id).toBeDefined();
    expect(report.checks.filter((c) => c.id.startsWith('endpoint:'))).toHaveLength(1); // the simulator is one origin
    expect(byId(report, 'endpoint:' + new URL(t.sim.baseUrl).host)!.detail).toMatch(/en direct$/);
    expect(byId(report, 'key-match')!.detail).toMatch(/^empreinte \S+, celle que la base a enregistrée$/);
    expect(text).toMatch(/^ok\s+Base de données\s+\S+ joignable \(\d+ ms\)$/m);
    expect(text).toMatch(/^ok\s+Compte Gmail\s+jtremblay : lié, dernier rafraîchissement \S+ \d\d:\d\d$/m);
    expect(text).toContain('Tout est en ordre.');
  });

  it('in the sandbox it checks the simulator', async () => {
    const { report } = await doctor({ PRX_SANDBOX: '1' });
    expect(byId(report, 'google-client')).toMatchObject({ level: 'ok', detail: 'simulateur Google intégré (SANDBOX)' });
    const endpoint = report.checks.find((c) => c.id.startsWith('endpoint:'))!;
    expect(endpoint).toMatchObject({ level: 'ok' });
    expect(endpoint.id).toMatch(/^endpoint:127\.0\.0\.1:\d+$/);
  });

  it('an endpoint down: its line fails with what to do, exit 2', async () => {
    const down = await listen(() => undefined);
    servers.pop()!.close(); // the port is free again: nothing listens there
    const { code, report, text } = await doctor(simEnv(t.sim, { PRX_GMAIL_API_URL: `${down}/` }));
    expect(code).toBe(2);
    const line = byId(report, `endpoint:${new URL(down).host}`)!;
    expect(line).toMatchObject({ level: 'fail' });
    expect(line.detail).toMatch(/ECONNREFUSED \(connect\), en direct/);
    expect(line.fix).toContain('pare-feu');
    expect(text).toMatch(/^échec\s+Google\s+127\.0\.0\.1:\d+ : ECONNREFUSED/m);
    expect(text).toMatch(/^\s+À faire : Connexion impossible/m);
  });

  it('a wrong key: the key line fails saying which key to give, exit 2', async () => {
    await setConfig(t.db, null, 'GmailClientSecret', 'secret-du-client');
    // Another server's key, in the environment the command is given.
    const { code, report } = await doctor({
      ...simEnv(t.sim),
      PRX_GOOGLE_CLIENT_SECRET: '',
      PRX_SECRET_KEY: randomBytes(32).toString('base64'),
    });
    expect(code).toBe(2);
    expect(byId(report, 'key-match')).toMatchObject({ level: 'fail' });
    expect(byId(report, 'key-match')!.detail).toMatch(/^cette clé \(empreinte \S+\) n’est pas celle de la base \(empreinte \S+\)$/);
    expect(byId(report, 'key-match')!.fix).toContain('la clé qui a chiffré la base');
  });

  it('a wrong key on a database from before fingerprints: the line fails as the console would refuse, saying what to set', async () => {
    await setConfig(t.db, null, 'GmailClientSecret', 'secret-du-client');
    await t.db('secret_key').del();
    const env = { ...simEnv(t.sim), PRX_GOOGLE_CLIENT_SECRET: '', PRX_SECRET_KEY: randomBytes(32).toString('base64') };
    const { report } = await doctor(env);
    expect(byId(report, 'key-match')).toMatchObject({ level: 'fail' });
    expect(byId(report, 'key-match')!.detail).toBe(
      'La clé secrète de ce serveur (PRX_SECRET_KEY) n’est pas celle de cette base de données : définissez PRX_SECRET_KEY_FILE (ou PRX_SECRET_KEY) avec la clé des autres serveurs.',
    );
    // With the right key it reads the secret and names it.
    await expect(doctor()).resolves.toMatchObject({
      report: { checks: expect.arrayContaining([expect.objectContaining({ id: 'key-match', level: 'ok' })]) },
    });
  });

  it('a key file readable by others fails its line with the chmod to run', async () => {
    await setConfig(t.db, null, 'GmailClientSecret', 'secret-du-client');
    const file = path.join(configDir(process.env), 'secret.key');
    chmodSync(file, 0o644);
    const { code, report } = await doctor();
    expect(code).toBe(2);
    expect(byId(report, 'key-file')).toMatchObject({ level: 'fail', fix: `chmod 600 ${file}` });
    expect(byId(report, 'key-file')!.detail).toContain('mode 644');
  });

  it('a shared key file (PRX_SECRET_KEY_FILE) is judged by the rule the console reads it with: group read and execute ok, group write not', async () => {
    const file = path.join(t.dir, 'shared.key');
    writeFileSync(file, randomBytes(32).toString('base64') + '\n');
    const env = simEnv(t.sim, { PRX_SECRET_KEY_FILE: file });
    chmodSync(file, 0o650);
    expect(secretKey(env)).toHaveLength(32); // the console uses it
    expect(byId((await doctor(env)).report, 'key-file')).toMatchObject({ level: 'ok' });
    chmodSync(file, 0o660);
    expect(() => secretKey(env)).toThrow(AppError); // the console refuses it
    expect(byId((await doctor(env)).report, 'key-file')).toMatchObject({ level: 'fail', fix: `chmod 640 ${file}` });
  });

  it('a skewed clock: Google’s Date header 10 minutes behind fails the clock line', async () => {
    const skewed = await listen((_req, res) => {
      res.setHeader('Date', new Date(Date.now() - 10 * 60_000).toUTCString());
      res.end('{}');
    });
    const env = simEnv(t.sim, {
      PRX_GOOGLE_AUTH_URL: `${skewed}/auth`,
      PRX_GOOGLE_TOKEN_URL: `${skewed}/token`,
      PRX_GOOGLE_REVOKE_URL: `${skewed}/revoke`,
      PRX_GMAIL_API_URL: `${skewed}/`,
    });
    const { code, report } = await doctor(env);
    expect(code).toBe(2);
    expect(byId(report, 'clock')).toMatchObject({ level: 'fail' });
    expect(byId(report, 'clock')!.detail).toMatch(/^en avance de (59\d|60\d) s sur 127\.0\.0\.1:\d+$/);
    expect(byId(report, 'clock')!.fix).toContain('timedatectl');
  });

  it('HTTPS_PROXY is named in each Google line; a proxy that refuses fails them with the proxy’s fix', async () => {
    const tunnels: string[] = [];
    const proxy = http.createServer();
    servers.push(proxy);
    proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket) => {
      tunnels.push(req.url ?? '');
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    const port = await new Promise<number>((r) => proxy.listen(0, '127.0.0.1', () => r((proxy.address() as net.AddressInfo).port)));
    const env = {
      ...simEnv(t.sim),
      PRX_GOOGLE_AUTH_URL: '',
      PRX_GOOGLE_TOKEN_URL: '',
      PRX_GOOGLE_REVOKE_URL: '',
      PRX_GMAIL_API_URL: '',
      HTTPS_PROXY: `http://127.0.0.1:${port}`,
    };
    const { report } = await doctor(env);
    const lines = report.checks.filter((c) => c.id.startsWith('endpoint:'));
    expect(lines.map((l) => l.id).sort()).toEqual([
      'endpoint:accounts.google.com',
      'endpoint:gmail.googleapis.com',
      'endpoint:oauth2.googleapis.com',
    ]);
    for (const l of lines) {
      expect(l.level).toBe('fail');
      expect(l.detail).toContain(`par le mandataire http://127.0.0.1:${port}`);
      expect(l.fix).toContain('HTTPS_PROXY');
    }
    expect(tunnels.sort()).toEqual(
      [
        'accounts.google.com:443',
        'gmail.googleapis.com:443',
        'oauth2.googleapis.com:443',
        'oauth2.googleapis.com:443',
        'accounts.google.com:443',
        'gmail.googleapis.com:443',
      ].sort(),
    );
  });

  it('a link to renew and mail waiting are warnings (exit 1), each with what to do', async () => {
    await t.link();
    await t.db('mail_accounts').update({ status: 'needs_relink' });
    const me = await t.actor('jtremblay');
    const at = new Date().toISOString();
    await t.db('outbox').insert(
      (['failed', 'uncertain'] as const).map((status) => ({
        user_id: me.id,
        status,
        to_addresses: 'a@example.com',
        subject: status,
        attempts: 1,
        created_at: at,
        updated_at: at,
      })),
    );
    const { code, report } = await doctor();
    expect(code).toBe(1);
    expect(byId(report, 'account:jtremblay')).toMatchObject({ level: 'warn' });
    expect(byId(report, 'account:jtremblay')!.fix).toContain('gmail connect --user jtremblay');
    expect(byId(report, 'outbox')).toMatchObject({ level: 'warn', detail: '1 en échec, 1 incertain(s)' });
  });

  it('a log that cannot be written fails its line', async () => {
    const lines = await runDoctor({
      target: t.file,
      env: simEnv(t.sim),
      google: t.google,
      logFile: path.join(t.file, 'sous-un-fichier', 'prextra-console.log'),
      lang: 'fr',
    });
    expect(lines.find((l) => l.id === 'log')).toMatchObject({
      level: 'fail',
      detail: expect.stringMatching(/écriture impossible \((ENOTDIR|EEXIST)\)/),
    });
  });
});
