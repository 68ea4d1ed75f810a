// The command line's conventions (issue 13): help generated from the definitions for
// every command, --json wherever a command prints data or a result, exit codes by class,
// extra arguments refused, --password-stdin, shell completion, any name for the entry
// point, and the CLI doing what the rights and schedule screens do.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { eachTestDb } from '../helpers/db.js';
import { linkGmail, simEnv, simGoogle, stopSandboxSimulators } from '../helpers/google.js';
import { startGoogleSimulator } from '../../src/sandbox/googleSimulator.js';
import { COMMANDS, GLOBAL_OPTIONS } from '../../src/cli/definitions.js';
import type { Google } from '../../src/services/gmail/googleClient.js';

let google: Google;

const t = eachTestDb();

const leaves = COMMANDS.flatMap((g) => (g.subcommands ?? [g]).map((c) => ({ words: c === g ? [g.name] : [g.name, c.name], cmd: c })));

describe('--help, generated from the definitions that parse the command line', () => {
  it.each(leaves.map((l) => [l.words.join(' '), l] as const))(
    '%s --help shows its usage, each of its options and an example',
    async (_, leaf) => {
      const r = await runCli(t, null, [...leaf.words, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`prextra-console ${leaf.words.join(' ')}`);
      for (const name of Object.keys(leaf.cmd.options ?? {})) expect(r.out, `--${name}`).toContain(`--${name}`);
      for (const name of Object.keys(GLOBAL_OPTIONS)) expect(r.out).toContain(`--${name}`);
      for (const a of leaf.cmd.args ?? []) expect(r.out).toContain(a.choices ? a.choices.join('|') : a.name);
      // Each argument says what to give there, not only its name.
      const argLines =
        r.out
          .split('\n\n')
          .find((b) => b.startsWith('Arguments:'))
          ?.split('\n')
          .slice(1) ?? [];
      expect(argLines).toHaveLength(leaf.cmd.args?.length ?? 0);
      for (const line of argLines) expect(line, line).toMatch(/^ {2}\S+ {2,}\S.{10,}/);
      expect(r.out).toMatch(/Exemples:\n {2}(\S+=\S+ )?prextra-console /);
      expect(r.out).toContain('Codes de sortie');
    },
  );

  it('a group’s --help lists its subcommands, not the program’s help', async () => {
    const users = await runCli(t, null, ['users', '--help']);
    expect(users.code).toBe(0);
    expect(users.out).toMatch(/^prextra-console users — /);
    for (const sub of ['list', 'show', 'set', 'add', 'passwd', 'unlock', 'rights', 'schedule'])
      expect(users.out).toContain(`prextra-console users ${sub}`);
    expect(users.out).not.toContain('prextra-console outbox');
    const send = await runCli(t, null, ['report', 'send', '--help']);
    expect(send.out).toMatch(/^prextra-console report send — /);
    expect(send.out).toContain('--to ADDR[,ADDR]…');
    expect((await runCli(t, null, ['help', 'report', 'send'])).out).toBe(send.out);
  });

  it('the program’s help names every command, unlock, list --all, retry --force, PRX_LANG, PRX_ADMIN_PASSWORD and the exit codes', async () => {
    const r = await runCli(t, null, ['--help']);
    for (const l of leaves) expect(r.out).toContain(`  ${l.words.join(' ')}`);
    for (const text of [
      'users unlock CODE',
      'outbox list [--all]',
      'outbox retry ID [--force]',
      'PRX_LANG',
      'PRX_ADMIN_PASSWORD',
      '--password-stdin',
    ])
      expect(r.out).toContain(text);
    expect(r.out).toMatch(/^ {2}2\s+usage/m);
    expect(r.out).toMatch(/^ {2}6\s+Google ou réseau/m);
    const en = spawnSync(process.execPath, ['dist/cli.js', '--help'], { encoding: 'utf8', env: { ...process.env, PRX_LANG: 'en' } });
    expect(en.stdout).toMatch(/^ {2}6\s+Google or network/m);
  });
});

describe('the README’s exit codes', () => {
  it('are the codes --help lists, in its order, each with the meaning --help gives it', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('### Exit codes'));
    const documented = [...table.slice(0, table.indexOf('\n\n', table.indexOf('| code |'))).matchAll(/^\| (\d+) \| (.+) \|$/gm)].map(
      (m) => [m[1]!, m[2]!] as const,
    );
    const help = spawnSync(process.execPath, ['dist/cli.js', '--help'], { encoding: 'utf8', env: { ...process.env, PRX_LANG: 'en' } });
    const listed = [...help.stdout.slice(help.stdout.indexOf('Exit codes:')).matchAll(/^ {2}(\d+) +(.+)$/gm)].map(
      (m) => [m[1]!, m[2]!] as const,
    );
    expect(listed.length).toBeGreaterThan(5);
    expect(documented.map(([code]) => code)).toEqual(listed.map(([code]) => code));
    // The README says more; it starts with what --help says before its details (":" or "(").
    for (const [code, meaning] of listed) {
      const gist = meaning.split(/[:(]/)[0]!.trim();
      expect(documented.find(([c]) => c === code)![1], `exit ${code}`).toContain(gist);
    }
  });
});

