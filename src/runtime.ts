// The composition root's product: what one run of the program works with, built once by
// the entry (cli.tsx for a command, handed to console.tsx for the console) from the
// environment and the global options, and handed down. Services take the parts they need
// as arguments; nothing below reads process.env or keeps a setting of its own.
import path from 'node:path';
import { isPostgresUrl } from './services/dbAddress.js';
import { languageBeforeLogin, type Lang } from './services/i18n/index.js';
import { systemClock, type Clock } from './services/time.js';
import type { Google, SimulatedGoogle } from './services/gmail/googleClient.js';
import { dataHome, demoDatabasePath } from './paths.js';

/** The options that apply to every command and to the console (taken out of argv). */
export interface GlobalOptions {
  readonly db?: string;
  readonly user?: string;
  readonly sandbox: boolean;
  readonly demo: boolean;
  /** --password-stdin: the password is the first line of standard input. */
  readonly passwordStdin?: boolean;
}

export interface Runtime {
  readonly env: NodeJS.ProcessEnv;
  readonly global: GlobalOptions;
  readonly clock: Clock;
  /** The language of messages before anyone logs in (PRX_LANG, then LC_ALL/LANG; French by default). */
  readonly lang: Lang;
  /** SQLite file or postgres:// URL. */
  readonly dbTarget: string;
  /** Folder beside the database: the sandbox's data (simulator state, sent .eml mails), temp files. */
  readonly dataDir: string;
  /** Google is the built-in simulator. */
  readonly sandbox: boolean;
  /** How the gmail and mail services reach Google (the simulator's endpoints in sandbox mode). */
  readonly google: Google;
  /** Stops what this run started (the simulator). */
  close(): Promise<void>;
}

/** What a test or the entry may give instead of the defaults. */
export interface RuntimeParts {
  readonly clock?: Clock;
  /** Starts the Google simulator (sandbox mode); the built-in one by default. */
  readonly startSimulator?: StartSimulator;
}

/** A simulator the runtime can stop. */
export type RunningSimulator = SimulatedGoogle & { close(): Promise<void> };
export type StartSimulator = (dataDir: string) => Promise<RunningSimulator>;

// The sandbox is loaded only when a link or a mail first needs Google.
const startBuiltInSimulator: StartSimulator = async (dataDir) =>
  (await import('./sandbox/googleSimulator.js')).startGoogleSimulator({ dataDir });

/**
 * How a run reaches Google. In sandbox mode the simulator is started on first use, once
 * for this run (a failed start is tried again next time), and stopped by close().
 */
export function createGoogle(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  sandbox: boolean,
  start: StartSimulator = startBuiltInSimulator,
): Google & { close(): Promise<void> } {
  let running: Promise<RunningSimulator> | null = null;
  const simulator = () => {
    running ??= start(dataDir);
    running.catch(() => (running = null));
    return running;
  };
  return {
    sandbox,
    env,
    dataDir,
    simulator: sandbox ? simulator : null,
    async close() {
      const sim = await running?.catch(() => null);
      running = null;
      await sim?.close();
    },
  };
}

export function createRuntime(env: NodeJS.ProcessEnv, global: GlobalOptions, parts: RuntimeParts = {}): Runtime {
  const where = { env, global };
  const dataDir = dataDirOf(where);
  const sandbox = isSandbox(where);
  const google = createGoogle(env, dataDir, sandbox, parts.startSimulator);
  return {
    env,
    global,
    clock: parts.clock ?? systemClock,
    lang: languageBeforeLogin(env),
    dbTarget: dbTarget(where),
    dataDir,
    sandbox,
    google,
    close: () => google.close(),
  };
}

type Where = { readonly env: NodeJS.ProcessEnv; readonly global: GlobalOptions };

/** PRX_DB / --db, else the demo database for npm start, else the XDG data folder. */
function dbTarget(w: Where): string {
  if (w.global.db) return w.global.db;
  if (w.env.PRX_DB) return w.env.PRX_DB;
  if (w.global.demo) return demoDatabasePath(w.env);
  return path.join(dataHome(w.env), 'prextra.sqlite');
}

function dataDirOf(w: Where): string {
  const target = dbTarget(w);
  if (isPostgresUrl(target)) return dataHome(w.env);
  return path.dirname(path.resolve(target));
}

function isSandbox(w: Where): boolean {
  return w.global.sandbox || w.global.demo || w.env.PRX_SANDBOX === '1' || w.env.PRX_SANDBOX === 'true';
}
