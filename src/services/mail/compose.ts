// What the Envoi screen prefills, and how subject and text are finalised for sending.
import type { Db } from '../db.js';
import { bool } from '../db.js';
import { AppError, ValidationError, type FieldError } from '../errors.js';
import { translate, type Lang } from '../i18n/index.js';
import { findReport, reportFileName, reportName, REPORTS } from '../reports/index.js';
import { reportFunction, requireRight, type Actor } from '../rights.js';
import { textProblem } from '../terminalText.js';

/** Longest subject the outbox keeps (its column). */
export const MAX_SUBJECT_LENGTH = 500;

export interface ComposeDefaults {
  /** Report code as the catalog spells it (USR01). */
  readonly code: string;
  /** Report name in the actor's Langue. */
  readonly reportName: string;
  /** Company of the report header ('' when there is no company at all) and its name. */
  readonly company: string;
  readonly companyName: string;
  /** "Liste des utilisateurs — Compagnie" */
  readonly subject: string;
  /** The greeting and one sentence about the report, WITHOUT the signature. */
  readonly message: string;
  /** The actor's Signature (users.signature); sendReport appends it to the message. */
  readonly signature: string;
  /** CODE-Name-YYYY-MM-DD.pdf as it will be attached (the date of today). */
  readonly attachmentName: string;
  /** The actor's Types de courriels is Gmail (else sending is refused: mail.notGmail). */
  readonly mailsThroughGmail: boolean;
}

export interface Sender {
  readonly name: string;
  readonly signature: string;
  readonly autoTrace: boolean;
}

export async function senderOf(db: Db, actor: Actor): Promise<Sender> {
  const u = await db('users').where({ id: actor.id }).first('name', 'signature', 'auto_trace');
  return {
    name: String(u?.name ?? actor.name),
    signature: String(u?.signature ?? ''),
    autoTrace: bool(u?.auto_trace),
  };
}

/**
 * What the Envoi screen shows before the user edits it. Needs rapports.CODE › lecture.
 * Throws report.unknown / report.unknownCompany like renderReport.
 */
export async function composeDefaults(db: Db, actor: Actor, code: string, company?: string): Promise<ComposeDefaults> {
  const info = findReport(code);
  if (!info) throw new AppError('report.unknown', { code, list: REPORTS.map((r) => r.code).join(', ') });
  await requireRight(db, actor, reportFunction(info.code), 'lecture');
  const co = await headerCompany(db, actor, company);
  const lang = actor.language;
  const name = reportName(info.code, lang);
  const sender = await senderOf(db, actor);
  const prefs = await db('user_preferences').where({ user_id: actor.id }).first('mail_type');
  return {
    code: info.code,
    reportName: name,
    company: co.code,
    companyName: co.name,
    subject: defaultSubject(name, co.name, lang),
    message: defaultMessage(name, co.name, lang),
    signature: sender.signature,
    attachmentName: reportFileName(info.code, lang),
    mailsThroughGmail: prefs?.mail_type === 'gmail',
  };
}

export function defaultSubject(report: string, companyName: string, lang: Lang): string {
  return companyName ? translate(lang, 'mail.defaultSubject', { report, company: companyName }) : report;
}

export function defaultMessage(report: string, companyName: string, lang: Lang): string {
  return companyName
    ? translate(lang, 'mail.defaultMessage', { report, company: companyName })
    : translate(lang, 'mail.defaultMessageNoCompany', { report });
}

/**
 * The subject and message as typed: a control character (an escape sequence pasted from a
 * terminal, which would reach the Journal des courriels and every mail client) refuses the
 * field with one sentence, before anything is recorded. Line breaks (LF, CR LF, CR) and
 * tabs are text; the subject's line breaks are folded by cleanSubject.
 */
export function checkMailText(subject: string | undefined, message: string | undefined): void {
  const fields: Record<string, FieldError> = {};
  for (const [name, text] of [
    ['subject', subject],
    ['message', message],
  ] as const) {
    const problem = text === undefined ? null : textProblem(text.replace(/\r\n?/g, '\n'), { multiline: true });
    if (problem) fields[name] = problem;
  }
  if (Object.keys(fields).length) throw new ValidationError(fields);
}

/** One line, no control characters, at most MAX_SUBJECT_LENGTH (else AppError mail.subjectTooLong). */
export function cleanSubject(subject: string): string {
  const s = subject
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (s.length > MAX_SUBJECT_LENGTH) throw new AppError('mail.subjectTooLong', { max: MAX_SUBJECT_LENGTH });
  return s;
}

/**
 * The text body: the message, then the signature after the usual "-- " line, unless the
 * message already holds the signature (a screen that prefilled it).
 */
export function composeBody(message: string, signature: string): string {
  const text = message.replace(/\r\n?/g, '\n').trimEnd();
  const sig = signature.replace(/\r\n?/g, '\n').trim();
  if (!sig || text.includes(sig)) return text + '\n';
  return `${text}\n\n-- \n${sig}\n`;
}

/** The company of the report header, as renderReport picks it (explicit, default, first). */
async function headerCompany(db: Db, actor: Actor, code: string | undefined): Promise<{ code: string; name: string }> {
  let row: { code?: unknown; name?: unknown } | undefined;
  if (code !== undefined) {
    row = await db('companies').whereRaw('upper(code) = ?', [code.trim().toUpperCase()]).first('code', 'name');
    if (!row) throw new AppError('report.unknownCompany', { code });
  } else {
    row = await db('users as u').join('companies as c', 'c.id', 'u.default_company_id').where('u.id', actor.id).first('c.code', 'c.name');
    row ??= await db('companies').orderBy('code').first('code', 'name');
  }
  return { code: String(row?.code ?? ''), name: String(row?.name ?? '') };
}
