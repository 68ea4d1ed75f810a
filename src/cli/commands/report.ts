import { statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../services/errors.js';
import { errorMessage, formatBytes } from '../../services/i18n/index.js';
import {
  describeProgress,
  MailSendError,
  sendReport,
  validateRecipients,
  type SendProgress,
  type SendResult,
} from '../../services/mail/index.js';
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
import type { Handler, Invocation } from '../definitions.js';
import { printJson, printTable, type CliContext } from '../context.js';
import { asUser } from './session.js';
import { pathTaken } from '../../services/privateFile.js';

// report list | render CODE | send CODE (definitions: src/cli/definitions.ts)

const list = (ctx: CliContext, { values }: Invocation) =>
  asUser(ctx, async (db, actor) => {
    const reports = await listReports(db, actor);
    if (values.json) printJson(ctx, reports);
    else if (reports.length === 0) ctx.out(ctx.t('report.list.none') + '\n');
    else
      printTable(
        ctx,
        [ctx.t('report.list.code'), ctx.t('report.list.name')],
        reports.map((r) => [r.code, r.name]),
      );
  });

/** An unknown code is refused before the database is opened or a password asked. */
function knownReport(code: string): void {
  if (!findReport(code)) throw new AppError('report.unknown', { code, list: REPORTS.map((r) => r.code).join(', ') });
}

const render = (ctx: CliContext, { values, positionals }: Invocation) => {
  const code = positionals[0]!;
  knownReport(code);
  return asUser(ctx, async (db, actor) => {
    const out = outputPath(values.out as string | undefined, reportFileName(code, actor.language));
    // Asked before the report is drawn: an existing file (or link) is replaced only with --force.
    if (!values.force && (await pathTaken(out))) throw new AppError('report.existsUseForce', { path: out });
    // A long report (a million users) says how far it is on stderr, once a second.
    const onProgress = slowProgress((p: RenderProgress) => ctx.err(progressText(code.toUpperCase(), p, ctx.lang) + '\n'), {
      everyMs: 1000,
    });
    const r = await renderReport(db, actor, code, {
      company: values.company as string | undefined,
      out,
      overwrite: !!values.force,
      onProgress,
    });
    if (values.json) printJson(ctx, { code: code.toUpperCase(), path: out, pages: r.pages, bytes: r.bytes });
    else {
      const size = formatBytes(r.bytes, ctx.lang);
      ctx.out(ctx.t('report.written', { path: out, pages: r.pages, size }) + '\n');
    }
  });
};

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

// Without a Gmail link it refuses with the sentence (the link flow is `gmail connect`'s).
const send = (ctx: CliContext, { values, positionals }: Invocation) => {
  const code = positionals[0]!;
  knownReport(code);
  // Recipients are checked before the database is opened or a password asked.
  const recipients = validateRecipients((values.to as string[] | undefined) ?? [], (values.cc as string[] | undefined) ?? []);
  return asUser(ctx, async (db, actor) => {
    const r = await sendReport(db, actor, {
      google: ctx.rt.google,
      code,
      company: values.company as string | undefined,
      ...recipients,
      subject: values.subject as string | undefined,
      message: values.message as string | undefined,
      onProgress: progressPrinter(ctx),
    }).catch((e: unknown) => sendFailure(ctx, e));
    printSent(ctx, recipients, r, values.json === true);
  });
};

export const handlers: Record<string, Handler> = { list, render, send };

/** The result of a send (or a retry): a sentence, or --json; a mail sent but not yet recorded says so on stderr. */
export function printSent(
  ctx: CliContext,
  recipients: { to: readonly string[]; cc?: readonly string[] },
  r: SendResult,
  json: boolean,
): void {
  if (json)
    printJson(ctx, {
      outboxId: r.outboxId,
      gmailId: r.gmailId,
      to: recipients.to,
      cc: recipients.cc ?? [],
      attachment: r.attachmentName,
      size: r.size,
      messageSize: r.messageSize,
      attempts: r.attempts,
      recorded: r.recorded,
    });
  else ctx.out(sentLine(ctx, recipients.to, r));
  if (!r.recorded) ctx.err(ctx.t('mail.cli.notRecorded', { gmailId: r.gmailId }) + '\n');
}

/**
 * The upload's progress on stderr, one line per change: each try, Google's answer awaited,
 * each pause before a retry (with its length), each wait on the database; the bytes at
 * most once a second (and the last). Rendering and checks before the upload say nothing.
 */
export function progressPrinter(ctx: CliContext): (p: SendProgress) => void {
  let last = '';
  let lastBytesAt = 0;
  return (p) => {
    if (p.phase !== 'upload' && p.phase !== 'record') return;
    const kind = `${p.phase}/${p.state ?? ''}/${p.attempt ?? ''}`;
    const now = Date.now();
    const bytes = p.phase === 'upload' && p.state === 'sending';
    if (kind === last && (!bytes || (now - lastBytesAt < 1000 && p.sent !== p.total))) return;
    last = kind;
    if (bytes) lastBytesAt = now;
    ctx.err(describeProgress(p, ctx.lang) + '\n');
  };
}

/** A failed send, for the CLI: the reason and the outbox id to retry. */
export function sendFailure(ctx: CliContext, e: unknown): never {
  if (!(e instanceof MailSendError)) throw e;
  // The cause stays attached: the exit code follows it (Google, conflict…).
  throw Object.assign(new AppError('mail.cli.failed', { reason: errorMessage(e, ctx.lang), id: e.outboxId }), { cause: e });
}

/** "Courriel envoyé à … avec … (size). Message Gmail : id" */
function sentLine(ctx: CliContext, to: readonly string[], r: SendResult): string {
  return (
    ctx.t('mail.cli.sent', { to: to.join(', '), attachment: r.attachmentName, size: formatBytes(r.size, ctx.lang), gmailId: r.gmailId }) +
    '\n'
  );
}
