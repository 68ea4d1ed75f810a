// users.messages.send through Gmail's media upload endpoint (message/rfc822), with the
// retry rules that keep a mail from going out twice:
// - 429 (RESOURCE_EXHAUSTED) and 503 (UNAVAILABLE) mean Google did not act on the request
//   (AIP-194): retried with exponential back-off, Retry-After honoured;
// - a failure before the whole message left this process (connection refused or reset
//   mid-upload, a timeout while sending) cannot have delivered anything: retried too;
// - once the whole message was sent, anything but an answer is "uncertain": a lost
//   connection, a timeout, or another 5xx (500 INTERNAL, 502, 504 DEADLINE_EXCEEDED) may
//   come after Google stored it. Never retried automatically.
// The body is a stream re-opened from the .eml file on each attempt, so memory stays flat.
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';

const UPLOAD_CHUNK = 1 << 20;
import { AppError } from '../errors.js';
import { log } from '../log.js';
import type { AuthorizedGmail } from '../gmail/index.js';
import { httpStatusOf, oauthErrorCode } from '../gmail/googleClient.js';

export interface SendTuning {
  /** Upload attempts in all, the first included (429/503, failures before the body was sent). Default 3. */
  readonly attempts?: number;
  /** First back-off delay in ms, doubled at each retry. Default 1000. */
  readonly baseDelayMs?: number;
  /** Longest wait between attempts, Retry-After included. Default 30000. */
  readonly maxDelayMs?: number;
  /** Per attempt, in ms. A timeout after the whole message was sent makes the mail uncertain. Default 300000. */
  readonly timeoutMs?: number;
}

export const DEFAULT_SEND_TUNING: Required<SendTuning> = { attempts: 3, baseDelayMs: 1000, maxDelayMs: 30_000, timeoutMs: 300_000 };

export type UploadOutcome =
  | { readonly kind: 'sent'; readonly gmailId: string }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'uncertain'; readonly error: AppError };

export interface UploadRequest {
  readonly gmail: AuthorizedGmail;
  /** The .eml file and its size. */
  readonly file: string;
  readonly bytes: number;
  readonly tuning?: SendTuning;
  /** Called before each attempt (the outbox counts attempts). */
  readonly onAttempt: () => Promise<void>;
  readonly onProgress?: (sent: number, total: number) => void;
  /** Turns a failed token refresh into the error to record (invalid_grant → needs_relink). */
  readonly authFailure: (err: unknown) => Promise<AppError>;
}

type Verdict =
  | { kind: 'retry'; error: AppError; retryAfterMs?: number }
  | { kind: 'failed'; error: unknown }
  | { kind: 'uncertain'; error: AppError }
  | { kind: 'reauth' };

export async function uploadMessage(req: UploadRequest): Promise<UploadOutcome> {
  const tuning = { ...DEFAULT_SEND_TUNING, ...req.tuning };
  const { gmail: gmailApi } = await import('@googleapis/gmail');
  const api = gmailApi({ version: 'v1', auth: req.gmail.client });
  const host = hostOf(req.gmail.gmailApiUrl);
  let reauthDone = false;
  let attempt = 0;
  let extra = 0; // the one attempt after a 401 and a successful refresh
  for (;;) {
    attempt++;
    await req.onAttempt();
    let sent = 0;
    // 1 MB chunks: a 27 MB message in a few dozen writes, not hundreds of 16–64 KB ones.
    const counter = new Transform({
      highWaterMark: UPLOAD_CHUNK,
      transform(chunk: Buffer, _enc, done) {
        sent += chunk.length;
        req.onProgress?.(sent, req.bytes);
        done(null, chunk);
      },
    });
    const body = createReadStream(req.file, { highWaterMark: UPLOAD_CHUNK })
      .on('error', (e) => counter.destroy(e))
      .pipe(counter);
    let verdict: Verdict;
    try {
      const res = await api.users.messages.send(
        { userId: 'me', media: { mimeType: 'message/rfc822', body } },
        // rootUrl per call: the generated client builds the upload URL from it, not from the
        // constructor's options. No library retry: a POST is only retried by the rules above.
        // The length is known (the message is built first): no chunked transfer encoding.
        {
          rootUrl: req.gmail.gmailApiUrl,
          retry: false,
          timeout: tuning.timeoutMs,
          headers: { 'Content-Length': String(req.bytes) },
        },
      );
      const id = res.data.id;
      if (id) return { kind: 'sent', gmailId: id };
      verdict = { kind: 'uncertain', error: new AppError('mail.uncertain', { reason: '@mail.reason.noId' }) };
    } catch (err) {
      body.destroy();
      verdict = await classify(err, sent >= req.bytes, host, reauthDone, req.authFailure);
    }
    if (verdict.kind === 'reauth') {
      reauthDone = true;
      try {
        await req.gmail.client.refreshAccessToken();
      } catch (e) {
        return { kind: 'failed', error: await req.authFailure(e) };
      }
      extra = 1;
      continue;
    }
    if (verdict.kind !== 'retry') return verdict;
    if (attempt >= tuning.attempts + extra) return { kind: 'failed', error: verdict.error };
    const backoff = Math.min(tuning.maxDelayMs, tuning.baseDelayMs * 2 ** (attempt - 1));
    const wait = Math.min(tuning.maxDelayMs, Math.max(backoff, verdict.retryAfterMs ?? 0));
    log('info', `mail: attempt ${attempt} failed (${verdict.error.key}), retrying in ${wait} ms`);
    await new Promise((r) => setTimeout(r, wait));
  }
}

