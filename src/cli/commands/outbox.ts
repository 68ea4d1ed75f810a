import { AppError } from '../../services/errors.js';
import { configureGoogle } from '../../services/gmail/googleClient.js';
import { formatDateTime, hasKey, t } from '../../services/i18n/index.js';
import { getOutboxEntry, listOutbox, retryMail } from '../../services/mail/index.js';
import { sendFailure, sentLine } from './report.js';
import { dataDirOf, isSandbox, loginCli, openExistingDb, parseCommandArgs, printJson, printTable, type CliContext } from '../context.js';

// outbox list [--json] [--all] | retry ID [--force]
export async function run(ctx: CliContext, argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === 'list') return list(ctx, rest);
  if (sub === 'retry') return retry(ctx, rest);
  throw new AppError(sub ? 'cli.unknownCommand' : 'cli.missingArg', { cmd: `outbox ${sub}`, what: t('outbox.cli.usage') });
}

async function list(ctx: CliContext, argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, all: { type: 'boolean' } });
  if (positionals.length) throw new AppError('cli.unexpectedArg', { arg: positionals[0]! });
  const db = await openExistingDb(ctx);
  try {
    const actor = await loginCli(ctx, db);
    const mails = await listOutbox(db, actor, { all: values.all === true });
    if (values.json) {
      printJson(
        ctx,
        mails.map((m) => ({
          id: m.id,
          status: m.status,
          to: m.to,
          cc: m.cc,
          subject: m.subject,
          report: m.report,
          company: m.company,
          attachment: m.attachmentName,
          size: m.attachmentSize,
          attempts: m.attempts,
          gmailId: m.gmailId,
          error: m.error,
          user: m.user,
          createdAt: m.createdAt,
          sentAt: m.sentAt,
        })),
      );
    } else if (mails.length === 0) ctx.out(t('outbox.cli.none') + '\n');
    else
      printTable(
        ctx,
        ['id', 'date', ...(values.all ? ['user'] : []), 'status', 'to', 'subject', 'report', 'attempts', 'gmailId', 'error'].map((c) =>
          t(`outbox.col.${c}`),
        ),
        mails.map((m) => [
          String(m.id),
          formatDateTime(m.createdAt),
          ...(values.all ? [m.user] : []),
          hasKey(`report.mailStatus.${m.status}`) ? t(`report.mailStatus.${m.status}`) : m.status,
          m.to.join(', '),
          m.subject,
          m.report ?? '',
          String(m.attempts),
          m.gmailId ?? '',
          m.error ?? '',
        ]),
      );
  } finally {
    await db.destroy();
  }
}

async function retry(ctx: CliContext, argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, { force: { type: 'boolean' } });
  const [idText, extra] = positionals;
  if (!idText) throw new AppError('cli.missingArg', { what: 'ID' });
  if (extra) throw new AppError('cli.unexpectedArg', { arg: extra });
  if (!/^\d+$/.test(idText)) throw new AppError('outbox.cli.badId', { id: idText });
  const id = Number(idText);
  configureGoogle({ sandbox: isSandbox(ctx), dataDir: dataDirOf(ctx), env: ctx.env });
  const db = await openExistingDb(ctx);
  try {
    const actor = await loginCli(ctx, db);
    const r = await retryMail(db, actor, id, { force: values.force === true }).catch((e: unknown) => {
      if (e instanceof AppError && e.key === 'outbox.uncertainNeedsForce') throw new AppError('outbox.cli.uncertainNeedsForce', { id });
      sendFailure(e);
    });
    ctx.out(sentLine((await getOutboxEntry(db, actor, id)).to, r));
  } finally {
    await db.destroy();
  }
}
