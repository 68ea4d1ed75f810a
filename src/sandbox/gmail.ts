// Gmail's users.messages.send: the media upload (message/rfc822), the multipart upload of
// the generated client, the JSON `raw` body (refused above ~5 MB, as Google does), and the
// resumable upload (uploadType=resumable on the same path): a POST opens a session whose
// URL comes back in Location; PUTs carry the message in chunks (`Content-Range: bytes
// a-b/N`), answered 308 with `Range: bytes=0-X` until the last one, answered with the
// message; a PUT with `Content-Range: bytes */N` asks what the session holds.
// Each message received is stored as an .eml file and kept in memory for the tests.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { SCOPE_SEND } from './consent.js';
import { applyFault, type ArmedFault, type FaultSwitches } from './faults.js';
import { googleError, readBody, send, type RecordCall } from './http.js';
import { hash, random, type SimMessage, type SimStore } from './state.js';

const MAX_UPLOAD = 36 * 1024 * 1024; // Gmail: 35 MB per message, plus some envelope
const MAX_JSON_RAW = 5 * 1024 * 1024; // the JSON `raw` body fails above ~5 MB
/** What a resumable session keeps of a chunk cut short: whole units of 256 KiB, as Google. */
const PERSIST_UNIT = 256 * 1024;
const SEND_PATH_RE = /^\/(upload\/)?gmail\/v1\/users\/([^/]+)\/messages\/send$/;

export const GMAIL_PATH_RE = /^\/(upload\/)?gmail\/v1\//;

/** A resumable upload session, as the tests may inspect it. */
export interface SimUploadSession {
  readonly id: string;
  readonly account: string;
  /** Message size announced (X-Upload-Content-Length), or learnt from the first Content-Range. */
  readonly total: number | null;
  /** Bytes held so far. */
  readonly received: number;
  /** The message once complete. */
  readonly message: SimMessage | null;
  /** Each PUT: the Content-Range asked, the answer (0: cut or stalled). */
  readonly requests: ReadonlyArray<{ readonly range: string; readonly status: number }>;
}

/** What one request brought: all of it, part of it (the client went away), or a fault. */
type Upload =
  | { kind: 'complete'; data: Buffer }
  | { kind: 'partial'; data: Buffer }
  | { kind: 'cut'; data: Buffer; whole: boolean }
  | { kind: 'stalled' }
  | { kind: 'tooLarge' };

interface Session {
  id: string;
  account: string;
  threadId?: string;
  total: number | null;
  chunks: Buffer[];
  received: number;
  message: SimMessage | null;
  requests: Array<{ range: string; status: number }>;
}

export interface GmailEndpoint {
  /** A request under /gmail/v1/ or /upload/gmail/v1/; false when it is not one Gmail answers here. */
  handle(req: http.IncomingMessage, url: URL, res: http.ServerResponse, record: RecordCall): Promise<boolean>;
  sessions(): SimUploadSession[];
  /** Awaited after a message is stored and before it is answered (a test holds the answer there). */
  setAnswerGate(gate: ((raw: Buffer) => Promise<void>) | null): void;
}