describe('exit codes by class, one sentence on stderr, nothing on stdout', () => {
  const expectFailure = async (
    args: string[],
    code: number,
    message: RegExp,
    user: string | null = 'admin',
    env: NodeJS.ProcessEnv = {},
  ) => {
    const r = await runCli(t, user, args, env);
    expect([args.join(' '), r.code]).toEqual([args.join(' '), code]);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.out).toBe('');
  };

  it('2 for usage: unknown command, subcommand or option, extra or missing arguments, a bad choice, a value the form refuses', async () => {
    await expectFailure(['frobnicate'], 2, /Commande inconnue « frobnicate »/);
    await expectFailure(['users', 'frob'], 2, /Sous-commande inconnue « users frob »/);
    await expectFailure(['users'], 2, /Sous-commande manquante : list \| count \| show/);
    await expectFailure(['users', 'list', '--frob'], 2, /Option inconnue « --frob »/);
    await expectFailure(['users', 'list', 'extra'], 2, /Argument inattendu « extra »/);
    await expectFailure(['users', 'show', 'sroy', 'pcote'], 2, /Argument inattendu « pcote »/);
    await expectFailure(['db', 'migrate', 'maintenant'], 2, /Argument inattendu « maintenant »/);
    await expectFailure(['report', 'list', 'USR01'], 2, /Argument inattendu « USR01 »/);
    await expectFailure(['users', 'set', 'sroy'], 2, /Argument manquant : FIELD=VALUE/);
    await expectFailure(['completion', 'powershell'], 2, /« powershell » : SHELL attendu parmi bash, zsh, fish/);
    await expectFailure(['users', 'set', 'sroy', 'email=pas-une-adresse'], 2, /Courriel : Adresse courriel invalide/);
  });

  it('2 for a value that starts with a dash, saying how to give it, not that a known option is unknown', async () => {
    await expectFailure(['audit', 'list', '--limit', '-1'], 2, /--limit : la valeur commence par un tiret ; écrivez --limit=VALEUR\./);
    await expectFailure(['users', 'list', '--filter', '-a'], 2, /--filter : la valeur commence par un tiret ; écrivez --filter=VALEUR\./);
    const en = await runCli(t, 'admin', ['audit', 'list', '--limit', '-1'], { PRX_LANG: 'en' });
    expect(en.err.trim()).toMatch(/--limit: the value starts with a dash; write --limit=VALUE\.$/);
  });

  it('3 for login and rights, 4 for not found, 5 for a conflict', async () => {
    await expectFailure(['users', 'list'], 3, /Code d’utilisateur ou mot de passe invalide/, 'admin', { PRX_PASSWORD: 'faux' });
    await expectFailure(['users', 'list'], 3, /Droit insuffisant/, 'jtremblay');
    await expectFailure(['users', 'list'], 3, /Indiquez l’utilisateur/, null);
    await expectFailure(['users', 'show', 'personne'], 4, /n’existe pas/);
    await expectFailure(['report', 'render', 'NOPE'], 4, /Rapport inconnu/);
    await expectFailure(['config', 'get', 'Inconnue'], 4, /Clé de configuration inconnue/);
    await expectFailure(['users', 'list'], 4, /n’existe pas/, 'admin', { PRX_DB: path.join(t.dir, 'absente.sqlite') });
    // The database locked by another writer: a conflict, nothing changed.
    const { default: knex } = await import('knex');
    const other = knex({ client: 'sqlite3', connection: { filename: t.file }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
    try {
      await other.raw('BEGIN EXCLUSIVE');
      await expectFailure(['users', 'set', 'sroy', 'contact=Réception'], 5, /occupée|verrouillée/, 'admin');
      await other.raw('ROLLBACK');
    } finally {
      await other.destroy();
    }
  });

  it('6 for Google or the network; the exit code of a failed send follows its cause', async () => {
    const sim = await startGoogleSimulator({ dataDir: t.dir });
    try {
      google = simGoogle(sim, t.dir);
      await linkGmail(t.db, await t.actor('jtremblay'), google);
      sim.setFault('token', { status: 503 });
      sim.expireAccessTokens();
      const r = await runCli(t, 'jtremblay', ['gmail', 'test'], simEnv(sim));
      expect(r.code).toBe(6);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      sim.clearFaults();
      // Gmail refuses the message (a 400 is not retried).
      await t.db('user_preferences').update({ mail_type: 'gmail' });
      sim.setFault('gmail', { status: 400 });
      const send = await runCli(t, 'jtremblay', ['report', 'send', 'USR01', '--to', 'a@example.com'], simEnv(sim));
      expect([send.code, send.err]).toEqual([6, expect.stringMatching(/courriel n° \d+/)]);
    } finally {
      await sim.close();
      await stopSandboxSimulators();
    }
  });
});

describe('--json wherever a command prints data or a result', () => {
  it('users set --json prints the saved record; users add --json the new one', async () => {
    const set = await runCli(t, 'admin', ['users', 'set', 'sroy', 'contact=Réception', '--json']);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.out)).toMatchObject({ code: 'sroy', contact: 'Réception' });
    const add = await runCli(t, 'admin', ['users', 'add', 'bleger', 'name=Benoît Léger', '--json']);
    expect(JSON.parse(add.out)).toMatchObject({ code: 'bleger', name: 'Benoît Léger' });
  });

  it('report render --json prints the file, its pages and size', async () => {
    const out = path.join(t.dir, 'usr01.pdf');
    const r = await runCli(t, 'admin', ['report', 'render', 'USR01', '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ code: 'USR01', path: out, pages: expect.any(Number), bytes: expect.any(Number) });
  });

  it('gmail test --json prints the address and scopes', async () => {
    const sim = await startGoogleSimulator({ dataDir: t.dir });
    try {
      google = simGoogle(sim, t.dir);
      await linkGmail(t.db, await t.actor('jtremblay'), google);
      const r = await runCli(t, 'jtremblay', ['gmail', 'test', '--json'], simEnv(sim));
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({
        status: 'ok',
        address: 'jtremblay@mtl.example.com',
        scopes: expect.arrayContaining(['https://www.googleapis.com/auth/gmail.send']),
      });
    } finally {
      await sim.close();
      await stopSandboxSimulators();
    }
  });
});

describe('the password from standard input', () => {
  it('--password-stdin reads the first line; a wrong one is refused with exit 3', async () => {
    const ok = await runCli(t, null, ['--password-stdin', 'users', 'show', 'sroy', '--json'], { PRX_USER: 'admin' }, 'demo\n');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).code).toBe('sroy');
    const bad = await runCli(t, null, ['users', 'show', 'sroy', '--password-stdin'], { PRX_USER: 'admin', PRX_PASSWORD: 'demo' }, 'faux\n');
    expect(bad.code).toBe(3);
  });
});

