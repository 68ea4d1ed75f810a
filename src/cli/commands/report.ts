import { statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../services/errors.js';
import { errorMessage, formatBytes, getLanguage, t } from '../../services/i18n/index.js';
import { configureGoogle } from '../../services/gmail/googleClient.js';
import { MailSendError, sendReport, validateRecipients, type SendResult } from '../../services/mail/index.js';
import {
  listReports,
  progressText,
  type RenderProgress,
  renderReport,
  reportFileName,
  findReport,
  REPORTS,
} from '../../services/reports/index.js';
import { slowProgress } from '../../services/progress.js';
import { dataDirOf, isSandbox, loginCli, openExistingDb, parseCommandArgs, printJson, printTable, type CliContext } from '../context.js';

// report list [--json] | render CODE [--company C] [--out FILE.pdf]
// `report send` is added beside these (its own function, its own case) by the mail work.
export async function run(ctx: CliContext, argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === 'list') return list(ctx, rest);
  if (sub === 'render') return render(ctx, rest);
  if (sub === 'send') return send(ctx, rest);
  throw new AppError(sub ? 'cli.unknownCommand' : 'cli.missingArg', {
    cmd: `report ${sub}`,
    what: 'list [--json] | render CODE [--company C] [--out FILE.pdf] | send CODE --to ADDR[,ADDR] [--cc ADDR] [--subject S] [--message M]',
  });
}

async function list(ctx: CliContext, argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } });
  if (positionals.length) throw new AppError('cli.unexpectedArg', { arg: positionals[0]! });
  const db = await openExistingDb(ctx);
  try {
    const actor = await loginCli(ctx, db);
    const reports = await listReports(db, actor);
    if (values.json) printJson(ctx, reports);
    else if (reports.length === 0) ctx.out(t('report.list.none') + '\n');
    else
      printTable(
        ctx,
        [t('report.list.code'), t('report.list.name')],
        reports.map((r) => [r.code, r.name]),
      );
  } finally {
    await db.destroy();
  }
}

async function render(ctx: CliContext, argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, { company: { type: 'string' }, out: { type: 'string' } });
  const [code, extra] = positionals;
  if (!code) throw new AppError('cli.missingArg', { what: 'CODE' });
  if (extra) throw new AppError('cli.unexpectedArg', { arg: extra });
  // An unknown code is refused before the database is opened or a password asked.
  if (!findReport(code)) throw new AppError('report.unknown', { code, list: REPORTS.map((r) => r.code).join(', ') });
  const db = await openExistingDb(ctx);
  try {
    const actor = await loginCli(ctx, db);
    const out = outputPath(values.out, reportFileName(code, actor.language));
    // A long report (a million users) says how far it is on stderr, once a second.
    const onProgress = slowProgress((p: RenderProgress) => ctx.err(progressText(code.toUpperCase(), p) + '\n'), { everyMs: 1000 });
    const r = await renderReport(db, actor, code, { company: values.company, out, onProgress });
    const size = formatBytes(r.bytes, getLanguage());
    ctx.out(t(r.pages === 1 ? 'report.writtenOne' : 'report.written', { path: out, pages: r.pages, size }) + '\n');
  } finally {
    await db.destroy();
  }
}

/** --out FILE, or --out DIR (the standard name inside it), or the standard name here. */
function outputPath(out: string | undefined, fileName: string): string {
  if (!out) return path.resolve(fileName);
  const resolved = path.resolve(out);
  if (out.endsWith('/') || out.endsWith(path.sep) || isDirectory(resolved)) return path.join(resolved, fileName);
  return resolved;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

// report send CODE --to ADDR[,ADDR] [--cc ADDR] [--subject S] [--message M] [--company C]
// Without a Gmail link it refuses with the sentence (the link flow is `gmail connect`'s).
async function send(ctx: CliContext, argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    to: { type: 'string', multiple: true },
    cc: { type: 'string', multiple: true },
    subject: { type: 'string' },
    message: { type: 'string' },
    company: { type: 'string' },
  });
  const [code, extra] = positionals;
  if (!code) throw new AppError('cli.missingArg', { what: t('mail.cli.sendUsage') });
  if (extra) throw new AppError('cli.unexpectedArg', { arg: extra });
  if (!findReport(code)) throw new AppError('report.unknown', { code, list: REPORTS.map((r) => r.code).join(', ') });
  // Recipients are checked before the database is opened or a password asked.
  const recipients = validateRecipients(values.to ?? [], values.cc ?? []);
  configureGoogle({ sandbox: isSandbox(ctx), dataDir: dataDirOf(ctx), env: ctx.env });
  const db = await openExistingDb(ctx);
  try {
    const actor = await loginCli(ctx, db);
    const r = await sendReport(db, actor, {
      code,
      company: values.company,
      ...recipients,
      subject: values.subject,
      message: values.message,
    }).catch(sendFailure);
    ctx.out(sentLine(recipients.to, r));
  } finally {
    await db.destroy();
  }
}

/** A failed send, for the CLI: the reason and the outbox id to retry. */
export function sendFailure(e: unknown): never {
  throw e instanceof MailSendError ? new AppError('mail.cli.failed', { reason: errorMessage(e), id: e.outboxId }) : e;
}

/** "Courriel envoyé à … avec … (size). Message Gmail : id" */
export function sentLine(to: readonly string[], r: SendResult): string {
  return (
    t('mail.cli.sent', { to: to.join(', '), attachment: r.attachmentName, size: formatBytes(r.size, getLanguage()), gmailId: r.gmailId }) +
    '\n'
  );
}
