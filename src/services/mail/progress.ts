// A send's progress as one line in the user's language: the CLI prints it on stderr, a
// screen may show it. Says what the user waits for: the try, the bytes that left, Google's
// answer, the next try and when, the database.
import type { AppError } from '../errors.js';
import { formatBytes, t, type Lang } from '../i18n/index.js';
import type { SendProgress } from './sendReport.js';

export function describeProgress(p: SendProgress, lang: Lang): string {
  const seconds = Math.max(1, Math.round((p.retryInMs ?? 0) / 1000));
  switch (p.phase) {
    case 'upload':
      if (p.state === 'retry') return t('mail.progress.retry', { attempt: p.attempt ?? 1, why: why(p.reason, lang), seconds }, lang);
      if (p.state === 'waiting') return t('mail.progress.waiting', { total: formatBytes(p.total ?? 0, lang) }, lang);
      return t(
        p.resumable ? 'mail.progress.sendingResumable' : 'mail.progress.sending',
        {
          attempt: p.attempt ?? 1,
          sent: formatBytes(p.sent ?? 0, lang),
          total: formatBytes(p.total ?? 0, lang),
          percent: p.total ? Math.floor(((p.sent ?? 0) * 100) / p.total) : 0,
        },
        lang,
      );
    case 'record':
      return t('mail.progress.record', { gmailId: p.gmailId ?? '', why: why(p.reason, lang), seconds }, lang);
    default:
      return t(`mail.progress.${p.phase}`, undefined, lang);
  }
}

/** The reason of a failed try, in a few words (the full sentence says "retry later", which the progress line contradicts). */
function why(reason: AppError | undefined, lang: Lang): string {
  switch (reason?.key) {
    case 'mail.gmailRateLimited':
      return t('mail.why.rateLimited', reason.params, lang);
    case 'mail.gmailUnavailable':
      return t('mail.why.unavailable', reason.params, lang);
    case 'mail.gmailUnreachable':
      return t('mail.why.unreachable', reason.params, lang);
    case 'mail.gmailStalled':
      return t('mail.why.stalled', reason.params, lang);
    case 'errors.dbBusyNow':
      return t('mail.why.dbBusy', undefined, lang);
    default:
      return reason ? t('mail.why.db', undefined, lang) : '';
  }
}
