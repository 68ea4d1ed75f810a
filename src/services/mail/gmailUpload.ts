// users.messages.send through Gmail's upload endpoint, with the rules that keep a mail
// from going out twice or being lost:
// - up to 5 MB, one media upload (message/rfc822); above, Gmail's resumable upload
//   (uploadType=resumable on the same path): a session is opened, the message goes in
//   chunks, a cut is resumed from the offset the server reports, and a lost answer is
//   settled by asking the session for its status;
// - nothing reached Google (connection refused, DNS, TLS, a reset or a stall before the
//   last byte was flushed to the socket), 429 and 503 (AIP-194: Google did not act) are
//   retried with back-off, Retry-After honoured up to 5 minutes;
// - the whole body written and no answer (a cut, a stall, a 500/502/504) is "uncertain"
//   for a media upload: never sent again without the user's confirmation. A resumable
//   upload asks its session instead.
// The message comes from a MessagePlan: any byte range is produced again from the PDF,
// so nothing is kept in memory or on disk for a retry.
import type http from 'node:http';
import { AppError } from '../errors.js';
import type { GmailSender } from '../gmail/index.js';
import { oauthErrorCode } from '../gmail/googleClient.js';
import { log } from '../log.js';
import { agentFor } from '../net/proxy.js';
import { exchange, TransferError, type Reply } from './httpExchange.js';
import type { MessagePlan } from './mime.js';

export interface SendTuning {
  /** Tries in a row without progress before giving up (the first included). Default 4. */
  readonly attempts?: number;
  /** First back-off delay in ms, doubled at each retry. Default 1000. */
  readonly baseDelayMs?: number;
  /** Longest back-off of our own between tries. Default 30000. */
  readonly maxBackoffMs?: number;
  /** Longest Retry-After honoured; a longer one ends the send as failed. Default 300000 (5 minutes). */
  readonly maxRetryAfterMs?: number;
  /** No byte moved either way for this long: the request is abandoned. Default 60000. */
  readonly stallMs?: number;
  /** Messages larger than this go by resumable upload. Default 5 MB. */
  readonly resumableAboveBytes?: number;
  /** Resumable chunk size (a multiple of 256 KiB). Default 16 MiB. */
  readonly chunkBytes?: number;
}

export const DEFAULT_SEND_TUNING: Required<SendTuning> = {
  attempts: 4,
  baseDelayMs: 1000,
  maxBackoffMs: 30_000,
  maxRetryAfterMs: 300_000,
  stallMs: 60_000,
  resumableAboveBytes: 5 * 1024 * 1024,
  chunkBytes: 16 * 1024 * 1024,
};

export type UploadOutcome =
  | { readonly kind: 'sent'; readonly gmailId: string }
  | { readonly kind: 'failed'; readonly error: AppError }
  | { readonly kind: 'uncertain'; readonly error: AppError };

/** What the upload is doing, for a progress line. */
export type UploadEvent =
  | { readonly kind: 'attempt'; readonly attempt: number; readonly resumable: boolean; readonly from: number; readonly total: number }
  | { readonly kind: 'bytes'; readonly sent: number; readonly total: number }
  /** The whole message (or chunk) was flushed: waiting on Google's answer. */
  | { readonly kind: 'waiting' }
  | { readonly kind: 'retry'; readonly inMs: number; readonly reason: AppError };

export interface UploadRequest {
  readonly gmail: GmailSender;
  readonly plan: MessagePlan;
  readonly tuning?: SendTuning;
  /** Before each try (the outbox counts it); throwing stops the upload before any byte. */
  readonly onAttempt: () => Promise<void>;
  /** A resumable session was opened: recorded, so a send cut short can be settled by asking it. */
  readonly onSession?: (url: string) => Promise<void>;
  readonly onEvent?: (e: UploadEvent) => void;
  /** Turns a failed token refresh into the error to record (invalid_grant → needs_relink). */
  readonly authFailure: (err: unknown) => Promise<AppError>;
  /** A session opened by an earlier try of this mail (resumable only): asked first. */
  readonly session?: string | null;
}

type Verdict =
  | { kind: 'sent'; gmailId: string }
  | { kind: 'retry'; error: AppError; retryAfterMs?: number }
  | { kind: 'failed'; error: AppError }
  | { kind: 'uncertain'; error: AppError }
  | { kind: 'reauth' };

