// The Google simulator: a consent page, the token, revoke and certificate endpoints and
// the Gmail upload endpoint, on real HTTP bound to 127.0.0.1. `npm start` (sandbox mode)
// points the console at it so a newcomer can link and send with no Google account; the
// tests drive the real google-auth-library and Gmail client against it.
//
// It keeps Google's rules that matter to a client: registered OAuth client and secret,
// loopback redirect URI, PKCE S256 only, single-use codes bound to their redirect URI,
// refresh tokens that can be revoked, Bearer access tokens with scopes, Google-shaped
// error bodies. Grants survive a restart (hashed, in <dataDir>/sandbox/google-state.json)
// so a link made in the console still works from the CLI later.
import { createHash, createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { t, type Lang } from '../services/i18n/index.js';

export const SIM_CLIENT_ID = 'prextra-sandbox.apps.googleusercontent.com';
// Like a Desktop-app client secret, this one is not a secret: it ships with the program.
export const SIM_CLIENT_SECRET = 'GOCSPX-prextra-sandbox-simulator';
export const SIM_ISSUER = 'https://accounts.google.com';

const SCOPE_SEND = 'https://www.googleapis.com/auth/gmail.send';
const SCOPE_USERINFO_EMAIL = 'https://www.googleapis.com/auth/userinfo.email';
/** What a client may ask for; Google answers `email` as the userinfo.email scope. */
const ALLOWED_SCOPES = new Set(['openid', 'email', SCOPE_USERINFO_EMAIL, SCOPE_SEND]);
const REDIRECT_RE = /^http:\/\/127\.0\.0\.1:(\d{1,5})\/oauth2callback$/;
const CODE_TTL_MS = 10 * 60_000;
const ACCESS_TTL_S = 3599;
const MAX_UPLOAD = 36 * 1024 * 1024; // Gmail: 35 MB per message, plus some envelope
const MAX_JSON_RAW = 5 * 1024 * 1024; // the JSON `raw` body fails above ~5 MB

export type SimEndpoint = 'consent' | 'token' | 'revoke' | 'gmail' | 'certs';

/** One injected fault: the next `count` requests to an endpoint (all when omitted). */
export interface SimFault {
  /** HTTP status to answer (e.g. 503, 429); ignored with `drop`. */
  readonly status?: number;
  /** JSON body to answer; a Google-shaped error by default. */
  readonly body?: unknown;
  /** How many requests it applies to; unlimited when omitted (endpoint "down"). */
  readonly count?: number;
  /** Close the connection without an answer (network failure). */
  readonly drop?: boolean;
  /** Wait this long before answering (or dropping). */
  readonly delayMs?: number;
  /** Gmail only: store the message first, then fail (the upload may have reached Google). */
  readonly afterStore?: boolean;
  /** Retry-After header, in seconds. */
  readonly retryAfter?: number;
}

export interface SimMessage {
  readonly id: string;
  readonly threadId: string;
  /** The stored .eml file. */
  readonly file: string;
  readonly raw: Buffer;
  /** The Google account of the access token that sent it. */
  readonly account: string;
  /** How it was uploaded: media (message/rfc822), multipart, or the JSON `raw` body. */
  readonly uploadType: 'media' | 'multipart' | 'json';
  readonly receivedAt: string;
}

export interface SimRevocation {
  readonly token: string;
  readonly kind: 'refresh' | 'access' | 'unknown';
}

export interface SimCall {
  readonly endpoint: SimEndpoint | 'other';
  readonly method: string;
  readonly status: number;
  /** Token endpoint: the grant_type asked for. */
  readonly grantType?: string;
}

export interface GoogleSimulator {
  readonly baseUrl: string;
  readonly port: number;
  readonly authUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string;
  /** Root of the Gmail API, with a trailing slash (like https://gmail.googleapis.com/). */
  readonly gmailApiUrl: string;
  /** PEM certificates (v1 format) and JWKS (v3) of the ID-token signing key. */
  readonly certsUrl: string;
  readonly jwksUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly dataDir: string;
  /** Where each message received is stored as an .eml file. */
  readonly messagesDir: string;
  /** Key id → PEM public key that signs the ID tokens. */
  idTokenCerts(): Record<string, string>;
  close(): Promise<void>;
  /** Messages received since start, oldest first. */
  received(): SimMessage[];
  /** Tokens received by the revoke endpoint, oldest first. */
  revocations(): SimRevocation[];
  /** Every request answered, oldest first (no secrets). */
  calls(endpoint?: SimEndpoint): SimCall[];
  /** Injects a fault on an endpoint; null clears it. */
  setFault(endpoint: SimEndpoint, fault: SimFault | null): void;
  clearFaults(): void;
  /** As if the person removed the app at myaccount.google.com: every grant of that account. */
  revokeAccountGrants(email: string): number;
  /** Makes every access token already issued expire (forces a refresh). */
  expireAccessTokens(): void;
}

export interface GoogleSimulatorOptions {
  /** Folder for the grants file and the received messages (sandbox/ under it). */
  readonly dataDir: string;
  /** Fixed port (for an SSH tunnel); a free one when omitted. */
  readonly port?: number;
  /** Messages folder; default <dataDir>/sandbox/gmail. */
  readonly messagesDir?: string;
}

interface Grant {
  email: string;
  scope: string;
  clientId: string;
  createdAt: string;
  revoked: boolean;
}
interface AccessGrant {
  email: string;
  scope: string;
  grant: string; // hash of the refresh token it came from ('' when none)
  expiresAt: number;
}
interface SimState {
  grants: Record<string, Grant>;
  access: Record<string, AccessGrant>;
}
interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
  email: string;
  offline: boolean;
  expiresAt: number;
  used: boolean;
}
interface PendingConsent {
  clientId: string;
  redirectUri: string;
  state: string | null;
  challenge: string;
  scopes: string[];
  loginHint: string;
  offline: boolean;
  lang: Lang;
  createdAt: number;
}