export function createGmailEndpoint(store: SimStore, faults: FaultSwitches, messagesDir: string, baseUrl: () => string): GmailEndpoint {
  const sessions = new Map<string, Session>();
  let gate: ((raw: Buffer) => Promise<void>) | null = null;

  async function handle(req: http.IncomingMessage, url: URL, res: http.ServerResponse, record: RecordCall): Promise<boolean> {
    const m = SEND_PATH_RE.exec(url.pathname);
    if (!m) return false;
    const upload = m[1] !== undefined;
    const uploadType = url.searchParams.get('uploadType');
    if (req.method === 'PUT' && upload && uploadType === 'resumable') {
      await putSession(req, url, res, record);
      return true;
    }
    if (req.method !== 'POST') return false;
    const reply = (status: number, body: unknown) => {
      record(status);
      send(res, status, body);
    };
    const account = authorise(req, decodeURIComponent(m[2]!));
    if (typeof account !== 'string') {
      reply(account.status, account.body);
      return true;
    }
    if (upload && uploadType === 'resumable') await openSession(req, res, account, reply);
    else if (upload && uploadType === 'media') await mediaUpload(req, res, account, reply, record);
    else await bufferedSend(req, url, res, account, reply, record);
    return true;
  }

  /** The Bearer token's account, allowed to send as `userId`; else the error to answer. */
  function authorise(req: http.IncomingMessage, userId: string): string | { status: number; body: unknown } {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const state = store.load();
    const a = state.access[hash(bearer)];
    if (!bearer || !a || a.expiresAt <= Date.now() || (a.grant && state.grants[a.grant]?.revoked))
      return {
        status: 401,
        body: googleError(
          401,
          'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
          'UNAUTHENTICATED',
        ),
      };
    if (!a.scope.split(' ').includes(SCOPE_SEND))
      return { status: 403, body: googleError(403, 'Request had insufficient authentication scopes.', 'PERMISSION_DENIED') };
    if (userId !== 'me' && userId.toLowerCase() !== a.email.toLowerCase())
      return { status: 403, body: googleError(403, 'Delegation denied for ' + a.email, 'PERMISSION_DENIED') };
    return a.email;
  }

  /** The message is complete: stored as an .eml file (unless Google would refuse it). */
  function store_(raw: Buffer, account: string, kind: SimMessage['uploadType'], threadId?: string): SimMessage | null {
    if (!hasRecipient(raw)) return null;
    const id = randomBytes(8).toString('hex');
    const file = path.join(messagesDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${id}.eml`);
    writeFileSync(file, raw, { mode: 0o600 });
    const msg: SimMessage = { id, threadId: threadId ?? id, file, raw, account, uploadType: kind, receivedAt: new Date().toISOString() };
    store.messages.push(msg);
    return msg;
  }

  const sentBody = (msg: SimMessage) => ({ id: msg.id, threadId: msg.threadId, labelIds: ['SENT'] });

  /**
   * Reads the message bytes [start, start + length) of one request, of a message of
   * `total` bytes. A cut or stall fault placed on those bytes (or a cut at or past the last
   * byte, on the request that carries it) is taken and applied here.
   */
  async function readUpload(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    start: number,
    length: number,
    total: number,
  ): Promise<Upload> {
    const f = faults.peek('gmail');
    const end = start + length;
    let fault: ArmedFault | null = null;
    if (f?.stallAt !== undefined && f.stallAt >= start && f.stallAt < end) fault = faults.take('gmail');
    if (f?.cutAt !== undefined && f.cutAt >= start && (f.cutAt < end || (end === total && length > 0))) fault = faults.take('gmail');
    const at = fault ? (fault.cutAt ?? fault.stallAt)! : Infinity;
    const limit = Math.min(length, Math.max(0, at - start));
    return new Promise<Upload>((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = (u: Upload) => {
        if (done) return;
        done = true;
        req.off('data', onData);
        resolve(u);
      };
      const onData = (c: Buffer) => {
        if (fault && size + c.length > limit) {
          chunks.push(c.subarray(0, limit - size));
          size = limit;
          if (fault.stallAt !== undefined) {
            // No longer read, never answered: the client's bytes pile up, then stop moving.
            // (A paused socket does not even see the client leave; the handler ends here.)
            req.pause();
            finish({ kind: 'stalled' });
          } else finish({ kind: 'cut', data: Buffer.concat(chunks), whole: false });
          return;
        }
        size += c.length;
        if (size <= MAX_UPLOAD) chunks.push(c);
      };
      req.on('data', onData);
      req.on('end', () => {
        if (size > MAX_UPLOAD) return finish({ kind: 'tooLarge' });
        const data = Buffer.concat(chunks);
        if (size < length) return finish({ kind: 'partial', data });
        finish(fault?.cutAt !== undefined ? { kind: 'cut', data, whole: true } : { kind: 'complete', data });
      });
      req.on('close', () => finish({ kind: 'partial', data: Buffer.concat(chunks) }));
      req.on('error', () => finish({ kind: 'partial', data: Buffer.concat(chunks) }));
    });
  }

  /** Cuts the connection without an answer. */
  function cut(res: http.ServerResponse, record: RecordCall): void {
    record(0);
    res.socket?.destroy();
  }

  // ---- media upload -------------------------------------------------------------------
  async function mediaUpload(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    account: string,
    reply: (status: number, body: unknown) => void,
    record: RecordCall,
  ): Promise<void> {
    const ctype = (req.headers['content-type'] ?? '').toLowerCase();
    const length = Number(req.headers['content-length'] ?? 0);
    const got = await readUpload(req, res, 0, length, length);
    if (got.kind === 'stalled' || got.kind === 'partial') return record(0);
    if (got.kind === 'cut' && !got.whole) return cut(res, record);
    if (got.kind === 'tooLarge') return reply(413, googleError(413, 'Request Entity Too Large', 'FAILED_PRECONDITION'));
    if (!ctype.startsWith('message/rfc822'))
      return reply(400, googleError(400, `Media type '${ctype}' is not supported. Valid media types: [message/*]`));
    if (!hasRecipient(got.data)) return reply(400, googleError(400, 'Recipient address required'));
    if (got.kind === 'cut') {
      store_(got.data, account, 'media');
      return cut(res, record);
    }
    await storeAndAnswer(got.data, account, 'media', undefined, res, reply, record);
  }

  /**
   * A whole message (with a recipient) received in one request: stored and answered, a
   * fault armed for it applied before the store, or after it (afterStore).
   */
  async function storeAndAnswer(
    raw: Buffer,
    account: string,
    kind: SimMessage['uploadType'],
    threadId: string | undefined,
    res: http.ServerResponse,
    reply: (status: number, body: unknown) => void,
    record: RecordCall,
  ): Promise<void> {
    const fault = faults.take('gmail');
    if (fault && !fault.afterStore) return applyFault(res, fault, record);
    const msg = store_(raw, account, kind, threadId)!;
    await gate?.(msg.raw);
    if (fault) return applyFault(res, fault, record);
    reply(200, sentBody(msg));
  }

  // ---- multipart and JSON raw (read whole) --------------------------------------------
  async function bufferedSend(
    req: http.IncomingMessage,
    url: URL,
    res: http.ServerResponse,
    account: string,
    reply: (status: number, body: unknown) => void,
    record: RecordCall,
  ): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req, MAX_UPLOAD);
    } catch {
      return reply(413, googleError(413, 'Request Entity Too Large', 'FAILED_PRECONDITION'));
    }
    const upload = url.pathname.startsWith('/upload/');
    const uploadType = url.searchParams.get('uploadType');
    const ctype = (req.headers['content-type'] ?? '').toLowerCase();
    let raw: Buffer;
    let kind: SimMessage['uploadType'];
    let threadId: string | undefined;
    if (upload && uploadType === 'multipart') {
      const parts = parseMultipart(body, ctype);
      if (!parts || parts.length < 2) return reply(400, googleError(400, 'Invalid multipart request'));
      try {
        const meta = JSON.parse(parts[0]!.body.toString('utf8') || '{}') as { threadId?: string };
        threadId = meta.threadId;
      } catch {
        return reply(400, googleError(400, 'Invalid JSON payload received.'));
      }
      if (!parts[1]!.contentType.startsWith('message/'))
        return reply(400, googleError(400, `Media type '${parts[1]!.contentType}' is not supported.`));
      raw = parts[1]!.body;
      kind = 'multipart';
    } else if (!upload) {
      if (body.length > MAX_JSON_RAW) return reply(413, googleError(413, 'Request Entity Too Large', 'FAILED_PRECONDITION'));
      let parsed: { raw?: string; threadId?: string };
      try {
        parsed = JSON.parse(body.toString('utf8')) as { raw?: string; threadId?: string };
      } catch {
        return reply(400, googleError(400, 'Invalid JSON payload received.'));
      }
      if (!parsed.raw)
        return reply(400, googleError(400, "'raw' RFC822 payload message string or uploading message via /upload/* URL required"));
      raw = Buffer.from(parsed.raw, 'base64url');
      threadId = parsed.threadId;
      kind = 'json';
    } else {
      return reply(400, googleError(400, `Invalid uploadType: ${uploadType ?? ''}`));
    }
    if (!hasRecipient(raw)) return reply(400, googleError(400, 'Recipient address required'));
    await storeAndAnswer(raw, account, kind, threadId, res, reply, record);
  }

  // ---- resumable upload ---------------------------------------------------------------
  async function openSession(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    account: string,
    reply: (status: number, body: unknown) => void,
  ): Promise<void> {
    const ctype = String(req.headers['x-upload-content-type'] ?? '').toLowerCase();
    let meta: { threadId?: string } = {};
    try {
      const text = (await readBody(req, 64 * 1024)).toString('utf8');
      meta = text.trim() ? (JSON.parse(text) as { threadId?: string }) : {};
    } catch {
      return reply(400, googleError(400, 'Invalid JSON payload received.'));
    }
    if (ctype && !ctype.startsWith('message/'))
      return reply(400, googleError(400, `Media type '${ctype}' is not supported. Valid media types: [message/*]`));
    const announced = req.headers['x-upload-content-length'];
    const total = announced === undefined ? null : Number(announced);
    if (total !== null && (!Number.isInteger(total) || total < 0)) return reply(400, googleError(400, 'Invalid X-Upload-Content-Length'));
    if (total !== null && total > MAX_UPLOAD) return reply(413, googleError(413, 'Request Entity Too Large', 'FAILED_PRECONDITION'));
    const id = `AUj${random(24)}`;
    sessions.set(id, { id, account, threadId: meta.threadId, total, chunks: [], received: 0, message: null, requests: [] });
    // On the host the client used (as Google does), so a proxy in between stays in between.
    const origin = req.headers.host ? `http://${req.headers.host}` : baseUrl();
    const location = `${origin}/upload/gmail/v1/users/me/messages/send?uploadType=resumable&upload_id=${id}`;
    res.setHeader('location', location);
    reply(200, {});
  }

  async function putSession(req: http.IncomingMessage, url: URL, res: http.ServerResponse, record: RecordCall): Promise<void> {
    const s = sessions.get(url.searchParams.get('upload_id') ?? '');
    const range = String(req.headers['content-range'] ?? '');
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      s?.requests.push({ range, status });
      record(status);
      send(res, status, body, headers);
    };
    const incomplete = () => {
      s!.requests.push({ range, status: 308 });
      record(308);
      // 308 is "Resume Incomplete" here; Range tells the next byte wanted.
      res.writeHead(308, { ...(s!.received > 0 ? { range: `bytes=0-${s!.received - 1}` } : {}), 'content-length': '0' });
      res.end();
    };
    if (!s) {
      await readBody(req, MAX_UPLOAD).catch(() => undefined);
      return answer(404, googleError(404, 'Upload session not found or expired.', 'NOT_FOUND'));
    }
    const status = /^bytes \*\/(\d+|\*)$/.exec(range);
    if (status) {
      await readBody(req, 1024).catch(() => undefined);
      if (s.message) return answer(200, sentBody(s.message));
      return incomplete();
    }
    const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(range);
    if (!m) {
      await readBody(req, MAX_UPLOAD).catch(() => undefined);
      return answer(400, googleError(400, `Invalid Content-Range: ${range}`));
    }
    const [first, last, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (s.message) {
      await readBody(req, MAX_UPLOAD).catch(() => undefined);
      return answer(200, sentBody(s.message));
    }
    if ((s.total !== null && total !== s.total) || first > s.received || last < first || last >= total) {
      await readBody(req, MAX_UPLOAD).catch(() => undefined);
      return answer(400, googleError(400, `Invalid Content-Range: ${range} (session holds ${s.received} bytes)`));
    }
    s.total = total;
    const got = await readUpload(req, res, first, last - first + 1, total);
    if (got.kind === 'stalled' || got.kind === 'tooLarge') {
      s.requests.push({ range, status: 0 });
      return got.kind === 'stalled' ? record(0) : answer(413, googleError(413, 'Request Entity Too Large', 'FAILED_PRECONDITION'));
    }
    // Bytes before what the session holds were sent again: only the new ones count.
    const keep = (data: Buffer, upTo: number) => {
      const fresh = data.subarray(Math.max(0, s.received - first), Math.max(0, upTo - first));
      if (fresh.length) {
        // (A slice of the request's own buffer: no second copy.)
        s.chunks.push(fresh);
        s.received += fresh.length;
      }
    };
    if (got.kind === 'cut' || got.kind === 'partial') {
      // A chunk cut short: what arrived is kept in whole 256 KiB units (the last byte too).
      const reached = first + got.data.length;
      keep(got.data, reached === total ? total : Math.max(s.received, Math.floor(reached / PERSIST_UNIT) * PERSIST_UNIT));
      if (s.received === total) complete(s);
      s.requests.push({ range, status: 0 });
      return got.kind === 'cut' ? cut(res, record) : record(0);
    }
    // A 503 or 429 injected on a chunk: nothing of it kept.
    const fault = faults.peek('gmail');
    if (fault && fault.cutAt === undefined && fault.stallAt === undefined && !fault.afterStore) {
      faults.take('gmail');
      s.requests.push({ range, status: fault.drop ? 0 : (fault.status ?? 503) });
      return applyFault(res, fault, record);
    }
    keep(got.data, last + 1);
    if (s.received < total) return incomplete();
    const msg = complete(s);
    if (!msg) return answer(400, googleError(400, 'Recipient address required'));
    await gate?.(msg.raw);
    const after = faults.peek('gmail');
    if (after?.afterStore) {
      faults.take('gmail');
      s.requests.push({ range, status: after.drop ? 0 : (after.status ?? 503) });
      return applyFault(res, after, record);
    }
    answer(200, sentBody(msg));
  }

  function complete(s: Session): SimMessage | null {
    const raw = Buffer.concat(s.chunks);
    s.chunks = [raw];
    s.message = store_(raw, s.account, 'resumable', s.threadId);
    return s.message;
  }

  return {
    handle,
    setAnswerGate: (g) => (gate = g),
    sessions: () =>
      [...sessions.values()].map((s) => ({
        id: s.id,
        account: s.account,
        total: s.total,
        received: s.received,
        message: s.message,
        requests: [...s.requests],
      })),
  };
}

