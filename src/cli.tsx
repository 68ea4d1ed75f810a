// Entry point: one non-interactive command, or the full-screen console.
import { AppError } from './services/errors.js';
import { errorMessage, setLanguage, t } from './services/i18n/index.js';
import { log, setLogFile } from './services/log.js';
import { terminalSafe } from './services/terminalText.js';
import { dbTarget, type CliContext, type GlobalOptions } from './cli/context.js';
import path from 'node:path';

const VERSION = process.env.PRX_BUILD_VERSION || '0.1.0';

export const HELP = `prextra-console ${VERSION} — console de maintenance Prextra / Prextra maintenance console

Usage:
  prextra-console [--db PATH|URL] [--user CODE] [--sandbox]     the full-screen console
  prextra-console db migrate | db seed --demo | db status
  prextra-console config list | get KEY | set KEY VALUE
  prextra-console users list [--json] | show CODE [--json] | set CODE FIELD=VALUE…
  prextra-console users add CODE FIELD=VALUE… | passwd CODE
  prextra-console audit list [--json]
  prextra-console gmail connect [--no-browser] [--port N] | status [--json] | test | disconnect
  prextra-console report list [--json]
  prextra-console report render CODE [--company C] [--out FILE.pdf]
  prextra-console report send CODE --to ADDR[,ADDR] [--cc ADDR] [--subject S] [--message M]
  prextra-console outbox list [--json] | retry ID

Global options:
  --db PATH|URL   SQLite file or postgres:// URL (PRX_DB)
  --user CODE     user to act as (PRX_USER); password from PRX_PASSWORD or a prompt
  --sandbox       use the built-in Google simulator (PRX_SANDBOX=1)
  --help, -h      this help        --version, -v   the version

Environment: PRX_DB, PRX_CONFIG_DIR, PRX_SECRET_KEY, PRX_USER, PRX_PASSWORD,
PRX_NEW_PASSWORD, PRX_SANDBOX, PRX_GOOGLE_CLIENT_ID, PRX_GOOGLE_CLIENT_SECRET,
PRX_GOOGLE_AUTH_URL, PRX_GOOGLE_TOKEN_URL, PRX_GOOGLE_REVOKE_URL, PRX_GMAIL_API_URL,
PRX_OAUTH_PORT, PRX_NO_BROWSER, BROWSER, NO_COLOR, PRX_LOG.
`;

type CommandModule = { run(ctx: CliContext, argv: string[]): Promise<void> };

// Commands are imported on demand: the console's start-up never loads them.
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  db: () => import('./cli/commands/db.js'),
  config: () => import('./cli/commands/config.js'),
  users: () => import('./cli/commands/users.js'),
  audit: () => import('./cli/commands/audit.js'),
  gmail: () => import('./cli/commands/gmail.js'),
  report: () => import('./cli/commands/report.js'),
  outbox: () => import('./cli/commands/outbox.js'),
};

/** Splits the global options from the command and its own arguments. */
export function splitGlobal(argv: string[]): { global: GlobalOptions; rest: string[]; help: boolean; version: boolean } {
  const rest: string[] = [];
  let db: string | undefined;
  let user: string | undefined;
  let sandbox = false;
  let demo = false;
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
    const value = () => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new AppError('cli.missingArg', { what: name });
      return v;
    };
    if (name === '--db') db = value();
    else if (name === '--user') user = value();
    else if (name === '--sandbox') sandbox = true;
    else if (name === '--demo') demo = true;
    else if (a === '--help' || a === '-h') help = true;
    else if (a === '--version' || a === '-v') version = true;
    else rest.push(a);
  }
  // `npm start` passes --demo alone; after a command it is that command's own (db seed --demo).
  if (demo && rest.length > 0) {
    rest.push('--demo');
    demo = false;
  }
  return { global: { db, user, sandbox, demo }, rest, help, version };
}

export async function main(argv: string[], streams: Omit<CliContext, 'global'>): Promise<number> {
  // Every line a command prints goes through the one terminal escape: a name or an address
  // holding control characters is shown, never obeyed by the terminal (JSON is escaped in printJson).
  const ctxBase: Omit<CliContext, 'global'> = {
    ...streams,
    out: (s) => streams.out(terminalSafe(s, { multiline: true })),
    err: (s) => streams.err(terminalSafe(s, { multiline: true })),
  };
  let global: GlobalOptions = { sandbox: false, demo: false };
  try {
    const parsed = splitGlobal(argv);
    global = parsed.global;
    const ctx: CliContext = { ...ctxBase, global };
    if (parsed.version) {
      ctx.out(`${VERSION}\n`);
      return 0;
    }
    const [command, ...args] = parsed.rest;
    if (parsed.help) {
      ctx.out(HELP);
      return 0;
    }
    const target = dbTarget(ctx);
    if (!/^postgres/i.test(target)) setLogFile(path.join(path.dirname(path.resolve(target)), 'prextra-console.log'));
    if (command === undefined) {
      // Ink draws nothing in CI mode (is-in-ci reads CI at import): a real terminal is not CI.
      // The console keeps its own copy of the environment (CI still means "no browser").
      const consoleCtx = { ...ctx, env: { ...ctx.env } };
      // React's production build: several times less work per frame than the development one.
      process.env.NODE_ENV ??= 'production';
      // Removed, not set to 0: chalk's colour detection only asks whether CI exists.
      if (process.stdout.isTTY) for (const k of ['CI', 'CONTINUOUS_INTEGRATION']) delete process.env[k];
      const { runConsole } = await import('./console.js');
      return await runConsole(consoleCtx);
    }
    const load = COMMANDS[command];
    if (!load) throw new AppError(command.startsWith('-') ? 'cli.unknownFlag' : 'cli.unknownCommand', { cmd: command, flag: command });
    const mod = await load();
    await mod.run(ctx, args);
    return 0;
  } catch (err) {
    if (!(err instanceof AppError)) log('error', `command failed: ${argv.join(' ')}`, err);
    ctxBase.err(`prextra-console: ${errorMessage(err)}\n`);
    return err instanceof AppError && err.key === 'cli.cancelled' ? 130 : 1;
  }
}

// Run when executed (not when imported by tests).
const invoked = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (invoked.endsWith(`${path.sep}cli.js`) || invoked.endsWith(`${path.sep}prextra-console`)) {
  // `prextra-console users list | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  // Messages before login are French (the product's first language) unless PRX_LANG=en.
  setLanguage(process.env.PRX_LANG);
  main(process.argv.slice(2), {
    env: process.env,
    stdin: process.stdin,
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  }).then(
    (code) => {
      // Pool timers (knex) must not keep a finished command alive.
      process.exit(code);
    },
    (err) => {
      process.stderr.write(`prextra-console: ${t('errors.unexpected', { detail: String(err) })}\n`);
      process.exit(1);
    },
  );
}