const hash = (s: string) => createHash('sha256').update(s).digest('base64url');
const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');
const random = (n: number) => randomBytes(n).toString('base64url');

export async function startGoogleSimulator(options: GoogleSimulatorOptions): Promise<GoogleSimulator> {
  const dataDir = path.resolve(options.dataDir);
  const simDir = path.join(dataDir, 'sandbox');
  const messagesDir = path.resolve(options.messagesDir ?? path.join(simDir, 'gmail'));
  mkdirSync(simDir, { recursive: true, mode: 0o700 });
  mkdirSync(messagesDir, { recursive: true, mode: 0o700 });
  const stateFile = path.join(simDir, 'google-state.json');

  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('hex');
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as Record<string, string>), kid, alg: 'RS256', use: 'sig' };

  const consents = new Map<string, PendingConsent>();
  const codes = new Map<string, PendingCode>();
  const faults = new Map<SimEndpoint, SimFault & { left: number }>();
  const messages: SimMessage[] = [];
  const revoked: SimRevocation[] = [];
  const callLog: SimCall[] = [];

  // The state file is re-read on every request: a console and a CLI command may each run
  // a simulator on the same data folder.
  const load = (): SimState => {
    try {
      const s = JSON.parse(readFileSync(stateFile, 'utf8')) as SimState;
      return { grants: s.grants ?? {}, access: s.access ?? {} };
    } catch {
      return { grants: {}, access: {} };
    }
  };
  const save = (s: SimState) => {
    const nowMs = Date.now();
    for (const [k, a] of Object.entries(s.access)) if (a.expiresAt < nowMs - 3600_000) delete s.access[k];
    const tmp = `${stateFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(s), { mode: 0o600 });
    renameSync(tmp, stateFile);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { error: 'internal_error' });
      else res.destroy();
    });
  });

  let base = '';
  const authPath = '/o/oauth2/v2/auth';
  const decidePath = '/o/oauth2/v2/auth/decide';

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const method = req.method ?? 'GET';
    const p = url.pathname;
    let endpoint: SimEndpoint | 'other' = 'other';
    if (p === authPath || p === decidePath) endpoint = 'consent';
    else if (p === '/token') endpoint = 'token';
    else if (p === '/revoke') endpoint = 'revoke';
    else if (p.startsWith('/oauth2/v1/certs') || p.startsWith('/oauth2/v3/certs')) endpoint = 'certs';
    else if (/^\/(upload\/)?gmail\/v1\//.test(p)) endpoint = 'gmail';

    const record = (status: number, grantType?: string) => callLog.push({ endpoint, method, status, grantType });

    if (endpoint !== 'other' && endpoint !== 'gmail') {
      const hit = takeFault(endpoint);
      if (hit) {
        const body = await readBody(req, MAX_UPLOAD).catch(() => Buffer.alloc(0));
        const grantType = endpoint === 'token' ? (new URLSearchParams(body.toString()).get('grant_type') ?? undefined) : undefined;
        return applyFault(res, hit, (s) => record(s, grantType));
      }
    }

    if (endpoint === 'consent' && method === 'GET' && p === authPath) return consentPage(url, res, record);
    if (endpoint === 'consent' && method === 'POST' && p === decidePath) return decide(req, res, record);
    if (endpoint === 'token' && method === 'POST') return token(req, res, record);
    if (endpoint === 'revoke' && method === 'POST') return revoke(req, url, res, record);
    if (endpoint === 'certs' && method === 'GET') {
      record(200);
      return send(res, 200, p.startsWith('/oauth2/v1') ? { [kid]: pem } : { keys: [jwk] });
    }
    if (endpoint === 'gmail' && method === 'POST' && /\/users\/[^/]+\/messages\/send$/.test(p)) return gmailSend(req, url, res, record);
    record(404);
    send(res, 404, { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } });
  }

  function takeFault(endpoint: SimEndpoint): (SimFault & { left: number }) | null {
    const f = faults.get(endpoint);
    if (!f) return null;
    f.left -= 1;
    if (f.left <= 0) faults.delete(endpoint);
    return f;
  }

  async function applyFault(res: http.ServerResponse, f: SimFault, record: (status: number) => void): Promise<void> {
    if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
    if (f.drop) {
      record(0);
      res.socket?.destroy();
      return;
    }
    const status = f.status ?? 503;
    record(status);
    const headers: Record<string, string> = {};
    if (f.retryAfter !== undefined) headers['retry-after'] = String(f.retryAfter);
    send(res, status, f.body ?? googleError(status), headers);
  }

  // ---- consent -----------------------------------------------------------------------
  function consentPage(url: URL, res: http.ServerResponse, record: (s: number) => void): void {
    const q = url.searchParams;
    const lang: Lang = (q.get('hl') ?? '').toLowerCase().startsWith('en') ? 'en' : 'fr';
    const fail = (status: number, code: string, detail: string) => {
      record(status);
      sendHtml(res, status, errorPage(lang, status, code, detail));
    };
    if (q.get('client_id') !== SIM_CLIENT_ID) return fail(401, 'invalid_client', t('sandbox.err.client', undefined, lang));
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!REDIRECT_RE.test(redirectUri)) return fail(400, 'redirect_uri_mismatch', t('sandbox.err.redirect', { uri: redirectUri }, lang));
    if (q.get('response_type') !== 'code') return fail(400, 'unsupported_response_type', t('sandbox.err.responseType', undefined, lang));
    const challenge = q.get('code_challenge') ?? '';
    if (q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43,128}$/.test(challenge))
      return fail(400, 'invalid_request', t('sandbox.err.pkce', undefined, lang));
    const scopes = (q.get('scope') ?? '').split(/\s+/).filter(Boolean);
    const bad = scopes.filter((s) => !ALLOWED_SCOPES.has(s));
    if (scopes.length === 0 || bad.length)
      return fail(400, 'invalid_scope', t('sandbox.err.scope', { scopes: bad.join(' ') || '—' }, lang));
    const id = random(18);
    consents.set(id, {
      clientId: SIM_CLIENT_ID,
      redirectUri,
      state: q.get('state'),
      challenge,
      scopes,
      loginHint: q.get('login_hint') ?? '',
      offline: q.get('access_type') === 'offline',
      lang,
      createdAt: Date.now(),
    });
    record(200);
    sendHtml(res, 200, consentHtml(id, consents.get(id)!));
  }

  function consentHtml(id: string, c: PendingConsent, error?: string): string {
    const L = c.lang;
    const scopeItems = c.scopes
      .map((s) => {
        if (s === SCOPE_SEND)
          return `<li><label><input type="checkbox" name="grant_send" value="1" checked> ${esc(t('sandbox.scope.send', undefined, L))} <code>${esc(s)}</code></label></li>`;
        const key = s === 'openid' ? 'sandbox.scope.openid' : 'sandbox.scope.email';
        return `<li>${esc(t(key, undefined, L))} <code>${esc(s)}</code></li>`;
      })
      .join('\n');
    return page(
      L,
      t('sandbox.title', undefined, L),
      `<p class="banner">${esc(t('sandbox.banner', undefined, L))}</p>
<h1>${esc(t('sandbox.heading', undefined, L))}</h1>
${error ? `<p class="error">${esc(error)}</p>` : ''}
<form method="post" action="${decidePath}">
<input type="hidden" name="consent" value="${esc(id)}">
<p><label>${esc(t('sandbox.account', undefined, L))}<br><input type="email" name="email" value="${esc(c.loginHint)}" size="40" autocomplete="email"></label></p>
<p>${esc(t('sandbox.wants', undefined, L))}</p>
<ul>
${scopeItems}
</ul>
<p>${esc(t('sandbox.redirectTo', { uri: c.redirectUri }, L))}</p>
<p><button type="submit" name="decision" value="allow">${esc(t('sandbox.allow', undefined, L))}</button>
<button type="submit" name="decision" value="deny">${esc(t('sandbox.deny', undefined, L))}</button></p>
</form>`,
    );
  }

  async function decide(req: http.IncomingMessage, res: http.ServerResponse, record: (s: number) => void): Promise<void> {
    const form = new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'));
    const id = form.get('consent') ?? '';
    const c = consents.get(id);
    if (!c || Date.now() - c.createdAt > 30 * 60_000) {
      record(400);
      return sendHtml(res, 400, errorPage('fr', 400, 'invalid_request', t('sandbox.err.consentGone', undefined, 'fr')));
    }
    const back = new URL(c.redirectUri);
    const finish = () => {
      if (c.state !== null) back.searchParams.set('state', c.state);
      consents.delete(id);
      record(302);
      res.writeHead(302, { location: back.toString(), 'cache-control': 'no-store' });
      res.end();
    };
    if (form.get('decision') !== 'allow') {
      back.searchParams.set('error', 'access_denied');
      return finish();
    }
    const email = (form.get('email') ?? '').trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      record(400);
      return sendHtml(res, 400, consentHtml(id, c, t('sandbox.err.email', undefined, c.lang)));
    }
    const granted = c.scopes
      .filter((s) => s !== SCOPE_SEND || form.get('grant_send') === '1')
      .map((s) => (s === 'email' ? SCOPE_USERINFO_EMAIL : s));
    const scope = [...new Set(granted)].join(' ');
    const code = `4/0Sim${random(32)}`;
    codes.set(code, {
      clientId: c.clientId,
      redirectUri: c.redirectUri,
      challenge: c.challenge,
      scope,
      email,
      offline: c.offline,
      expiresAt: Date.now() + CODE_TTL_MS,
      used: false,
    });
    back.searchParams.set('code', code);
    back.searchParams.set('scope', scope);
    finish();
  }

  // ---- token -------------------------------------------------------------------------
  async function token(req: http.IncomingMessage, res: http.ServerResponse, record: (s: number, g?: string) => void): Promise<void> {
    const raw = (await readBody(req, 64 * 1024)).toString('utf8');
    const form = (req.headers['content-type'] ?? '').includes('json')
      ? new URLSearchParams(Object.entries(JSON.parse(raw || '{}') as Record<string, string>))
      : new URLSearchParams(raw);
    const grantType = form.get('grant_type') ?? '';
    const reply = (status: number, body: unknown) => {
      record(status, grantType);
      send(res, status, body, { 'cache-control': 'no-store', pragma: 'no-cache' });
    };
    let clientId = form.get('client_id') ?? '';
    let clientSecret = form.get('client_secret') ?? '';
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (basic) {
      const [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
      clientId = decodeURIComponent(id ?? '');
      clientSecret = decodeURIComponent(secret ?? '');
    }
    if (clientId !== SIM_CLIENT_ID) return reply(401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
    if (clientSecret !== SIM_CLIENT_SECRET) return reply(401, { error: 'invalid_client', error_description: 'Unauthorized' });

    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const c = codes.get(code);
      if (!c) return reply(400, { error: 'invalid_grant', error_description: 'Malformed auth code.' });
      // Single use: the first exchange attempt spends the code, even a failed one.
      const replay = c.used;
      c.used = true;
      if (replay || c.expiresAt < Date.now()) return reply(400, { error: 'invalid_grant', error_description: 'Bad Request' });
      if (c.clientId !== clientId) return reply(400, { error: 'invalid_grant', error_description: 'Bad Request' });
      if ((form.get('redirect_uri') ?? '') !== c.redirectUri)
        return reply(400, { error: 'redirect_uri_mismatch', error_description: 'Bad Request' });
      const verifier = form.get('code_verifier') ?? '';
      if (!verifier) return reply(400, { error: 'invalid_grant', error_description: 'Missing code verifier.' });
      if (hash(verifier) !== c.challenge) return reply(400, { error: 'invalid_grant', error_description: 'Invalid code verifier.' });
      const state = load();
      let refreshToken: string | undefined;
      let grantHash = '';
      if (c.offline) {
        refreshToken = `1//0Sim${random(48)}`;
        grantHash = hash(refreshToken);
        state.grants[grantHash] = { email: c.email, scope: c.scope, clientId, createdAt: new Date().toISOString(), revoked: false };
      }
      const accessToken = issueAccess(state, c.email, c.scope, grantHash);
      save(state);
      return reply(200, {
        access_token: accessToken,
        expires_in: ACCESS_TTL_S,
        ...(refreshToken ? { refresh_token: refreshToken } : {}),
        scope: c.scope,
        token_type: 'Bearer',
        ...(c.scope.split(' ').includes('openid') ? { id_token: idToken(c.email, clientId) } : {}),
      });
    }
    if (grantType === 'refresh_token') {
      const rt = form.get('refresh_token') ?? '';
      const state = load();
      const g = state.grants[hash(rt)];
      if (!g || g.revoked) return reply(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      if (g.clientId !== clientId) return reply(400, { error: 'unauthorized_client', error_description: 'Unauthorized' });
      const accessToken = issueAccess(state, g.email, g.scope, hash(rt));
      save(state);
      return reply(200, {
        access_token: accessToken,
        expires_in: ACCESS_TTL_S,
        scope: g.scope,
        token_type: 'Bearer',
        ...(g.scope.split(' ').includes('openid') ? { id_token: idToken(g.email, clientId) } : {}),
      });
    }
    return reply(400, { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${grantType}` });
  }

  function issueAccess(state: SimState, email: string, scope: string, grant: string): string {
    const tok = `ya29.Sim${random(48)}`;
    state.access[hash(tok)] = { email, scope, grant, expiresAt: Date.now() + ACCESS_TTL_S * 1000 };
    return tok;
  }

  function idToken(email: string, aud: string): string {
    const iat = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', kid, typ: 'JWT' };
    const payload = {
      iss: SIM_ISSUER,
      azp: aud,
      aud,
      sub: BigInt('0x' + createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 15)).toString(),
      email,
      email_verified: true,
      iat,
      exp: iat + 3600,
    };
    const signed = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    const sig = createSign('RSA-SHA256')
      .update(signed)
      .sign(privateKey as KeyObject);
    return `${signed}.${b64url(sig)}`;
  }

  // ---- revoke ------------------------------------------------------------------------
  async function revoke(req: http.IncomingMessage, url: URL, res: http.ServerResponse, record: (s: number) => void): Promise<void> {
    const form = new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'));
    const tok = url.searchParams.get('token') ?? form.get('token') ?? '';
    const state = load();
    const h = hash(tok);
    let kind: SimRevocation['kind'] = 'unknown';
    let grantHash: string | null = null;
    if (state.grants[h] && !state.grants[h]!.revoked) {
      kind = 'refresh';
      grantHash = h;
    } else if (state.access[h] && state.access[h]!.expiresAt > Date.now()) {
      kind = 'access';
      grantHash = state.access[h]!.grant || null;
      delete state.access[h];
    }
    revoked.push({ token: tok, kind });
    if (kind === 'unknown') {
      record(400);
      return send(res, 400, { error: 'invalid_token', error_description: 'Token expired or revoked' });
    }
    // Google revokes the whole grant: the refresh token and every access token from it.
    if (grantHash && state.grants[grantHash]) {
      state.grants[grantHash]!.revoked = true;
      for (const [k, a] of Object.entries(state.access)) if (a.grant === grantHash) delete state.access[k];
    }
    save(state);
    record(200);
    send(res, 200, {});
  }

  // ---- Gmail -------------------------------------------------------------------------
  async function gmailSend(req: http.IncomingMessage, url: URL, res: http.ServerResponse, record: (s: number) => void): Promise<void> {
    const reply = (status: number, body: unknown) => {
      record(status);
      send(res, status, body);
    };
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const state = load();
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

    const fault = takeFault('gmail');
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
    messages.push(msg);
    if (fault) return applyFault(res, fault, record);
    reply(200, { id: msg.id, threadId: msg.threadId, labelIds: ['SENT'] });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // The simulator never keeps a finished command alive on its own.
  server.unref();
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  return {
    baseUrl: base,
    port,
    authUrl: `${base}${authPath}`,
    tokenUrl: `${base}/token`,
    revokeUrl: `${base}/revoke`,
    gmailApiUrl: `${base}/`,
    certsUrl: `${base}/oauth2/v1/certs`,
    jwksUrl: `${base}/oauth2/v3/certs`,
    clientId: SIM_CLIENT_ID,
    clientSecret: SIM_CLIENT_SECRET,
    dataDir,
    messagesDir,
    idTokenCerts: () => ({ [kid]: pem }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    received: () => [...messages],
    revocations: () => [...revoked],
    calls: (endpoint) => callLog.filter((c) => !endpoint || c.endpoint === endpoint),
    setFault: (endpoint, fault) => {
      if (fault) faults.set(endpoint, { ...fault, left: fault.count ?? Number.POSITIVE_INFINITY });
      else faults.delete(endpoint);
    },
    clearFaults: () => faults.clear(),
    revokeAccountGrants: (email) => {
      const state = load();
      let n = 0;
      for (const [h, g] of Object.entries(state.grants)) {
        if (g.email.toLowerCase() === email.toLowerCase() && !g.revoked) {
          g.revoked = true;
          n++;
          for (const [k, a] of Object.entries(state.access)) if (a.grant === h) delete state.access[k];
        }
      }
      save(state);
      return n;
    },
    expireAccessTokens: () => {
      const state = load();
      for (const a of Object.values(state.access)) a.expiresAt = Date.now() - 1;
      save(state);
    },
  };
}

// ---- helpers -------------------------------------------------------------------------
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => (over ? reject(new Error('too large')) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendHtml(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
  });
  res.end(html);
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  413: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
};

function googleError(code: number, message?: string, status?: string): unknown {
  const msg = message ?? (code === 429 ? 'Rate Limit Exceeded' : code >= 500 ? 'The service is currently unavailable.' : 'Bad Request');
  return {
    error: {
      code,
      message: msg,
      errors: [{ message: msg, domain: 'global', reason: code === 429 ? 'rateLimitExceeded' : 'backendError' }],
      status: status ?? STATUS_NAMES[code] ?? 'UNKNOWN',
    },
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

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(lang: Lang, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em}.banner{background:#fff3cd;padding:.5em}.error{color:#b00020}code{font-size:.85em}button{margin-right:1em;padding:.4em 1.2em}</style>
</head><body>
${body}
</body></html>`;
}

function errorPage(lang: Lang, status: number, code: string, detail: string): string {
  return page(
    lang,
    t('sandbox.errorTitle', undefined, lang),
    `<p class="banner">${esc(t('sandbox.banner', undefined, lang))}</p>
<h1>${esc(t('sandbox.errorHeading', { status, code }, lang))}</h1>
<p>${esc(detail)}</p>`,
  );
}