/** multipart/related as the generated client sends it: JSON metadata, then the media. */
function parseMultipart(body: Buffer, ctype: string): Array<{ contentType: string; body: Buffer }> | null {
  const m = /boundary="?([^";]+)"?/i.exec(ctype);
  if (!ctype.startsWith('multipart/') || !m) return null;
  const delim = Buffer.from(`--${m[1]}`);
  const parts: Array<{ contentType: string; body: Buffer }> = [];
  let pos = body.indexOf(delim);
  while (pos >= 0) {
    let start = pos + delim.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = body.indexOf(delim, start);
    if (next < 0) break;
    let chunk = body.subarray(start, next);
    if (chunk.subarray(chunk.length - 2).toString() === '\r\n') chunk = chunk.subarray(0, chunk.length - 2);
    const sep = chunk.indexOf('\r\n\r\n');
    const head = sep >= 0 ? chunk.subarray(0, sep).toString('utf8') : '';
    const content = sep >= 0 ? chunk.subarray(sep + 4) : chunk;
    const contentType = (/^content-type:\s*([^\r\n;]+)/im.exec(head)?.[1] ?? '').trim().toLowerCase();
    parts.push({ contentType, body: content });
    pos = next;
  }
  return parts;
}

function hasRecipient(raw: Buffer): boolean {
  const end = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') : raw.indexOf('\n\n');
  const head = raw.subarray(0, end >= 0 ? end : raw.length).toString('utf8');
  return /^(to|cc|bcc):\s*\S/im.test(head);
}