export async function uploadMessage(req: UploadRequest): Promise<UploadOutcome> {
  const tuning = { ...DEFAULT_SEND_TUNING, ...req.tuning };
  const up = new Uploader(req, tuning);
  try {
    return req.plan.bytes > tuning.resumableAboveBytes ? await up.resumable() : await up.media();
  } finally {
    up.close();
  }
}

/** What one HTTP try of the upload needs from the rest: auth, endpoints, progress. */
class Uploader {
  readonly host: string;
  readonly agent: http.Agent;
  private reauthDone = false;
  private attempt = 0;

  constructor(
    readonly req: UploadRequest,
    readonly tuning: Required<SendTuning>,
  ) {
    this.host = hostOf(req.gmail.gmailApiUrl);
    // One connection reused across the requests of a resumable upload (through HTTPS_PROXY
    // when set, as google-auth-library's requests).
    this.agent = agentFor(req.gmail.gmailApiUrl, { keepAlive: true, maxSockets: 1 }, req.gmail.env);
  }

  close(): void {
    this.agent.destroy();
  }

  private uploadUrl(type: 'media' | 'resumable'): string {
    return `${this.req.gmail.gmailApiUrl}upload/gmail/v1/users/me/messages/send?uploadType=${type}`;
  }

  /** The Bearer header; a refresh that fails is not an upload failure but the link's. */
  private async auth(): Promise<Record<string, string> | AppError> {
    try {
      return { authorization: `Bearer ${await this.req.gmail.accessToken()}` };
    } catch (err) {
      return await this.req.authFailure(err);
    }
  }

  private async startAttempt(resumable: boolean, from: number): Promise<void> {
    this.attempt++;
    await this.req.onAttempt();
    this.req.onEvent?.({ kind: 'attempt', attempt: this.attempt, resumable, from, total: this.req.plan.bytes });
  }

  /**
   * One request. `message`: its body is bytes of the message from `message.from` (pooled,
   * progress reported); `lastByte` says whether they end the message (only then is their
   * arrival watched and reported: a chunk before it is asked to the session), and is told
   * when they reached Google. Without `message`: a small control body.
   */
  private send(
    method: 'POST' | 'PUT',
    url: string,
    headers: Record<string, string>,
    body?: AsyncIterable<Buffer>,
    message?: { readonly from: number; readonly lastByte: boolean; readonly onLastByte?: () => void },
  ) {
    const total = this.req.plan.bytes;
    return exchange({
      method,
      url,
      headers,
      body,
      pool: message ? this.req.plan : undefined,
      agent: this.agent,
      stallMs: this.tuning.stallMs,
      onFlushed: message ? (n) => this.req.onEvent?.({ kind: 'bytes', sent: message.from + n, total }) : undefined,
      onBodySent: message?.lastByte
        ? () => {
            message.onLastByte?.();
            this.req.onEvent?.({ kind: 'waiting' });
          }
        : undefined,
    });
  }

  /**
   * Waits before the next try (Retry-After when Google gives one, else our back-off).
   * Returns the error to end with instead when Google asks for longer than we wait.
   */
  private async pause(v: { error: AppError; retryAfterMs?: number }, fails: number): Promise<AppError | null> {
    if (v.retryAfterMs !== undefined && v.retryAfterMs > this.tuning.maxRetryAfterMs)
      return new AppError('mail.gmailWaitTooLong', { minutes: Math.ceil(v.retryAfterMs / 60_000) });
    const backoff = Math.min(this.tuning.maxBackoffMs, this.tuning.baseDelayMs * 2 ** (fails - 1));
    const wait = Math.max(backoff, v.retryAfterMs ?? 0);
    log('info', `mail: try ${this.attempt} failed (${v.error.key}), next in ${wait} ms`);
    this.req.onEvent?.({ kind: 'retry', inMs: wait, reason: v.error });
    await new Promise((r) => setTimeout(r, wait));
    return null;
  }

  /** A refused 401: one refresh of the access token, then one more try. */
  private async reauth(): Promise<AppError | null> {
    this.reauthDone = true;
    try {
      await this.req.gmail.refresh();
      return null;
    } catch (e) {
      return await this.req.authFailure(e);
    }
  }