async function classify(
  err: unknown,
  bodySent: boolean,
  host: string,
  reauthDone: boolean,
  authFailure: (err: unknown) => Promise<AppError>,
): Promise<Verdict> {
  if (err instanceof AppError) return { kind: 'failed', error: err };
  const url = String((err as { config?: { url?: unknown } })?.config?.url ?? '');
  const status = httpStatusOf(err);
  const code = String((err as { code?: unknown })?.code ?? (err as { cause?: { code?: unknown } })?.cause?.code ?? '');
  log('warn', `mail: upload failed status=${status ?? 'none'} code=${code || 'none'} sent=${bodySent}`);
  // A failure of the token refresh the library does before the upload: nothing was sent.
  if ((url && !/\/gmail\/v1\//.test(url)) || oauthErrorCode(err) === 'invalid_grant')
    return { kind: 'failed', error: await authFailure(err) };
  if (status === undefined) {
    const timedOut = code === 'TimeoutError' || code === 'ETIMEDOUT' || /timeout|aborted/i.test(String((err as Error)?.message ?? ''));
    if (bodySent)
      return {
        kind: 'uncertain',
        error: new AppError('mail.uncertain', { reason: timedOut ? '@mail.reason.timeout' : '@mail.reason.connectionLost' }),
      };
    return { kind: 'retry', error: new AppError('mail.gmailUnreachable', { host }) };
  }
  if (status === 429 || status === 503) {
    const key = status === 429 ? 'mail.gmailRateLimited' : 'mail.gmailUnavailable';
    return { kind: 'retry', error: new AppError(key, { status }), retryAfterMs: retryAfterMs(err) };
  }
  if (status === 408) return { kind: 'retry', error: new AppError('mail.gmailUnavailable', { status }) };
  if (status >= 500) {
    if (!bodySent) return { kind: 'retry', error: new AppError('mail.gmailUnavailable', { status }) };
    return { kind: 'uncertain', error: new AppError('mail.uncertain', { reason: `HTTP ${status}` }) };
  }
  if (status === 401 && !reauthDone) return { kind: 'reauth' };
  if (status === 401) return { kind: 'failed', error: new AppError('gmail.needsRelink') };
  if (status === 403 && /scope/i.test(googleMessage(err))) return { kind: 'failed', error: new AppError('mail.scopeMissing') };
  if (status === 413) return { kind: 'failed', error: new AppError('mail.gmailTooLarge') };
  return { kind: 'failed', error: new AppError('mail.gmailRefused', { status, reason: googleMessage(err) || `HTTP ${status}` }) };
}

/** Google's own one-line reason ({error: {message}}), without anything of the request. */
function googleMessage(err: unknown): string {
  const data = (err as { response?: { data?: unknown } })?.response?.data;
  const msg = (data as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof msg === 'string' ? msg.split('\n')[0]!.slice(0, 200) : '';
}

function retryAfterMs(err: unknown): number | undefined {
  const headers = (err as { response?: { headers?: unknown } })?.response?.headers;
  let v: unknown;
  if (headers && typeof (headers as Headers).get === 'function') v = (headers as Headers).get('retry-after');
  else if (headers && typeof headers === 'object') v = (headers as Record<string, unknown>)['retry-after'];
  if (v === null || v === undefined) return undefined;
  const s = Number(v);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(String(v));
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
