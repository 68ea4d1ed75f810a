// `prextra-console doctor` and the Diagnostic screen: why mail does not leave this server.
// One line per check, ok / warn / fail, and what to do: the database, its migrations, the
// secret key (file mode, the key that encrypted the database's secrets), the Google client,
// each Google endpoint (name, TLS, through HTTPS_PROXY or not), the clock against Google's,
// each linked account, the outbox, the log. Nothing is changed.
import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db.js';
import type { Google } from '../gmail/googleClient.js';
import { isPostgresUrl, redactDbTarget } from '../dbAddress.js';
import { errorMessage, formatDateTime, translate, type Lang, type MessageKey, type MessageParams } from '../i18n/index.js';
import { probe, type Probe } from './network.js';

export type Level = 'ok' | 'warn' | 'fail';

export interface CheckLine {
  readonly id: string;
  readonly level: Level;
  /** What was checked (a short label). */
  readonly label: string;
  /** What was found. */
  readonly detail: string;
  /** What to do, when not ok. */
  readonly fix?: string;
}

export interface DoctorOptions {
  /** SQLite path or postgres:// URL. */
  readonly target: string;
  /** The database already open (the console's Diagnostic screen): used as is, left open. */
  readonly db?: Db;
  readonly env: NodeJS.ProcessEnv;
  /** How this run reaches Google (the runtime's: the simulator's endpoints in sandbox mode). */
  readonly google: Google;
  readonly logFile: string | null;
  readonly lang: Lang;
  readonly timeoutMs?: number;
  /** The local clock (tests). */
  readonly now?: () => number;
}

/** Beyond this, Google's tokens (issued and expiring by its clock) are refused or mistimed. */
const SKEW_FAIL_MS = 5 * 60_000;
const SKEW_WARN_MS = 30_000;

const RANK: Record<Level, number> = { ok: 0, warn: 1, fail: 2 };
export function worstLevel(lines: readonly CheckLine[]): Level {
  return lines.reduce<Level>((w, l) => (RANK[l.level] > RANK[w] ? l.level : w), 'ok');
}

type Say = (key: MessageKey, params?: MessageParams) => string;

export async function runDoctor(opts: DoctorOptions): Promise<CheckLine[]> {
  const say: Say = (key, params) => (translate as (l: Lang, k: MessageKey, p?: MessageParams) => string)(opts.lang, key, params);
  const line = (id: string, level: Level, label: MessageKey, detail: string, fix?: string): CheckLine => ({
    id,
    level,
    label: say(label),
    detail,
    ...(fix && level !== 'ok' ? { fix } : {}),
  });
  const lines: CheckLine[] = [];
  const shown = redactDbTarget(opts.target);

  // ---- the database and its schema ---------------------------------------------------
  let db: Db | null = null;
  const own = !opts.db;
  try {
    const { openDb, migrationStatus } = await import('../db.js');
    const t0 = Date.now();
    db = opts.db ?? (await openDb(opts.target, { env: opts.env }));
    await db.raw('select 1');
    lines.push(line('database', 'ok', 'doctor.database', say('doctor.database.ok', { target: shown, ms: Date.now() - t0 })));
    const st = await migrationStatus(db);
    lines.push(
      st.pending.length
        ? line(
            'migrations',
            'fail',
            'doctor.migrations',
            say('doctor.migrations.pending', { count: st.pending.length, list: st.pending.join(', ') }),
            say('doctor.migrations.fix'),
          )
        : line('migrations', 'ok', 'doctor.migrations', say('doctor.migrations.ok', { count: st.applied.length })),
    );
    if (st.pending.length) {
      if (own) await db.destroy();
      db = null;
    }
  } catch (e) {
    lines.push(line('database', 'fail', 'doctor.database', errorMessage(e, opts.lang), say('doctor.database.fix')));
    if (own) await db?.destroy().catch(() => undefined);
    db = null;
  }

  try {
    lines.push(...(await keyLines(db, opts, say, line)));
    lines.push(...(await googleLines(db, opts, say, line)));
    if (db) lines.push(...(await accountLines(db, opts, say, line)), await outboxLine(db, say, line));
  } finally {
    if (own) await db?.destroy();
  }
  lines.push(logLine(opts, say, line));
  return lines;
}

type Line = (id: string, level: Level, label: MessageKey, detail: string, fix?: string) => CheckLine;

