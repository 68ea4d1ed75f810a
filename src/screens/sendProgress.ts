// A send's progress as the line Envoi and the Journal des courriels show, the same words
// as the CLI's stderr (describeProgress): the try, the bytes, Google's answer awaited, and
// during a pause (a 503, a 429 with its Retry-After, a busy database) why and in how many
// seconds the next try comes, counted down each second — for a send of this console, or
// one another process is making (the pause it noted in the outbox row).
import { useCallback, useEffect, useState } from 'react';
import { translate, type Lang } from '../services/i18n/index.js';
import type { OutboxEntry, SendProgress } from '../services/mail/index.js';
import { describeProgress } from '../services/mail/progress.js';

interface Reported {
  readonly progress: SendProgress;
  /** Date.now() when it was reported: the pause counts from there. */
  readonly at: number;
}

/** A pause before the next try (upload) or the next write of a sent mail (record). */
function isPause(p: SendProgress): boolean {
  return p.retryInMs !== undefined && (p.phase === 'record' || (p.phase === 'upload' && p.state === 'retry'));
}

export interface SendProgressLine {
  /** The last progress reported, null before the send and after reset. */
  readonly progress: SendProgress | null;
  /** What to show: one sentence in the user's language. */
  readonly line: string | null;
  /** The onProgress of sendReport/retryMail; null clears the line. */
  readonly report: (p: SendProgress | null) => void;
}

export function useSendProgress(lang: Lang): SendProgressLine {
  const [reported, setReported] = useState<Reported | null>(null);
  const pause = reported !== null && isPause(reported.progress);
  // The time of the last tick: the countdown is drawn from it (render stays pure).
  const now = useSecondTicks(pause);
  const report = useCallback((p: SendProgress | null) => setReported(p && { progress: p, at: Date.now() }), []);
  if (!reported) return { progress: null, line: null, report };
  const p = reported.progress;
  const left = pause ? Math.max(0, (p.retryInMs ?? 0) - (Math.max(now, reported.at) - reported.at)) : p.retryInMs;
  return { progress: p, line: describeProgress({ ...p, retryInMs: left }, lang), report };
}

/** Date.now(), drawn again each second while `active` (a countdown on screen). */
export function useSecondTicks(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    // At once (the clock may be old when the countdown starts), then each second.
    const first = setTimeout(() => setNow(Date.now()), 0);
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [active]);
  return now;
}

/** A mail another process is sending, waiting between two tries: the same sentence as Envoi's, counted down. */
export function pauseLine(pause: OutboxEntry['pause'], now: number, lang: Lang): string | null {
  if (!pause) return null;
  const left = Date.parse(pause.retryAt) - now;
  if (!(left > -1000)) return null;
  return translate(lang, 'mail.progress.retry', { attempt: pause.attempt, why: pause.why, seconds: Math.max(1, Math.round(left / 1000)) });
}