describe('the CLI does what the rights and schedule screens do', () => {
  it('users rights shows every function, sets levels through the same service, and is refused without the right', async () => {
    const shown = JSON.parse((await runCli(t, 'admin', ['users', 'rights', 'jtremblay', '--json'])).out);
    expect(shown['systeme.maintenance.utilisateurs']).toBe('aucun');
    expect(Object.keys(shown)).toContain('rapports.USR01');
    const set = await runCli(t, 'admin', [
      'users',
      'rights',
      'jtremblay',
      'systeme.maintenance.utilisateurs=lecture',
      'rapports.USR02=modify',
    ]);
    expect(set).toMatchObject({ code: 0, out: 'Droits de jtremblay enregistrés.\n' });
    const row = await t
      .db('rights')
      .join('users', 'users.id', 'rights.user_id')
      .where({ code: 'jtremblay', function_code: 'rapports.USR02' })
      .first('level');
    expect(row.level).toBe('modification');
    const audit = await t.db('audit_log').where({ entity: 'rights', entity_key: 'jtremblay' });
    expect(audit.length).toBeGreaterThan(0);
    const table = await runCli(t, 'admin', ['users', 'rights', 'jtremblay']);
    expect(table.out).toMatch(/Utilisateurs\s+Lecture/);
    const unknown = await runCli(t, 'admin', ['users', 'rights', 'jtremblay', 'systeme.nimporte=lecture']);
    expect([unknown.code, unknown.err]).toEqual([2, expect.stringContaining('Fonction inconnue « systeme.nimporte »')]);
    const badLevel = await runCli(t, 'admin', ['users', 'rights', 'jtremblay', 'rapports.USR01=tout']);
    expect(badLevel.code).toBe(2);
    const clerk = await runCli(t, 'jtremblay', ['users', 'rights', 'sroy', 'rapports.USR01=lecture']);
    expect([clerk.code, clerk.err]).toEqual([3, expect.stringContaining('Droit insuffisant')]);
  });

  it('users schedule shows, replaces and clears the login schedule; a bad range is refused before anything is saved', async () => {
    // The demo gives Sophie Roy weekdays 7:00–18:00.
    expect((await runCli(t, 'admin', ['users', 'schedule', 'sroy'])).out).toMatch(/^Jour\s+Début\s+Fin\nLundi\s+07:00\s+18:00\n/);
    const set = await runCli(t, 'admin', ['users', 'schedule', 'sroy', 'lun-ven=08:00-12:00,13:00-17:00', 'sam=9:00-12:00']);
    expect(set).toMatchObject({ code: 0, out: 'Horaire de sroy enregistré.\n' });
    const json = JSON.parse((await runCli(t, 'admin', ['users', 'schedule', 'sroy', '--json'])).out);
    expect(json).toHaveLength(11);
    expect(json.at(-1)).toEqual({ weekday: 6, start: '09:00', end: '12:00' });
    expect((await runCli(t, 'admin', ['users', 'schedule', 'sroy'])).out).toMatch(/Lundi\s+08:00\s+12:00/);
    const bad = await runCli(t, 'admin', ['users', 'schedule', 'sroy', 'lun=17:00-08:00']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('« lun=17:00-08:00 »');
    expect(JSON.parse((await runCli(t, 'admin', ['users', 'schedule', 'sroy', '--json'])).out)).toHaveLength(11);
    expect((await runCli(t, 'admin', ['users', 'schedule', 'sroy', '--clear'])).code).toBe(0);
    expect(await t.db('user_schedules').count({ n: '*' }).first()).toMatchObject({ n: 0 });
    expect((await runCli(t, 'admin', ['users', 'schedule', 'sroy'])).out).toBe('Aucun horaire : connexion permise en tout temps.\n');
    expect((await runCli(t, 'jtremblay', ['users', 'schedule', 'sroy', '--clear'])).code).toBe(3);
  });

  it('users add without companies gives the acting user’s default company, as the form does', async () => {
    const r = await runCli(t, 'admin', ['users', 'add', 'bleger', 'name=Benoît Léger']);
    expect(r.code).toBe(0);
    const u = JSON.parse((await runCli(t, 'admin', ['users', 'show', 'bleger', '--json'])).out);
    expect(u).toMatchObject({ default_company: 'DOC', companies: ['DOC'] });
  });
});

describe('shell completion and the entry point', () => {
  it('completion bash offers the commands, subcommands and options of the definitions', async () => {
    const script = (await runCli(t, null, ['completion', 'bash'])).out;
    const file = path.join(t.dir, 'completion.bash');
    writeFileSync(file, script);
    const complete = (...words: string[]) =>
      execFileSync(
        'bash',
        [
          '-c',
          `source ${file}; COMP_WORDS=(prextra-console ${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length}; _prextra_console; echo "\${COMPREPLY[@]}"`,
        ],
        {
          encoding: 'utf8',
        },
      ).trim();
    expect(complete('us').split(' ')).toEqual(['users']);
    expect(complete('users', '').split(' ')).toEqual(['list', 'count', 'show', 'set', 'add', 'passwd', 'unlock', 'rights', 'schedule']);
    expect(complete('--db', 'x.sqlite', 'outbox', 'retry', '--f').split(' ')).toEqual(['--force']);
    expect(complete('completion', '')).toContain('fish');
    for (const shell of ['zsh', 'fish']) {
      const r = await runCli(t, null, ['completion', shell]);
      expect(r.code).toBe(0);
      expect(r.out).toContain('schedule');
    }
  });

  it('runs under any name: a symlink to dist/cli.js with another name answers and exits with its code', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'prx-link-'));
    try {
      const link = path.join(dir, 'prx');
      symlinkSync(path.resolve('dist/cli.js'), link);
      const version = spawnSync(link, ['--version'], { encoding: 'utf8' });
      expect([version.status, version.stdout]).toEqual([0, expect.stringMatching(/^\d+\.\d+\.\d+\n$/)]);
      const missing = spawnSync(link, ['users', 'list'], {
        encoding: 'utf8',
        env: { ...process.env, PRX_DB: path.join(dir, 'absente.sqlite'), PRX_USER: 'admin', PRX_PASSWORD: 'demo' },
      });
      expect(missing.status).toBe(4);
      expect(missing.stderr).toContain('n’existe pas');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