// ---- the secret key ------------------------------------------------------------------
async function keyLines(db: Db | null, opts: DoctorOptions, say: Say, line: Line): Promise<CheckLine[]> {
  const out: CheckLine[] = [];
  const { secretKeySource, KEY_FILE_MODES } = await import('../crypto.js');
  const source = secretKeySource(opts.env);
  if (source.kind === 'env') out.push(line('key-file', 'ok', 'doctor.keyFile', say('doctor.keyFile.env')));
  else if (!existsSync(source.path)) {
    // PRX_SECRET_KEY_FILE names a file that must exist; this user's own is created on first use.
    out.push(
      source.kind === 'file'
        ? line('key-file', 'fail', 'doctor.keyFile', say('doctor.keyFile.missing', { path: source.path }), say('doctor.keyFile.fixMissing'))
        : line('key-file', 'ok', 'doctor.keyFile', say('doctor.keyFile.none', { path: source.path })),
    );
  } else {
    // Judged by the rule the console reads the key with (crypto.ts).
    const mode = statSync(source.path).mode & 0o777;
    const { forbidden, wanted } = KEY_FILE_MODES[source.kind];
    const tooWide = mode & forbidden;
    out.push(
      tooWide
        ? line(
            'key-file',
            'fail',
            'doctor.keyFile',
            say('doctor.keyFile.wide', { path: source.path, mode: mode.toString(8) }),
            say('doctor.keyFile.fix', { path: source.path, mode: wanted }),
          )
        : line('key-file', 'ok', 'doctor.keyFile', say('doctor.keyFile.ok', { path: source.path, mode: mode.toString(8) })),
    );
  }
  if (!db) return out;
  // The key must be the one that encrypted the database's secrets: its fingerprint against
  // the one the database keeps, else (a database from before fingerprints) one secret read back.
  try {
    const { readOneStoredSecret, secretKeyStatus } = await import('../sharedKey.js');
    const status = await secretKeyStatus(db);
    if (status.databaseFingerprint !== null) {
      out.push(
        status.matches
          ? line('key-match', 'ok', 'doctor.keyMatch', say('doctor.keyMatch.fingerprint', { fingerprint: status.fingerprint }))
          : line(
              'key-match',
              'fail',
              'doctor.keyMatch',
              say('doctor.keyMatch.otherKey', { mine: status.fingerprint, theirs: status.databaseFingerprint }),
              say('doctor.keyMatch.fix'),
            ),
      );
      return out;
    }
    const sample = await readOneStoredSecret(db);
    out.push(
      sample === 'none'
        ? line('key-match', 'ok', 'doctor.keyMatch', say('doctor.keyMatch.nothing'))
        : line('key-match', 'ok', 'doctor.keyMatch', say('doctor.keyMatch.ok', { what: sample })),
    );
  } catch (e) {
    out.push(line('key-match', 'fail', 'doctor.keyMatch', errorMessage(e, opts.lang), say('doctor.keyMatch.fix')));
  }
  return out;
}

// ---- Google: the client, each endpoint, the clock -----------------------------------
async function googleLines(db: Db | null, opts: DoctorOptions, say: Say, line: Line): Promise<CheckLine[]> {
  const out: CheckLine[] = [];
  const { googleEnvironment } = await import('../gmail/googleClient.js');
  let genv: Awaited<ReturnType<typeof googleEnvironment>>;
  try {
    genv = await googleEnvironment(opts.google, db ?? undefined);
  } catch (e) {
    // A wrong key or an insecure endpoint: the rest of Google cannot be checked.
    return [line('google-client', 'fail', 'doctor.googleClient', errorMessage(e, opts.lang), say('doctor.googleClient.fix'))];
  }
  if (genv.sandbox) out.push(line('google-client', 'ok', 'doctor.googleClient', say('doctor.googleClient.sandbox')));
  else if (genv.client)
    out.push(
      line(
        'google-client',
        'ok',
        'doctor.googleClient',
        say(genv.client.source === 'env' ? 'doctor.googleClient.env' : 'doctor.googleClient.config', { id: shortId(genv.client.clientId) }),
      ),
    );
  else out.push(line('google-client', 'fail', 'doctor.googleClient', say('doctor.googleClient.none'), say('doctor.googleClient.fix')));

  // Each endpoint's origin once (the token and revoke endpoints share a host).
  const origins = [...new Set([genv.authUrl, genv.tokenUrl, genv.revokeUrl, genv.gmailApiUrl].map((u) => new URL(u).origin))];
  const probes = await Promise.all(origins.map((o) => probe(o, opts.env, opts.timeoutMs, opts.now)));
  for (const p of probes) out.push(endpointLine(p, say, line));
  out.push(clockLine(probes, say, line));
  return out;
}

function shortId(id: string): string {
  return id.length > 24 ? `${id.slice(0, 12)}…${id.slice(-12)}` : id;
}

