// Gmail's users.messages.send: the media upload (message/rfc822), the multipart upload of
// the generated client, and the JSON `raw` body (refused above ~5 MB, as Google does).
// Each message received is stored as an .eml file and kept in memory for the tests.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { SCOPE_SEND } from './consent.js';
import { applyFault, type FaultSwitches } from './faults.js';
import { googleError, readBody, send, type RecordCall } from './http.js';
import { hash, type SimMessage, type SimStore } from './state.js';

const MAX_UPLOAD = 36 * 1024 * 1024; // Gmail: 35 MB per message, plus some envelope
const MAX_JSON_RAW = 5 * 1024 * 1024; // the JSON `raw` body fails above ~5 MB

export const GMAIL_PATH_RE = /^\/(upload\/)?gmail\/v1\//;

export interface GmailEndpoint {
  /** Any request under /gmail/v1/ or /upload/gmail/v1/; false when it is not one Gmail answers here. */
  handle(req: http.IncomingMessage, url: URL, res: http.ServerResponse, record: RecordCall): Promise<boolean>;
}

export function createGmailEndpoint(store: SimStore, faults: FaultSwitches, messagesDir: string): GmailEndpoint {
  async function handle(req: http.IncomingMessage, url: URL, res: http.ServerResponse, record: RecordCall): Promise<boolean> {
    if (req.method === 'POST' && /\/users\/[^/]+\/messages\/send$/.test(url.pathname)) {
      await messagesSend(req, url, res, record);
      return true;
    }
    return false;
  }

  async function messagesSend(req: http.IncomingMessage, url: URL, res: http.ServerResponse, record: RecordCall): Promise<void> {
    const reply = (status: number, body: unknown) => {
      record(status);
      send(res, status, body);
    };
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const state = store.load();
    const a = state.access[hash(bearer)];
    if (!bearer || !a || a.expiresAt <= Date.now() || (a.grant && state.grants[a.grant]?.revoked))
      return reply(
        401,
        googleError(
          401,
          'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
          'UNAUTHENTICATED',
        ),
      );
    if (!a.scope.split(' ').includes(SCOPE_SEND))
      return reply(403, googleError(403, 'Request had insufficient authentication scopes.', 'PERMISSION_DENIED'));
    const userId = decodeURIComponent(/\/users\/([^/]+)\//.exec(url.pathname)?.[1] ?? '');
    if (userId !== 'me' && userId.toLowerCase() !== a.email.toLowerCase())
      return reply(403, googleError(403, 'Delegation denied for ' + a.email, 'PERMISSION_DENIED'));

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
    if (upload && uploadType === 'media') {
      if (!ctype.startsWith('message/rfc822'))
        return reply(400, googleError(400, `Media type '${ctype}' is not supported. Valid media types: [message/*]`));
      raw = body;
      kind = 'media';
    } else if (upload && uploadType === 'multipart') {
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

    const fault = faults.take('gmail');
    if (fault && !fault.afterStore) return applyFault(res, fault, record);
    const id = randomBytes(8).toString('hex');
    const file = path.join(messagesDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${id}.eml`);
    writeFileSync(file, raw, { mode: 0o600 });
    const msg: SimMessage = {
      id,
      threadId: threadId ?? id,
      file,
      raw,
      account: a.email,
      uploadType: kind,
      receivedAt: new Date().toISOString(),
    };
    store.messages.push(msg);
    if (fault) return applyFault(res, fault, record);
    reply(200, { id: msg.id, threadId: msg.threadId, labelIds: ['SENT'] });
  }

  return { handle };
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
