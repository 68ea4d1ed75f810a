import { AppError } from '../../services/errors.js';
import { formatDateTime, translateDynamic } from '../../services/i18n/index.js';
import { getOutboxEntry, listOutbox, retryMail } from '../../services/mail/index.js';
import { printSent, progressPrinter, sendFailure } from './report.js';
import type { Handler, Invocation } from '../definitions.js';
import { printJson, printTable, type CliContext } from '../context.js';
import { asUser } from './session.js';

// outbox list [--all] | retry ID [--force] (definitions: src/cli/definitions.ts)

function list(ctx: CliContext, { values }: Invocation): Promise<void> {
  return asUser(ctx, async (db, actor) => {
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
    } else if (mails.length === 0) ctx.out(ctx.t('outbox.cli.none') + '\n');
    else
      printTable(
        ctx,
        ['id', 'date', ...(values.all ? ['user'] : []), 'status', 'to', 'subject', 'report', 'attempts', 'gmailId', 'error'].map((c) =>
          translateDynamic(ctx.lang, `outbox.col.${c}`),
        ),
        mails.map((m) => [
          String(m.id),
          formatDateTime(m.createdAt, ctx.lang),
          ...(values.all ? [m.user] : []),
          translateDynamic(ctx.lang, `report.mailStatus.${m.status}`, m.status),
          m.to.join(', '),
          m.subject,
          m.report ?? '',
          String(m.attempts),
          m.gmailId ?? '',
          m.error ?? '',
        ]),
      );
  });
}

function retry(ctx: CliContext, { values, positionals }: Invocation): Promise<void> {
  const idText = positionals[0]!;
  if (!/^\d+$/.test(idText)) throw new AppError('outbox.cli.badId', { id: idText });
  const id = Number(idText);
  return asUser(ctx, async (db, actor) => {
    const r = await retryMail(db, actor, id, {
      force: values.force === true,
      onProgress: progressPrinter(ctx),
      google: ctx.rt.google,
    }).catch((e: unknown) => {
      if (e instanceof AppError && e.key === 'outbox.uncertainNeedsForce') throw new AppError('outbox.cli.uncertainNeedsForce', { id });
      sendFailure(ctx, e);
    });
    const entry = await getOutboxEntry(db, actor, id);
    printSent(ctx, { to: entry.to, cc: entry.cc }, r, values.json === true);
  });
}

export const handlers: Record<string, Handler> = { list, retry };