  // ---- media upload (up to 5 MB) -------------------------------------------------------
  async media(): Promise<UploadOutcome> {
    const { plan } = this.req;
    let fails = 0;
    for (;;) {
      const headers = await this.auth();
      if (headers instanceof AppError) return { kind: 'failed', error: headers };
      await this.startAttempt(false, 0);
      let v: Verdict;
      try {
        const reply = await this.send(
          'POST',
          this.uploadUrl('media'),
          { ...headers, 'content-type': 'message/rfc822', 'content-length': String(plan.bytes) },
          plan.range(0, plan.bytes, { pooled: true }),
          { from: 0, lastByte: true },
        );
        v = this.judge(reply);
      } catch (err) {
        v = this.lost(err);
      }
      if (v.kind === 'sent' || v.kind === 'failed' || v.kind === 'uncertain') return v;
      if (v.kind === 'reauth') {
        const e = await this.reauth();
        if (e) return { kind: 'failed', error: e };
        continue; // the one try after a refresh does not count as a failure
      }
      fails++;
      if (fails >= this.tuning.attempts) return { kind: 'failed', error: v.error };
      const giveUp = await this.pause(v, fails);
      if (giveUp) return { kind: 'failed', error: giveUp };
    }
  }

  /** An answer to a request that carried the whole message (or its last chunk). */
  private judge(reply: Reply): Verdict {
    const { status, bodySent } = reply;
    if (status === 200 || status === 201) {
      const id = parseJson(reply.body)?.id;
      if (typeof id === 'string' && id) return { kind: 'sent', gmailId: id };
      return { kind: 'uncertain', error: new AppError('mail.uncertain', { reason: { ref: 'mail.reason.noId' } }) };
    }
    log('warn', `mail: Gmail answered HTTP ${status}`);
    if (status === 429 || status === 503) {
      const key = status === 429 ? 'mail.gmailRateLimited' : 'mail.gmailUnavailable';
      return { kind: 'retry', error: new AppError(key, { status }), retryAfterMs: retryAfterMs(reply.headers['retry-after']) };
    }
    if (status === 408) return { kind: 'retry', error: new AppError('mail.gmailUnavailable', { status }) };
    if (status >= 500) {
      if (!bodySent) return { kind: 'retry', error: new AppError('mail.gmailUnavailable', { status }) };
      return { kind: 'uncertain', error: new AppError('mail.uncertain', { reason: `HTTP ${status}` }) };
    }
    if (status === 401 && !this.reauthDone) return { kind: 'reauth' };
    if (status === 401) return { kind: 'failed', error: new AppError('gmail.needsRelink') };
    const reason = googleMessage(reply.body);
    if (status === 403 && /scope/i.test(reason)) return { kind: 'failed', error: new AppError('mail.scopeMissing') };
    if (status === 413) return { kind: 'failed', error: new AppError('mail.gmailTooLarge') };
    if (oauthErrorCode({ response: { data: parseJson(reply.body) } }) === 'invalid_grant')
      return { kind: 'failed', error: new AppError('gmail.needsRelink') };
    return { kind: 'failed', error: new AppError('mail.gmailRefused', { status, reason: reason || `HTTP ${status}` }) };
  }

  /** No answer: before the whole body left, nothing can have been delivered. */
  private lost(err: unknown): Verdict {
    if (!(err instanceof TransferError)) throw err;
    log('warn', `mail: upload to ${this.host} lost (${err.code}), whole body sent: ${err.bodySent}`, err.cause);
    if (err.bodySent && !err.local)
      return {
        kind: 'uncertain',
        error: new AppError('mail.uncertain', {
          reason: err.stalled ? { ref: 'mail.reason.timeout' } : { ref: 'mail.reason.connectionLost' },
        }),
      };
    return this.network(err);
  }

