// Requests to Google go through HTTPS_PROXY (issue 13), for google-auth-library's calls
// and for our own upload alike; this machine is always reached directly. Proven end to end:
// the built CLI, told Google is at its real addresses, reaches them through a local
// CONNECT proxy that tunnels to a TLS front (a test CA's certificate for Google's names)
// forwarding to the Google simulator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { googleTestDb } from '../helpers/googleTestDb.js';
import { simEnv } from '../helpers/google.js';
import { describeRoute, excludedByNoProxy, proxyFor } from '../../src/services/net/proxy.js';

describe('proxyFor', () => {
  const env = { HTTPS_PROXY: 'http://user:secret@proxy.example.com:3128' };
  it('takes HTTPS_PROXY for Google, never for this machine', () => {
    expect(proxyFor('https://oauth2.googleapis.com/token', env)?.host).toBe('proxy.example.com:3128');
    for (const local of ['http://127.0.0.1:8080/token', 'http://localhost:9/x', 'http://[::1]:9/x'])
      expect(proxyFor(local, env)).toBeNull();
    expect(proxyFor('https://oauth2.googleapis.com/token', {})).toBeNull();
    expect(proxyFor('https://oauth2.googleapis.com/token', { https_proxy: 'proxy:8080' })?.href).toBe('http://proxy:8080/');
    expect(describeRoute('https://gmail.googleapis.com/', env)).toBe('proxy http://proxy.example.com:3128');
  });

  it('honours NO_PROXY as curl reads it', () => {
    const u = new URL('https://oauth2.googleapis.com/token');
    expect(excludedByNoProxy(u, 'googleapis.com')).toBe(true);
    expect(excludedByNoProxy(u, '.googleapis.com')).toBe(true);
    expect(excludedByNoProxy(u, '*.googleapis.com')).toBe(true);
    expect(excludedByNoProxy(u, 'example.com, oauth2.googleapis.com')).toBe(true);
    expect(excludedByNoProxy(u, '*')).toBe(true);
    expect(excludedByNoProxy(u, 'oauth2.googleapis.com:8443')).toBe(false);
    expect(excludedByNoProxy(u, 'oauth2.googleapis.com:443')).toBe(true);
    expect(excludedByNoProxy(u, 'apis.com')).toBe(false);
    expect(proxyFor(u.href, { ...env, NO_PROXY: 'googleapis.com' })).toBeNull();
  });
});

const t = googleTestDb();
let servers: Array<http.Server | https.Server> = [];
beforeEach(() => {
  servers = [];
});
afterEach(() => {
  for (const s of servers) s.close();
});

const listen = <S extends http.Server | https.Server>(server: S) =>
  new Promise<number>((resolve) => {
    servers.push(server);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });

/** A test CA and a certificate it signs for Google's host names. */
function certificates(dir: string): { ca: string; key: Buffer; cert: Buffer } {
  const f = (n: string) => path.join(dir, n);
  const ossl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  // A new P-256 key, not encrypted, written to `keyFile`, for the request.
  const newKey = (keyFile: string) => ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile];
  ossl('req', '-x509', ...newKey(f('ca.key')), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=prx test CA');
  ossl('req', ...newKey(f('google.key')), '-out', f('google.csr'), '-subj', '/CN=googleapis.com');
  writeFileSync(
    f('ext.cnf'),
    'subjectAltName=DNS:oauth2.googleapis.com,DNS:gmail.googleapis.com,DNS:accounts.google.com,DNS:www.googleapis.com\n',
  );
  ossl(
    'x509',
    '-req',
    '-in',
    f('google.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('google.pem'),
    '-days',
    '2',
    '-extfile',
    f('ext.cnf'),
  );
  return { ca: f('ca.pem'), key: readFileSync(f('google.key')), cert: readFileSync(f('google.pem')) };
}

/** "Google": TLS with the test CA's certificate, every request forwarded to the simulator. */
async function googleFront(key: Buffer, cert: Buffer): Promise<number> {
  const server = https.createServer({ key, cert }, (req, res) => {
    const up = http.request(
      {
        host: '127.0.0.1',
        port: t.sim.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: `127.0.0.1:${t.sim.port}` },
      },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  return listen(server);
}

/** A CONNECT proxy: every tunnel asked for is recorded, and leads to the front. */
async function connectProxy(frontPort: number, tunnels: string[]): Promise<number> {
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const up = net.connect(frontPort, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  return listen(server);
}

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/cli.js', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('requests to Google through HTTPS_PROXY', () => {
  it('the token refresh and the upload go through a CONNECT proxy; the simulator on loopback does not', async () => {
    await t.link();
    await t.db('user_preferences').update({ mail_type: 'gmail' });

    const { ca, key, cert } = certificates(t.dir);
    const tunnels: string[] = [];
    const proxyPort = await connectProxy(await googleFront(key, cert), tunnels);
    const base: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: process.env.NODE_ENV,
      PRX_LOG: '/dev/null',
      PRX_DB: t.file,
      PRX_CONFIG_DIR: path.join(t.dir, 'config'),
      PRX_USER: 'jtremblay',
      PRX_PASSWORD: 'demo',
      PRX_GOOGLE_CLIENT_ID: t.sim.clientId,
      PRX_GOOGLE_CLIENT_SECRET: t.sim.clientSecret,
      HTTPS_PROXY: `http://127.0.0.1:${proxyPort}`,
      NODE_EXTRA_CA_CERTS: ca,
    };

    // Google at its real addresses: reachable only through the proxy.
    const test = await cli(['gmail', 'test', '--json'], { ...base, PRX_GOOGLE_TOKEN_URL: 'https://oauth2.googleapis.com/token' });
    expect(test.code, test.err).toBe(0);
    expect(JSON.parse(test.out).address).toBe('jtremblay@mtl.example.com');
    expect(tunnels).toContain('oauth2.googleapis.com:443');

    const send = await cli(['report', 'send', 'USR01', '--to', 'a@example.com'], {
      ...base,
      PRX_GOOGLE_TOKEN_URL: 'https://oauth2.googleapis.com/token',
      PRX_GMAIL_API_URL: 'https://gmail.googleapis.com/',
    });
    expect(send.code, send.err).toBe(0);
    expect(tunnels).toContain('gmail.googleapis.com:443');
    expect(t.sim.received()).toHaveLength(1);

    // The simulator on 127.0.0.1 with HTTPS_PROXY still set: direct, the proxy sees nothing.
    const before = tunnels.length;
    const local = await cli(['gmail', 'test'], { ...base, ...simEnv(t.sim), HTTPS_PROXY: base.HTTPS_PROXY });
    expect(local.code, local.err).toBe(0);
    expect(tunnels).toHaveLength(before);
  }, 60_000);
});