function endpointLine(p: Probe, say: Say, line: Line): CheckLine {
  const host = new URL(p.origin).host;
  const route = p.route === 'direct' ? say('doctor.route.direct') : say('doctor.route.proxy', { proxy: p.route.replace(/^proxy /, '') });
  const id = `endpoint:${host}`;
  if (!p.error) {
    const how = [
      p.address ? `DNS ${p.address}` : null,
      p.tlsProtocol ? `${p.tlsProtocol}` : p.origin.startsWith('http:') ? 'HTTP' : 'TLS',
      `${p.ms} ms`,
    ]
      .filter(Boolean)
      .join(', ');
    return line(id, 'ok', 'doctor.endpoint', say('doctor.endpoint.ok', { host, how, route }));
  }
  const fixKey: MessageKey =
    p.stage === 'dns'
      ? 'doctor.endpoint.fixDns'
      : p.stage === 'tls'
        ? 'doctor.endpoint.fixTls'
        : p.route === 'direct'
          ? 'doctor.endpoint.fixConnect'
          : 'doctor.endpoint.fixProxy';
  return line(
    id,
    'fail',
    'doctor.endpoint',
    say('doctor.endpoint.fail', { host, error: p.error, stage: p.stage ?? 'http', route }),
    say(fixKey, { host }),
  );
}

function clockLine(probes: readonly Probe[], say: Say, line: Line): CheckLine {
  const answered = probes.find((p) => p.serverDate !== undefined && p.localDate !== undefined);
  if (!answered) return line('clock', 'warn', 'doctor.clock', say('doctor.clock.unknown'), say('doctor.clock.fixUnknown'));
  const skew = answered.localDate! - answered.serverDate!;
  const seconds = Math.round(Math.abs(skew) / 1000);
  const detail = say(skew >= 0 ? 'doctor.clock.ahead' : 'doctor.clock.behind', { seconds, host: new URL(answered.origin).host });
  const level: Level = Math.abs(skew) > SKEW_FAIL_MS ? 'fail' : Math.abs(skew) > SKEW_WARN_MS ? 'warn' : 'ok';
  return line('clock', level, 'doctor.clock', detail, say('doctor.clock.fix'));
}

// ---- linked accounts, the outbox -------------------------------------------------------
async function accountLines(db: Db, opts: DoctorOptions, say: Say, line: Line): Promise<CheckLine[]> {
  const rows = await db('mail_accounts')
    .join('users', 'users.id', 'mail_accounts.user_id')
    .where('mail_accounts.provider', 'gmail')
    .whereNot('mail_accounts.status', 'revoked')
    .orderBy('users.code')
    .select('users.code as code', 'mail_accounts.status as status', 'mail_accounts.last_refresh_at as lastRefresh');
  if (!rows.length) return [line('accounts', 'ok', 'doctor.accounts', say('doctor.accounts.none'))];
  return rows.map((r) => {
    const code = String(r.code);
    const when = r.lastRefresh ? formatDateTime(String(r.lastRefresh), opts.lang) : say('doctor.accounts.never');
    return r.status === 'linked'
      ? line(`account:${code}`, 'ok', 'doctor.account', say('doctor.account.linked', { code, when }))
      : line(
          `account:${code}`,
          'warn',
          'doctor.account',
          say('doctor.account.relink', { code, when }),
          say('doctor.account.fix', { code }),
        );
  });
}

async function outboxLine(db: Db, say: Say, line: Line): Promise<CheckLine> {
  const rows = (await db('outbox')
    .whereIn('status', ['failed', 'uncertain'])
    .groupBy('status')
    .select('status')
    .count({ n: '*' })) as Array<{
    status: string;
    n: number | string;
  }>;
  const failed = Number(rows.find((r) => r.status === 'failed')?.n ?? 0);
  const uncertain = Number(rows.find((r) => r.status === 'uncertain')?.n ?? 0);
  if (!failed && !uncertain) return line('outbox', 'ok', 'doctor.outbox', say('doctor.outbox.ok'));
  return line('outbox', 'warn', 'doctor.outbox', say('doctor.outbox.waiting', { failed, uncertain }), say('doctor.outbox.fix'));
}

// ---- the log -------------------------------------------------------------------------------
function logLine(opts: DoctorOptions, say: Say, line: Line): CheckLine {
  const file = opts.logFile;
  if (!file || file === '/dev/null') return line('log', 'ok', 'doctor.log', say('doctor.log.off'));
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    closeSync(openSync(file, 'a', 0o600));
    return line('log', 'ok', 'doctor.log', say('doctor.log.ok', { path: file }));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'ERR';
    return line('log', 'fail', 'doctor.log', say('doctor.log.fail', { path: file, code }), say('doctor.log.fix', { path: file }));
  }
}

/** The address of an open database, as openDb was given it (a SQLite file, a postgres:// URL). */
export function dbTargetOf(db: Db): string {
  const { client, connection } = db.client.config as { client: string; connection: string | { filename?: string } };
  if (typeof connection === 'string') return connection;
  return connection?.filename ?? String(client);
}

export { isPostgresUrl };
