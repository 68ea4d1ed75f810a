// Entry point: one non-interactive command, or the full-screen console.
import { AppError } from './services/errors.js';
import { errorMessage, languageBeforeLogin } from './services/i18n/index.js';
import { log, logToDefaultFile } from './services/log.js';
import { terminalSafe } from './services/terminalText.js';
import { cliContext, type CliContext, type CliIo } from './cli/context.js';
import { createRuntime } from './runtime.js';
import { defaultLogFile } from './paths.js';
import { redactDbTarget } from './services/dbAddress.js';
import { checkGoogleEndpoints } from './services/gmail/transport.js';
import { VERSION } from './cli/definitions.js';
import { resolveCall } from './cli/dispatch.js';
import { exitCodeOf } from './cli/exitCodes.js';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export async function main(argv: string[], streams: CliIo): Promise<number> {
  // Every line a command prints goes through the one terminal escape: a name or an address
  // holding control characters is shown, never obeyed by the terminal (JSON is escaped in printJson).
  const io: CliIo = {
    ...streams,
    out: (s) => streams.out(terminalSafe(s, { multiline: true })),
    err: (s) => streams.err(terminalSafe(s, { multiline: true })),
  };
  // What the log may say about the command: its name, never its arguments (a --db URL may
  // hold a password, a value may be a secret).
  let commandName = 'prextra-console';
  let ctx: CliContext | null = null;
  try {
    // Node reads arguments as UTF-8 and turns invalid bytes into U+FFFD: refused, never stored.
    if (argv.some((a) => a.includes('\ufffd'))) throw new AppError('cli.invalidUtf8', { what: 'arguments' });
    const call = resolveCall(argv);
    if (call.kind === 'command') commandName = `${call.group.name} ${call.command.name}`;
    ctx = cliContext(io, call.global);
    if (call.kind === 'version') {
      ctx.out(`${VERSION}\n`);
      return 0;
    }
    if (call.kind === 'help') {
      const { programHelp, commandHelp } = await import('./cli/help.js');
      ctx.out(call.group ? commandHelp(ctx.lang, call.group, call.command) : programHelp(ctx.lang));
      return 0;
    }
    logToDefaultFile(defaultLogFile(ctx.env));
    // One line a run (what ran, on which database, never its arguments): support reads the log first.
    log(
      'info',
      `${call.kind === 'command' ? `${call.group.name}${call.command === call.group ? '' : ` ${call.command.name}`}` : 'console'} (${VERSION}) on ${redactDbTarget(ctx.rt.dbTarget)}`,
    );
    // Tokens never travel in clear over the network: refused before anything starts.
    checkGoogleEndpoints(ctx.env, ctx.rt.sandbox);
    if (call.kind === 'console') {
      // Ink draws nothing in CI mode (is-in-ci reads CI at import): a real terminal is not CI.
      // The console keeps its own copy of the environment (CI still means "no browser").
      const consoleRuntime = createRuntime({ ...ctx.env }, ctx.global, { clock: ctx.rt.clock });
      // Removed, not set to 0: chalk's colour detection only asks whether CI exists.
      if (process.stdout.isTTY) for (const k of ['CI', 'CONTINUOUS_INTEGRATION']) delete process.env[k];
      const { runConsole } = await import('./console.js');
      try {
        return await runConsole(consoleRuntime);
      } finally {
        await consoleRuntime.close();
      }
    }
    const mod = await call.group.load();
    const code = await mod.handlers[call.command.name]!(ctx, call.inv);
    return typeof code === 'number' ? code : 0;
  } catch (err) {
    if (!(err instanceof AppError)) log('error', `command failed: ${commandName} (arguments not logged)`, err);
    // Messages before login are French (the product's first language) unless PRX_LANG=en.
    io.err(`prextra-console: ${errorMessage(err, ctx?.lang ?? languageBeforeLogin(io.env))}\n`);
    return exitCodeOf(err);
  } finally {
    // The simulator a command started stops with it.
    await ctx?.rt.close();
  }
}

/**
 * True when node runs this file, under whatever name or link (`/usr/local/bin/prx` → …/dist/cli.js);
 * false when a test imports it.
 */
function isEntryPoint(): boolean {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// Run when executed (not when imported by tests).
if (isEntryPoint()) {
  // `prextra-console users list | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
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
      process.stderr.write(`prextra-console: ${errorMessage(err, languageBeforeLogin(process.env))}\n`);
      process.exit(1);
    },
  );
}
