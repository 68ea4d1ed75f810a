// A send's progress as one line in the user's language: the CLI prints it on stderr, a
// screen may show it. Says what the user waits for: the try, the bytes that left, Google's
// answer, the next try and when, the database.
import type { AppError } from '../errors.js';
import { formatBytes, formatMessage, translate, type Lang, type MessageKey, type MessageParams } from '../i18n/index.js';
import type { SendProgress } from './sendReport.js';

export function describeProgress(p: SendProgress, lang: Lang): string {
  const seconds = Math.max(1, Math.round((p.retryInMs ?? 0) / 1000));
  switch (p.phase) {
    case 'upload':
      if (p.state === 'retry')
        return translate(lang, 'mail.progress.retry', { attempt: p.attempt ?? 1, why: why(p.reason, lang), seconds });
      if (p.state === 'waiting') return translate(lang, 'mail.progress.waiting', { total: formatBytes(p.total ?? 0, lang) });
      return translate(lang, p.resumable ? 'mail.progress.sendingResumable' : 'mail.progress.sending', {
        attempt: p.attempt ?? 1,
        sent: formatBytes(p.sent ?? 0, lang),
        total: formatBytes(p.total ?? 0, lang),
        percent: p.total ? Math.floor(((p.sent ?? 0) * 100) / p.total) : 0,
      });
    case 'record':
      return translate(lang, 'mail.progress.record', { gmailId: p.gmailId ?? '', why: why(p.reason, lang), seconds });
    default:
      return translate(lang, `mail.progress.${p.phase}`);
  }
}

/** The reason of a failed try, in a few words (the full sentence says "retry later", which the progress line contradicts). */
function why(reason: AppError | undefined, lang: Lang): string {
  const w = pauseReason(reason);
  return w ? formatMessage(lang, w.key, w.params) : '';
}

/** The few words of why a try failed, as a key and parameters (the journal stores them for a pause). */
export function pauseReason(reason: AppError | undefined): { readonly key: MessageKey; readonly params: MessageParams } | null {
  switch (reason?.key) {
    case 'mail.gmailRateLimited':
      return { key: 'mail.why.rateLimited', params: reason.params };
    case 'mail.gmailUnavailable':
      return { key: 'mail.why.unavailable', params: reason.params };
    case 'mail.gmailUnreachable':
      return { key: 'mail.why.unreachable', params: reason.params };
    case 'mail.gmailStalled':
      return { key: 'mail.why.stalled', params: reason.params };
    case 'errors.dbBusyNow':
      return { key: 'mail.why.dbBusy', params: {} };
    default:
      return reason ? { key: 'mail.why.db', params: {} } : null;
  }
}
