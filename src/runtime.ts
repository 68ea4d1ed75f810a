// The composition root's product: what one run of the program works with, built once by
// the entry (cli.tsx for a command, handed to console.tsx for the console) from the
// environment and the global options, and handed down. Services take the parts they need
// as arguments; nothing below reads process.env or keeps a setting of its own.
import path from 'node:path';
import { isPostgresUrl } from './services/dbAddress.js';
import { languageBeforeLogin, type Lang } from './services/i18n/index.js';
import { systemClock, type Clock } from './services/time.js';
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
}

/** What a test or the entry may give instead of the defaults. */
export interface RuntimeParts {
  readonly clock?: Clock;
}

export function createRuntime(env: NodeJS.ProcessEnv, global: GlobalOptions, parts: RuntimeParts = {}): Runtime {
  const where = { env, global };
  return {
    env,
    global,
    clock: parts.clock ?? systemClock,
    lang: languageBeforeLogin(env),
    dbTarget: dbTarget(where),
    dataDir: dataDirOf(where),
    sandbox: isSandbox(where),
  };
}

type Where = { readonly env: NodeJS.ProcessEnv; readonly global: GlobalOptions };

/** PRX_DB / --db, else the demo database for npm start, else the XDG data folder. */
export function dbTarget(w: Where): string {
  if (w.global.db) return w.global.db;
  if (w.env.PRX_DB) return w.env.PRX_DB;
  if (w.global.demo) return demoDatabasePath(w.env);
  return path.join(dataHome(w.env), 'prextra.sqlite');
}

export function dataDirOf(w: Where): string {
  const target = dbTarget(w);
  if (isPostgresUrl(target)) return dataHome(w.env);
  return path.dirname(path.resolve(target));
}

export function isSandbox(w: Where): boolean {
  return w.global.sandbox || w.global.demo || w.env.PRX_SANDBOX === '1' || w.env.PRX_SANDBOX === 'true';
}
