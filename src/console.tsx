import React from 'react';
import { render } from 'ink';
import { App } from './app.js';
import type { Runtime } from './runtime.js';
import type { Db } from './services/db.js';
import { AppError } from './services/errors.js';
import { log } from './services/log.js';
import { Providers, type ConsoleServices } from './screens/context.js';
import { themeFor } from './screens/theme.js';
import { pinnedStdout } from './screens/pinnedText.js';
import { BRACKETED_PASTE_OFF, BRACKETED_PASTE_ON } from './screens/keys/input.js';
import { createAppStore, type AppStore } from './state/store.js';
import { unsupportedTerminal } from './terminalSupport.js';
import { watchHangup } from './hangup.js';
import { keepDrafts } from './screens/drafts.js';

// The alternate screen, and bracketed paste (a paste arrives as one event: screens/keys/input.ts).
const ALT_SCREEN_ON = '\x1b[?1049h\x1b[H' + BRACKETED_PASTE_ON;
const ALT_SCREEN_OFF = BRACKETED_PASTE_OFF + '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';

/**
 * Opens, migrates and (first run) fills the database, after the first frame is drawn:
 * the login screen appears at once and the password is checked when this is done.
 */
async function prepareDatabase(rt: Runtime, store: AppStore): Promise<Db> {
  const { openDb, migrateLatest } = await import('./services/db.js');
  const { createFirstAdministrator, userCount } = await import('./services/setup.js');
  const db = await openDb(rt.dbTarget, { create: true, env: rt.env });
  await migrateLatest(db);
  // Secrets stored before they were bound to their row are re-encrypted (no relink needed).
  const { upgradeStoredSecrets } = await import('./services/secretsUpgrade.js');
  await upgradeStoredSecrets(db);
  if ((await userCount(db)) === 0) {
    if (rt.global.demo) {
      const { seedDemo } = await import('../db/seeds/demo.js');
      await seedDemo(db);
    } else if (rt.env.PRX_ADMIN_PASSWORD) {
      await createFirstAdministrator(db, rt.env.PRX_ADMIN_PASSWORD);
    } else store.getState().reset({ screen: 'firstRun' });
  }
  // Deactivated or expired users keep no Gmail link (in the background: Google may be slow).
  const { revokeLinksOfBarredUsers } = await import('./services/access.js');
  revokeLinksOfBarredUsers(db, rt.google).catch((e) => log('warn', 'revoking barred users’ links failed', e));
  return db;
}

/** Runs the full-screen console until the user quits. */
export async function runConsole(rt: Runtime): Promise<number> {
  const stdin = process.stdin;
  const stdout = process.stdout;
  if (!stdin.isTTY || !stdout.isTTY) throw new AppError('cli.ttyRequired');
  // Nothing is written to a terminal that cannot take the full screen: one sentence instead.
  const unsupported = unsupportedTerminal(rt.env);
  if (unsupported) throw new AppError('cli.terminalUnsupported', unsupported);

  // The Google simulator starts on first use (linking, sending), not here.
  const { dataDir, sandbox } = rt;
  const store = createAppStore({ sandbox, stack: [{ screen: 'login' }] });
  const { stdout: inkStdout, pinned } = pinnedStdout(stdout);
  let resolveReady!: () => void;
  let rejectReady!: (e: unknown) => void;
  const ready = new Promise<void>((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  ready.catch(() => undefined);
  const services: { -readonly [K in keyof ConsoleServices]: ConsoleServices[K] } = {
    db: undefined as unknown as Db,
    ready,
    env: rt.env,
    dataDir,
    sandbox,
    lang: rt.lang,
    clock: rt.clock,
    google: rt.google,
    theme: themeFor(rt.env),
    pinned,
  };

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
  for (const s of ['SIGTERM', 'SIGINT'] as const) process.on(s, onSignal);
  // The terminal gone (SIGHUP, a dead tty): the last work, then out, never touching the tty.
  watchHangup({
    stdin,
    stdout,
    log: (message, err) => log('warn', message, err),
    beforeExit: async () => {
      restored = true;
      await ready;
      // Unsaved forms are kept as drafts, offered back at the user's next login.
      const kept = await keepDrafts(store.getState(), services.db);
      if (kept) log('info', `kept ${kept} unsaved form(s) as drafts`);
      await services.db.destroy();
    },
  });
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  stdout.write(ALT_SCREEN_ON);
  const instance = render(
    <Providers services={services} store={store}>
      <App />
    </Providers>,
    // 60 frames a second at most: a query's answer is not held back behind the frame that
    // echoed the key (Ink's default 30 fps would delay it up to 33 ms).
    { exitOnCtrlC: false, patchConsole: false, stdout: inkStdout, maxFps: 60 },
  );
  // A database that cannot be opened (missing folder rights, corrupt, busy): one sentence, exit 1.
  let failure: unknown = null;
  prepareDatabase(rt, store).then(
    (db) => {
      services.db = db;
      resolveReady();
    },
    (err) => {
      failure = err;
      rejectReady(err);
      instance.unmount();
    },
  );
  try {
    await instance.waitUntilExit();
  } finally {
    restore();
    await ready.then(() => services.db.destroy()).catch(() => undefined);
  }
  if (failure) throw failure;
  return 0;
}