  // ---- resumable upload (above 5 MB) ---------------------------------------------------
  async resumable(): Promise<UploadOutcome> {
    const total = this.req.plan.bytes;
    let session = this.req.session ?? null;
    let offset = 0;
    /** The offset is what the server holds (a fresh session, or a status just asked). */
    let known = session === null;
    /** Where the last failure left us: a status beyond it is progress, and resets `fails`. */
    let mark = 0;
    let fails = 0;
    /** The last byte was flushed at least once: a lost answer may hide a sent mail. */
    let lastByteSent = false;
    for (;;) {
      let v: Verdict | null = null;
      if (session && !known) {
        const s = await this.status(session, total);
        if (s.kind === 'sent') return s;
        if (s.kind === 'offset') {
          offset = s.offset;
          known = true;
          if (offset > mark) fails = 0;
          // The session lacks bytes: whatever was flushed before, the message is not complete.
          lastByteSent = false;
        } else if (s.kind === 'gone') {
          if (lastByteSent)
            return { kind: 'uncertain', error: new AppError('mail.uncertain', { reason: { ref: 'mail.reason.sessionGone' } }) };
          // Expired before it was complete: nothing was delivered, start again.
          session = null;
          known = true;
        } else v = s.verdict;
      }
      if (!v && !session) {
        const headers = await this.auth();
        if (headers instanceof AppError) return { kind: 'failed', error: headers };
        const opened = await this.open(headers, total);
        if (typeof opened === 'string') {
          session = opened;
          offset = 0;
          await this.req.onSession?.(session);
        } else v = opened;
      }
      if (!v && session) {
        await this.startAttempt(true, offset);
        const r = await this.putChunks(session, total, offset);
        offset = r.offset;
        lastByteSent ||= r.lastByteSent;
        v = r.verdict;
      }
      if (!v) continue;
      if (v.kind === 'sent' || v.kind === 'failed' || v.kind === 'uncertain') return v;
      if (v.kind === 'reauth') {
        const e = await this.reauth();
        if (e) return { kind: 'failed', error: e };
        continue;
      }
      // A cut, a stall, a 5xx or a 429: after a pause, the session says where to resume.
      known = false;
      mark = offset;
      fails++;
      const giveUp = fails >= this.tuning.attempts ? v.error : await this.pause(v, fails);
      if (giveUp) {
        if (lastByteSent) return { kind: 'uncertain', error: new AppError('mail.uncertain', { reason: { ref: 'mail.reason.noStatus' } }) };
        return { kind: 'failed', error: giveUp };
      }
    }
  }

  private network(err: TransferError): Verdict {
    if (err.local)
      return {
        kind: 'failed',
        // The PDF changed since it was rendered (its hash), or could not be read.
        error:
          err.cause instanceof AppError ? err.cause : new AppError('mail.attachmentBroken', { reason: { ref: 'mail.reason.unreadable' } }),
      };
    const seconds = Math.max(1, Math.round(this.tuning.stallMs / 1000));
    return {
      kind: 'retry',
      error: new AppError(err.stalled ? 'mail.gmailStalled' : 'mail.gmailUnreachable', { host: this.host, seconds }),
    };
  }

  /** Opens an upload session: its URL (from Location), or why not. */
  private async open(headers: Record<string, string>, total: number): Promise<string | Verdict> {
    const meta = Buffer.from('{}');
    let reply: Reply;
    try {
      reply = await this.send(
        'POST',
        this.uploadUrl('resumable'),
        {
          ...headers,
          'content-type': 'application/json; charset=UTF-8',
          'content-length': String(meta.length),
          'x-upload-content-type': 'message/rfc822',
          'x-upload-content-length': String(total),
        },
        (async function* () {
          yield meta;
        })(),
      );
    } catch (err) {
      if (!(err instanceof TransferError)) throw err;
      log('warn', `mail: opening an upload session at ${this.host} failed (${err.code})`);
      return this.network(err);
    }
    const location = reply.headers.location;
    if ((reply.status === 200 || reply.status === 201) && location) return new URL(location, this.req.gmail.gmailApiUrl).toString();
    const v = this.judge(reply);
    // An answer without a session says nothing about a message: neither sent nor uncertain.
    if (v.kind === 'sent' || v.kind === 'uncertain')
      return { kind: 'retry', error: new AppError('mail.gmailUnavailable', { status: reply.status }) };
    return v;
  }

