import type { Readable } from 'node:stream';
import type { Db } from '../../services/db.js';
import { AppError } from '../../services/errors.js';
import { errorMessage, formatDateTime, t } from '../../services/i18n/index.js';
import type { Actor } from '../../services/rights.js';
import { configureGoogle } from '../../services/gmail/googleClient.js';
import { linkInfo, revokeLink, testLink } from '../../services/gmail/link.js';
import { startLink, type LinkAttempt } from '../../services/gmail/oauthFlow.js';
import { getPreferences } from '../../services/gmail/preferences.js';
import { dataDirOf, isSandbox, loginCli, openExistingDb, parseCommandArgs, printJson, readLine, type CliContext } from '../context.js';

const SUBCOMMANDS = ['connect', 'status', 'test', 'disconnect'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

/** The database's folder: the sandbox simulator keeps its grants and .eml files there. */

export async function run(ctx: CliContext, argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (!SUBCOMMANDS.includes(sub as Sub))
    throw new AppError(sub ? 'cli.unknownCommand' : 'cli.missingArg', { cmd: `gmail ${sub}`, what: t('gmail.cli.usage') });
  const { values, positionals } = parseCommandArgs(
    rest,
    sub === 'connect'
      ? { 'no-browser': { type: 'boolean' }, port: { type: 'string' } }
      : sub === 'status'
        ? { json: { type: 'boolean' } }
        : {},
    false,
  );
  if (positionals.length) throw new AppError('cli.unexpectedArg', { arg: positionals[0]! });
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(String(values.port))) throw new AppError('gmail.badPort', { value: String(values.port), source: '--port' });
  }
  const dataDir = dataDirOf(ctx);
  const sandbox = isSandbox(ctx);
  configureGoogle({ sandbox, dataDir, env: ctx.env });
  const db = await openExistingDb(ctx);
  try {
    const actor = await loginCli(ctx, db);
    if (sub === 'connect') await connect(ctx, db, actor, { port, noBrowser: values['no-browser'] === true, sandbox, dataDir });
    else if (sub === 'status') await status(ctx, db, actor, values.json === true);
    else if (sub === 'test') {
      const info = await testLink(db, actor);
      ctx.out(t('gmail.cli.testOk', { address: info.address, scopes: info.scopes.join(' ') }) + '\n');
    } else {
      const before = await linkInfo(db, actor);
      await revokeLink(db, actor);
      ctx.out(t('gmail.cli.disconnected', { address: before?.address ?? '' }) + '\n');
    }
  } finally {
    await db.destroy();
  }
}

async function connect(
  ctx: CliContext,
  db: Db,
  actor: Actor,
  opts: { port?: number; noBrowser: boolean; sandbox: boolean; dataDir: string },
): Promise<void> {
  const attempt = await startLink(db, actor, { ...opts, env: ctx.env });
  ctx.out(t('gmail.cli.openUrl', { email: attempt.expectedAddress }) + '\n');
  // On a line of its own, unbroken: terminals make it clickable and copyable whole.
  ctx.out(attempt.url + '\n');
  if (attempt.browserLaunched) ctx.out(t('gmail.cli.browserOpened') + '\n');
  if (attempt.sshHint) ctx.out(`${t('gmail.cli.sshHint')}\n${attempt.sshHint}\n`);
  ctx.out(t('gmail.cli.paste') + '\n');
  ctx.out(t('gmail.cli.waiting', { minutes: Math.max(1, Math.round((attempt.expiresAt - Date.now()) / 60_000)) }) + '\n');

  const onSigint = () => attempt.cancel();
  process.once('SIGINT', onSigint);
  let finished = false;
  void readPasted(ctx, attempt, () => finished);
  try {
    const info = await attempt.result;
    ctx.out(t('gmail.cli.linked', { address: info.address }) + '\n');
  } finally {
    finished = true;
    process.off('SIGINT', onSigint);
  }
}

/** The paste path, open at the same time as the loopback listener. */
async function readPasted(ctx: CliContext, attempt: LinkAttempt, finished: () => boolean): Promise<void> {
  const stdin = ctx.stdin as NodeJS.ReadableStream & Partial<Pick<Readable, 'readableEnded'>>;
  while (!finished()) {
    const line = await readLine(stdin);
    if (finished()) return;
    if (!line.trim()) {
      // End of input: the loopback listener alone remains.
      if (stdin.readableEnded) return;
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    try {
      attempt.submitPasted(line);
      return;
    } catch (e) {
      ctx.err(`prextra-console: ${errorMessage(e)}\n`);
    }
  }
}

async function status(ctx: CliContext, db: Db, actor: Actor, json: boolean): Promise<void> {
  const prefs = await getPreferences(db, actor);
  const link = prefs.link;
  const st = link?.status ?? 'none';
  if (json) {
    printJson(ctx, {
      status: st,
      address: link?.address ?? null,
      scopes: link?.scopes ?? [],
      lastRefreshAt: link?.lastRefreshAt ?? null,
      linkedAt: link?.linkedAt ?? null,
      lastError: link?.lastError ? t(link.lastError) : null,
      mailType: prefs.mailType,
      gmailOffered: prefs.gmailOffered,
      email: prefs.email,
    });
    return;
  }
  const rows: Array<[string, string]> = [[t('gmail.field.status'), t(`gmail.status.${st}`)]];
  if (link) {
    rows.push([t('gmail.field.address'), link.address]);
    rows.push([t('gmail.field.scopes'), link.scopes.join(' ')]);
    rows.push([t('gmail.field.linkedAt'), formatDateTime(link.linkedAt)]);
    rows.push([t('gmail.field.lastRefresh'), formatDateTime(link.lastRefreshAt)]);
    if (link.lastError) rows.push([t('gmail.field.lastError'), t(link.lastError)]);
  }
  const w = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) ctx.out(`${k.padEnd(w)}  ${v}\n`);
}
