import type { Readable } from 'node:stream';
import type { Db } from '../../services/db.js';
import { AppError } from '../../services/errors.js';
import { errorMessage, formatDateTime, translateDynamic } from '../../services/i18n/index.js';
import type { Actor } from '../../services/rights.js';
import { linkInfo, revokeLink, testLink } from '../../services/gmail/link.js';
import { startLink, type LinkAttempt } from '../../services/gmail/oauthFlow.js';
import { getPreferences } from '../../services/gmail/preferences.js';
import type { Handler, Invocation } from '../definitions.js';
import { printJson, readLine, type CliContext } from '../context.js';
import { asUser } from './session.js';

// gmail connect | status | test | disconnect (definitions: src/cli/definitions.ts), as the
// acting user. Google's addresses come from the runtime (the sandbox or the configuration).
function withGmail(ctx: CliContext, work: (db: Db, actor: Actor) => Promise<void>) {
  return asUser(ctx, (db, actor) => work(db, actor));
}

const connectCmd = (ctx: CliContext, { values }: Invocation) => {
  const portText = values.port as string | undefined;
  if (portText !== undefined && !/^\d+$/.test(portText)) throw new AppError('gmail.badPort', { value: portText, source: '--port' });
  return withGmail(ctx, (db, actor) =>
    connect(
      ctx,
      db,
      actor,
      { port: portText === undefined ? undefined : Number(portText), noBrowser: values['no-browser'] === true },
      values.json === true,
    ),
  );
};

const statusCmd = (ctx: CliContext, { values }: Invocation) => withGmail(ctx, (db, actor) => status(ctx, db, actor, values.json === true));

const testCmd = (ctx: CliContext, { values }: Invocation) =>
  withGmail(ctx, async (db, actor) => {
    const info = await testLink(db, actor, ctx.rt.google);
    if (values.json) printJson(ctx, { status: 'ok', address: info.address, scopes: info.scopes });
    else ctx.out(ctx.t('gmail.cli.testOk', { address: info.address, scopes: info.scopes.join(' ') }) + '\n');
  });

const disconnectCmd = (ctx: CliContext, { values }: Invocation) =>
  withGmail(ctx, async (db, actor) => {
    const before = await linkInfo(db, actor);
    await revokeLink(db, actor, ctx.rt.google);
    if (values.json) printJson(ctx, { address: before?.address ?? null, revoked: true });
    else ctx.out(ctx.t('gmail.cli.disconnected', { address: before?.address ?? '' }) + '\n');
  });

export const handlers: Record<string, Handler> = { connect: connectCmd, status: statusCmd, test: testCmd, disconnect: disconnectCmd };

async function connect(ctx: CliContext, db: Db, actor: Actor, opts: { port?: number; noBrowser: boolean }, json: boolean): Promise<void> {
  const attempt = await startLink(db, actor, { ...opts, google: ctx.rt.google });
  // Instructions for the person at the terminal: standard error; the result: standard output.
  ctx.err(ctx.t('gmail.cli.openUrl', { email: attempt.expectedAddress }) + '\n');
  // On a line of its own, unbroken: terminals make it clickable and copyable whole.
  ctx.err(attempt.url + '\n');
  if (attempt.browserLaunched) ctx.err(ctx.t('gmail.cli.browserOpened') + '\n');
  if (attempt.sshHint) ctx.err(`${ctx.t('gmail.cli.sshHint')}\n${attempt.sshHint}\n`);
  ctx.err(ctx.t('gmail.cli.paste') + '\n');
  ctx.err(ctx.t('gmail.cli.waiting', { minutes: Math.max(1, Math.round((attempt.expiresAt - Date.now()) / 60_000)) }) + '\n');

  const onSigint = () => attempt.cancel();
  process.once('SIGINT', onSigint);
  let finished = false;
  void readPasted(ctx, attempt, () => finished);
  try {
    const info = await attempt.result;
    if (json) printJson(ctx, { address: info.address, scopes: info.scopes });
    else ctx.out(ctx.t('gmail.cli.linked', { address: info.address }) + '\n');
  } finally {
    finished = true;
    process.off('SIGINT', onSigint);
  }
}

/** The paste path, open at the same time as the loopback listener. */
async function readPasted(ctx: CliContext, attempt: LinkAttempt, finished: () => boolean): Promise<void> {
  const stdin = ctx.stdin as NodeJS.ReadableStream & Partial<Pick<Readable, 'readableEnded'>>;
  while (!finished()) {
    let line: string;
    try {
      line = await readLine(ctx);
    } catch (e) {
      // A line that is not UTF-8: said, and the next one is awaited (as for any bad paste).
      if (!finished()) ctx.err(`prextra-console: ${errorMessage(e, ctx.lang)}\n`);
      continue;
    }
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
      ctx.err(`prextra-console: ${errorMessage(e, ctx.lang)}\n`);
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
      lastError: link?.lastError ? translateDynamic(ctx.lang, link.lastError) : null,
      mailType: prefs.mailType,
      gmailOffered: prefs.gmailOffered,
      email: prefs.email,
    });
    return;
  }
  const rows: Array<[string, string]> = [[ctx.t('gmail.field.status'), ctx.t(`gmail.status.${st}`)]];
  if (link) {
    rows.push([ctx.t('gmail.field.address'), link.address]);
    rows.push([ctx.t('gmail.field.scopes'), link.scopes.join(' ')]);
    rows.push([ctx.t('gmail.field.linkedAt'), formatDateTime(link.linkedAt, ctx.lang)]);
    rows.push([ctx.t('gmail.field.lastRefresh'), formatDateTime(link.lastRefreshAt, ctx.lang)]);
    if (link.lastError) rows.push([ctx.t('gmail.field.lastError'), translateDynamic(ctx.lang, link.lastError)]);
  }
  const w = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) ctx.out(`${k.padEnd(w)}  ${v}\n`);
}
