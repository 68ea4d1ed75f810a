import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { approveConsent, openRedirect, simEnv, waitFor } from '../helpers/google.js';
import { googleTestDb } from '../helpers/googleTestDb.js';
import { main } from '../../src/cli.js';

const t = googleTestDb();

interface Run {
  readonly stdin: PassThrough;
  readonly out: () => string;
  readonly err: () => string;
  readonly code: Promise<number>;
}

function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Run {
  const stdin = new PassThrough();
  let out = '';
  let err = '';
  const code = main(argv, {
    env: {
      ...simEnv(t.sim),
      PRX_DB: t.file,
      PRX_USER: 'jtremblay',
      PRX_PASSWORD: 'demo',
      PRX_CONFIG_DIR: process.env.PRX_CONFIG_DIR,
      ...env,
    },
    stdin,
    out: (s) => (out += s),
    err: (s) => (err += s),
  });
  return { stdin, out: () => out, err: () => err, code };
}

async function consentUrlOf(run: Run): Promise<string> {
  await waitFor(() => /^https?:\/\/\S+$/m.test(run.err()), 10_000);
  return run
    .err()
    .split('\n')
    .find((l) => /^https?:\/\//.test(l))!;
}

async function connectByPaste(env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const run = cli(['gmail', 'connect', '--no-browser'], env);
  const location = await approveConsent(await consentUrlOf(run));
  run.stdin.write(location + '\n');
  return run;
}

describe('prextra-console gmail', () => {
  it('connect prints the consent URL on a line of its own and reads the pasted address from standard input', async () => {
    const run = await connectByPaste();
    expect(await run.code).toBe(0);
    // The instructions are for the person at the terminal (stderr); the result goes to stdout.
    const lines = run.err().split('\n');
    const urlLine = lines.find((l) => l.startsWith('http'))!;
    expect(urlLine).toBe(urlLine.trim());
    expect(new URL(urlLine).searchParams.get('login_hint')).toBe('jtremblay@mtl.example.com');
    expect(run.err()).toContain('impossible de se connecter');
    expect(run.out()).toBe('Compte Gmail lié : jtremblay@mtl.example.com.\n');
    expect(run.err()).not.toContain('prextra-console:');
  });

  it('connect also completes through the loopback listener while standard input stays silent', async () => {
    const run = cli(['gmail', 'connect', '--no-browser']);
    await openRedirect(await approveConsent(await consentUrlOf(run)));
    expect(await run.code).toBe(0);
    expect(run.out()).toContain('Compte Gmail lié');
  });

  it('connect says why a pasted address is refused and keeps waiting for a good one', async () => {
    const run = cli(['gmail', 'connect', '--no-browser']);
    const location = await approveConsent(await consentUrlOf(run));
    const other = new URL(location);
    other.searchParams.set('state', 'tentative-precedente');
    run.stdin.write('pas une adresse\n' + other.toString() + '\n');
    await waitFor(() => (run.err().match(/^prextra-console: /gm) ?? []).length >= 2);
    expect(run.err()).toMatch(/^prextra-console: Ce n’est pas l’adresse de retour de Google/m);
    expect(run.err()).toMatch(/^prextra-console: Cette adresse vient d’une autre tentative/m);
    run.stdin.write(location + '\n');
    expect(await run.code).toBe(0);
  });

  it('connect refuses a pasted line that is not valid UTF-8 (issue 14), and keeps waiting for a good one', async () => {
    const run = cli(['gmail', 'connect', '--no-browser']);
    const location = await approveConsent(await consentUrlOf(run));
    run.stdin.write(Buffer.from([0x68, 0x74, 0x74, 0x70, 0xc3, 0x28, 0x0a]));
    await waitFor(() => /^prextra-console: .*UTF-8/m.test(run.err()));
    run.stdin.write(location + '\n');
    expect(await run.code).toBe(0);
  });

  it('connect with a fixed port prints the ssh -L hint; Deny ends with exit 3 (refused) and one sentence', async () => {
    const probe = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const s = probe.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const run = cli(['gmail', 'connect', '--no-browser', '--port', String(port)]);
    const url = await consentUrlOf(run);
    expect(run.err()).toMatch(new RegExp(`^ssh -L ${port}:127\\.0\\.0\\.1:${port} \\S+@\\S+$`, 'm'));
    run.stdin.write((await approveConsent(url, { deny: true })) + '\n');
    expect(await run.code).toBe(3);
    expect(run.err()).toMatch(
      /\nprextra-console: L’accès a été refusé sur la page de Google : rien n’a été changé\. .*« Use a real Google account » dans le README\.\n$/,
    );
    expect(run.err().match(/^prextra-console: /gm)).toHaveLength(1);
  });

  it('status --json prints {status, address, scopes}; test; disconnect revokes at Google', async () => {
    const before = cli(['gmail', 'status', '--json']);
    expect(await before.code).toBe(0);
    expect(JSON.parse(before.out())).toMatchObject({ status: 'none', address: null, scopes: [] });

    expect(await (await connectByPaste()).code).toBe(0);
    const status = cli(['gmail', 'status', '--json']);
    expect(await status.code).toBe(0);
    const json = JSON.parse(status.out()) as { status: string; address: string; scopes: string[] };
    expect(json.status).toBe('linked');
    expect(json.address).toBe('jtremblay@mtl.example.com');
    expect(json.scopes).toContain('https://www.googleapis.com/auth/gmail.send');
    expect(status.out()).not.toMatch(/1\/\/|ya29|v[12]\./);

    const text = cli(['gmail', 'status']);
    expect(await text.code).toBe(0);
    expect(text.out()).toMatch(/Statut\s+Lié/);

    const test = cli(['gmail', 'test']);
    expect(await test.code).toBe(0);
    expect(test.out()).toContain('Liaison Gmail fonctionnelle : jtremblay@mtl.example.com');

    const off = cli(['gmail', 'disconnect']);
    expect(await off.code).toBe(0);
    expect(off.out()).toContain('jtremblay@mtl.example.com');
    expect(t.sim.revocations().map((r) => r.kind)).toEqual(['refresh']);
    const after = cli(['gmail', 'status', '--json']);
    await after.code;
    expect(JSON.parse(after.out()).status).toBe('revoked');
  });

  it('fails with the exit code of its class and one line on stderr', async () => {
    const cases: Array<[string[], RegExp, number]> = [
      [['gmail', 'test'], /Aucun compte Gmail n’est lié/, 4],
      [['gmail', 'disconnect'], /Aucun compte Gmail n’est lié/, 4],
      [['gmail', 'connect', '--port', 'abc'], /Port de retour OAuth invalide « abc »/, 2],
      [['gmail', 'connect', '--bogus'], /Option inconnue/, 2],
      [['gmail', 'envoyer'], /Sous-commande inconnue « gmail envoyer »/, 2],
      [['gmail'], /Sous-commande manquante/, 2],
    ];
    for (const [argv, re, code] of cases) {
      const run = cli(argv);
      expect([argv, await run.code]).toEqual([argv, code]);
      expect(run.err()).toMatch(re);
      expect(run.err().trim().split('\n')).toHaveLength(1);
    }
    const noClient = cli(['gmail', 'connect', '--no-browser'], { PRX_GOOGLE_CLIENT_ID: '', PRX_GOOGLE_CLIENT_SECRET: '' });
    expect(await noClient.code).toBe(1);
    expect(noClient.err()).toMatch(/GmailClientId/);
  });

  it('--sandbox uses the built-in simulator, with nothing configured', async () => {
    const env = { PRX_GOOGLE_CLIENT_ID: '', PRX_GOOGLE_CLIENT_SECRET: '', PRX_GOOGLE_AUTH_URL: '', PRX_GOOGLE_TOKEN_URL: '' };
    const run = cli(['--sandbox', 'gmail', 'connect', '--no-browser'], env);
    const url = await consentUrlOf(run);
    expect(url.startsWith(t.sim.authUrl)).toBe(false);
    run.stdin.write((await approveConsent(url)) + '\n');
    expect(await run.code).toBe(0);
    const test = cli(['--sandbox', 'gmail', 'test'], env);
    expect(await test.code).toBe(0);
  });

  it('the built dist/cli.js links in sandbox mode from a paste on its standard input, then exits', async () => {
    const child = spawn(process.execPath, ['dist/cli.js', '--sandbox', 'gmail', 'connect', '--no-browser'], {
      env: {
        PATH: process.env.PATH,
        PRX_DB: t.file,
        PRX_USER: 'jtremblay',
        PRX_PASSWORD: 'demo',
        PRX_CONFIG_DIR: process.env.PRX_CONFIG_DIR,
        PRX_LOG: '/dev/null',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await waitFor(() => /^http:\/\/127\.0\.0\.1:\d+\/o\/oauth2\/v2\/auth\?\S+$/m.test(err), 15_000);
    const url = err.split('\n').find((l) => l.startsWith('http://'))!;
    child.stdin.write((await approveConsent(url)) + '\n');
    expect(await exit).toBe(0);
    expect(err).not.toContain('prextra-console:');
    expect(out).toBe('Compte Gmail lié : jtremblay@mtl.example.com.\n');
  });
});
