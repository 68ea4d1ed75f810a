import { isUtf8 } from 'node:buffer';
import { createRuntime, type GlobalOptions, type Runtime } from '../runtime.js';
import { LineReader } from './lineReader.js';
export type { GlobalOptions } from '../runtime.js';
import { login } from '../services/auth.js';
import { revokeLinksOfBarredUsers } from '../services/access.js';
import { migrateLatest, migrationStatus, openDb, isPostgresUrl, type Db } from '../services/db.js';
import { AppError } from '../services/errors.js';
import { translate, type Lang, type Translate } from '../services/i18n/index.js';
import { upgradeStoredSecrets } from '../services/secretsUpgrade.js';
import { columnWidth, jsonForTerminal, padColumns, terminalSafe } from '../services/terminalText.js';
import type { Actor } from '../services/rights.js';

/** Everything a non-interactive command needs; tests build one with their own streams. */
export interface CliContext {
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Global options, already taken out of argv. */
  readonly global: GlobalOptions;
  /** The language of messages: PRX_LANG until login, then the user's Langue (loginCli). */
  lang: Lang;
  /** Translates into `lang` as it is at the time of the call. */
  readonly t: Translate;
  /** What this run works with (clock, database target, Google…), built once by the entry. */
  readonly rt: Runtime;
  /** Standard input, a line at a time (what was read past a line stays for the next call). */
  readonly lines: LineReader;
}

/** What the caller gives: the environment and the standard streams (tests give their own). */
export type CliIo = Pick<CliContext, 'env' | 'stdin' | 'out' | 'err'>;

export function cliContext(io: CliIo, global: GlobalOptions, rt: Runtime = createRuntime(io.env, global)): CliContext {
  const ctx: CliContext = {
    ...io,
    global,
    rt,
    lang: rt.lang,
    t: (key, ...params) => translate(ctx.lang, key, ...params),
    lines: new LineReader(io.stdin),
  };
  return ctx;
}

/** Opens an existing, migrated database (commands other than `db` never create one). */
export async function openExistingDb(ctx: CliContext): Promise<Db> {
  const target = ctx.rt.dbTarget;
  const db = await openDb(target, { env: ctx.env });
  const { pending } = await migrationStatus(db);
  if (pending.length) {
    await db.destroy();
    throw new AppError('errors.dbNotMigrated', { path: isPostgresUrl(target) ? 'PostgreSQL' : target });
  }
  await upgradeStoredSecrets(db);
  return db;
}

export async function openAndMigrate(ctx: CliContext): Promise<{ db: Db; applied: string[] }> {
  const db = await openDb(ctx.rt.dbTarget, { create: true, env: ctx.env });
  const applied = await migrateLatest(db);
  await upgradeStoredSecrets(db);
  return { db, applied };
}

/** Reads a line from stdin; hidden (no echo) when stdin is a terminal. */
export async function prompt(ctx: CliContext, question: string, hidden = false): Promise<string> {
  const stdin = ctx.stdin as NodeJS.ReadStream;
  if (stdin.isTTY && hidden) {
    process.stderr.write(terminalSafe(question));
    return new Promise((resolve, reject) => {
      let buf = '';
      stdin.setRawMode(true);
      stdin.resume();
      stdin.setEncoding('utf8');
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n') {
            done();
            process.stderr.write('\n');
            resolve(buf);
            return;
          }
          if (ch === '\u0003') {
            done();
            process.stderr.write('\n');
            reject(new AppError('cli.cancelled'));
            return;
          }
          if (ch === '\u007f' || ch === '\b') buf = buf.slice(0, -1);
          else buf += ch;
        }
      };
      const done = () => {
        stdin.removeListener('data', onData);
        stdin.setRawMode(false);
        stdin.pause();
      };
      stdin.on('data', onData);
    });
  }
  if (stdin.isTTY) process.stderr.write(terminalSafe(question));
  return readLine(ctx);
}

/**
 * One line of standard input (pasted addresses, passwords in scripts), read by this run's
 * line reader. Rejects with AppError cli.invalidUtf8 for a line that is not valid UTF-8
 * (the next call reads the next line).
 */
export function readLine(ctx: Pick<CliContext, 'lines'>): Promise<string> {
  return ctx.lines.next();
}

/**
 * All of standard input, as text (a secret piped in: `… -  < file`). Bytes that are not
 * valid UTF-8 are refused (AppError cli.invalidUtf8), never stored as U+FFFD.
 */
export async function readAllStdin(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'utf8'));
  const bytes = Buffer.concat(chunks);
  if (!isUtf8(bytes)) throw new AppError('cli.invalidUtf8', { what: 'stdin' });
  return bytes.toString('utf8');
}

/**
 * Logs in as --user / PRX_USER with PRX_PASSWORD (or a prompt on a terminal), with the
 * same rules as the Connexion screen. Messages from then on are in the user's Langue.
 */
export async function loginCli(ctx: CliContext, db: Db): Promise<Actor> {
  const code = ctx.global.user ?? ctx.env.PRX_USER;
  if (!code) throw new AppError('cli.userRequired');
  let password = ctx.global.passwordStdin ? await readLine(ctx) : ctx.env.PRX_PASSWORD;
  if (password === undefined) {
    if (!ctx.stdin.isTTY) throw new AppError('cli.passwordRequired');
    password = await prompt(ctx, ctx.t('cli.promptPassword', { code }), true);
  }
  const session = await login(db, code, password, ctx.rt.clock);
  ctx.lang = session.actor.language;
  await revokeLinksOfBarredUsers(db, ctx.rt.google);
  return session.actor;
}

/** Prints data as JSON (stable, 2-space) for --json. */
export function printJson(ctx: CliContext, data: unknown): void {
  ctx.out(jsonForTerminal(data) + '\n');
}

/** Prints rows as aligned columns. */
export function printTable(ctx: CliContext, headers: readonly string[], rawRows: readonly (readonly string[])[]): void {
  const table = alignedColumns(headers, rawRows);
  ctx.out(table.line(headers) + table.rows.map(table.line).join(''));
}

/**
 * The rows of a table, escaped (before measuring, so that a hostile cell keeps the columns
 * aligned), and how a line of it is written: each column as wide as its widest cell or
 * header, two spaces between, the last one not padded.
 */
export function alignedColumns(
  headers: readonly string[],
  rawRows: readonly (readonly string[])[],
): { readonly rows: string[][]; readonly line: (cells: readonly string[]) => string } {
  const rows = rawRows.map((r) => r.map((c) => terminalSafe(c)));
  const widths = headers.map((h, i) => Math.max(columnWidth(h), ...rows.map((r) => columnWidth(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : padColumns(c, widths[i]!))).join('  ') + '\n';
  return { rows, line };
}
