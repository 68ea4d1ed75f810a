import React from 'react';
import { render } from 'ink';
import { App } from './app.js';
import { dataDirOf, dbTarget, isSandbox, type CliContext } from './cli/context.js';
import { configureGoogle } from './services/gmail/googleClient.js';
import { migrateLatest, openDb } from './services/db.js';
import { AppError } from './services/errors.js';
import { log } from './services/log.js';
import { revokeLinksOfBarredUsers } from './services/access.js';
import { createFirstAdministrator, userCount } from './services/setup.js';
import { Providers, type ConsoleServices } from './screens/context.js';
import { setTheme, themeFor } from './screens/theme.js';
import { pinnedStdout } from './screens/pinnedText.js';
import { createAppStore, type Route } from './state/store.js';

const ALT_SCREEN_ON = '\x1b[?1049h\x1b[H';
const ALT_SCREEN_OFF = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';

/** Runs the full-screen console until the user quits. */
export async function runConsole(ctx: CliContext): Promise<number> {
  const stdin = process.stdin;
  const stdout = process.stdout;
  if (!stdin.isTTY || !stdout.isTTY) throw new AppError('cli.ttyRequired');

  const target = dbTarget(ctx);
  const db = await openDb(target, { create: true });
  await migrateLatest(db);
  let first: Route = { screen: 'login' };
  if ((await userCount(db)) === 0) {
    if (ctx.global.demo) {
      const { seedDemo } = await import('../db/seeds/demo.js');
      await seedDemo(db);
    } else if (ctx.env.PRX_ADMIN_PASSWORD) {
      await createFirstAdministrator(db, ctx.env.PRX_ADMIN_PASSWORD);
    } else first = { screen: 'firstRun' };
  }

  const dataDir = dataDirOf(ctx);
  const { stdout: inkStdout, pinned } = pinnedStdout(stdout);
  const services: ConsoleServices = { db, env: ctx.env, dataDir, sandbox: isSandbox(ctx), pinned };
  // The Google simulator starts on first use (linking, sending), not here.
  configureGoogle({ sandbox: services.sandbox, dataDir, env: ctx.env });
  // Deactivated or expired users keep no Gmail link (in the background: Google may be slow).
  revokeLinksOfBarredUsers(db).catch((e) => log('warn', 'revoking barred users’ links failed', e));
  setTheme(themeFor(ctx.env));
  const store = createAppStore({ sandbox: services.sandbox, stack: [first] });

  // Nothing may print while Ink owns the screen: library chatter goes to the log file.
  const saved = { log: console.log, warn: console.warn, error: console.error, info: console.info, debug: console.debug };
  for (const level of ['log', 'info', 'debug'] as const) console[level] = (...a: unknown[]) => log('info', a.map(String).join(' '));
  console.warn = (...a: unknown[]) => log('warn', a.map(String).join(' '));
  console.error = (...a: unknown[]) => log('error', a.map(String).join(' '));

  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      if (stdin.isTTY) stdin.setRawMode(false);
    } catch {
      /* stdin already closed */
    }
    stdout.write(SHOW_CURSOR + ALT_SCREEN_OFF);
    Object.assign(console, saved);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    instance.unmount();
    restore();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const onCrash = (err: unknown) => {
    log('error', 'console crashed', err);
    try {
      instance.unmount();
    } catch {
      /* already gone */
    }
    restore();
    process.stderr.write(`prextra-console: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  };
  process.on('exit', restore);
  for (const s of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.on(s, onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  stdout.write(ALT_SCREEN_ON);
  const instance = render(
    <Providers services={services} store={store}>
      <App />
    </Providers>,
    { exitOnCtrlC: false, patchConsole: false, stdout: inkStdout },
  );
  try {
    await instance.waitUntilExit();
  } finally {
    restore();
    await db.destroy().catch(() => undefined);
  }
  return 0;
}