  /** Sends the message from `start` in chunks, following the offsets the server reports. */
  private async putChunks(
    session: string,
    total: number,
    start: number,
  ): Promise<{ verdict: Verdict; offset: number; lastByteSent: boolean }> {
    let offset = start;
    let lastByteSent = false;
    for (;;) {
      const end = Math.min(total, offset + this.tuning.chunkBytes);
      const from = offset;
      let reply: Reply;
      try {
        reply = await this.send(
          'PUT',
          session,
          { 'content-length': String(end - from), 'content-range': `bytes ${from}-${end - 1}/${total}` },
          this.req.plan.range(from, end, { pooled: true }),
          { from, lastByte: end === total, onLastByte: () => (lastByteSent = true) },
        );
      } catch (err) {
        if (!(err instanceof TransferError)) throw err;
        log('warn', `mail: chunk ${from}-${end - 1} to ${this.host} lost (${err.code})`);
        return { verdict: this.network(err), offset, lastByteSent };
      }
      if (reply.status === 308) {
        const next = rangeEnd(reply.headers.range);
        // The server kept nothing of this chunk: like a cut (the session is asked after a pause).
        if (next <= from)
          return { verdict: { kind: 'retry', error: new AppError('mail.gmailUnavailable', { status: 308 }) }, offset, lastByteSent };
        offset = next;
        if (offset < total) continue;
        // Every byte held, yet no final answer: the session is asked.
        return { verdict: { kind: 'retry', error: new AppError('mail.gmailUnavailable', { status: 308 }) }, offset, lastByteSent };
      }
      const v = this.judge(reply);
      // On a chunk, a 5xx or a 404 is asked to the session; never "uncertain" while it can be asked.
      if (v.kind === 'uncertain' && reply.status !== 200 && reply.status !== 201)
        return { verdict: { kind: 'retry', error: new AppError('mail.gmailUnavailable', { status: reply.status }) }, offset, lastByteSent };
      if (reply.status === 404 || reply.status === 410)
        return { verdict: { kind: 'retry', error: new AppError('mail.gmailUnavailable', { status: reply.status }) }, offset, lastByteSent };
      if (v.kind === 'reauth') return { verdict: { kind: 'failed', error: new AppError('gmail.needsRelink') }, offset, lastByteSent };
      return { verdict: v, offset, lastByteSent };
    }
  }

  /** Asks a session what it holds (`Content-Range: bytes *\/N`). */
  private async status(
    session: string,
    total: number,
  ): Promise<
    { kind: 'offset'; offset: number } | { kind: 'sent'; gmailId: string } | { kind: 'gone' } | { kind: 'failed'; verdict: Verdict }
  > {
    let reply: Reply;
    try {
      reply = await this.send('PUT', session, { 'content-length': '0', 'content-range': `bytes */${total}` });
    } catch (err) {
      if (!(err instanceof TransferError)) throw err;
      return { kind: 'failed', verdict: this.network(err) };
    }
    if (reply.status === 308) return { kind: 'offset', offset: rangeEnd(reply.headers.range) };
    if (reply.status === 404 || reply.status === 410) return { kind: 'gone' };
    const v = this.judge(reply);
    if (v.kind === 'sent') return v;
    if (v.kind === 'uncertain' && reply.status !== 200 && reply.status !== 201)
      return { kind: 'failed', verdict: { kind: 'retry', error: new AppError('mail.gmailUnavailable', { status: reply.status }) } };
    return { kind: 'failed', verdict: v };
  }
}

/**
 * For a mail whose sender is gone (or an uncertain one): what its upload session says.
 * sent (with the id), incomplete (nothing delivered), or unknown (gone, unreachable).
 */
export async function askSession(
  session: string,
  total: number,
  env: NodeJS.ProcessEnv,
  stallMs = 20_000,
): Promise<{ kind: 'sent'; gmailId: string } | { kind: 'incomplete' } | { kind: 'unknown' }> {
  const agent = agentFor(session, {}, env);
  try {
    const reply = await exchange({
      method: 'PUT',
      url: session,
      headers: { 'content-length': '0', 'content-range': `bytes */${total}` },
      agent,
      stallMs,
    });
    if (reply.status === 308) return { kind: 'incomplete' };
    const id = reply.status === 200 || reply.status === 201 ? parseJson(reply.body)?.id : undefined;
    if (typeof id === 'string' && id) return { kind: 'sent', gmailId: id };
    return { kind: 'unknown' };
  } catch {
    return { kind: 'unknown' };
  } finally {
    agent.destroy();
  }
}

/** `Range: bytes=0-N` → N + 1, the next byte wanted; none → 0. */
function rangeEnd(range: string | string[] | undefined): number {
  const m = /bytes=0-(\d+)/.exec(String(range ?? ''));
  return m ? Number(m[1]) + 1 : 0;
}

function parseJson(body: Buffer): { id?: unknown; error?: { message?: unknown } } | null {
  try {
    return JSON.parse(body.toString('utf8')) as { id?: unknown };
  } catch {
    return null;
  }
}

/** Google's own one-line reason ({error: {message}}), without anything of the request. */
function googleMessage(body: Buffer): string {
  const msg = parseJson(body)?.error?.message;
  return typeof msg === 'string' ? msg.split('\n')[0]!.slice(0, 200) : '';
}

function retryAfterMs(v: string | string[] | undefined): number | undefined {
  if (v === undefined) return undefined;
  const text = String(Array.isArray(v) ? v[0] : v);
  const s = Number(text);
  if (text.trim() !== '' && Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
