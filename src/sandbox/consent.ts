// The consent page: what a person sees at accounts.google.com when the console asks for
// access. It checks the request as Google does (registered client, loopback redirect URI,
// PKCE S256, allowed scopes), shows the account and the scopes (granular: "send" can be
// unticked), and redirects back with a single-use code or error=access_denied.
import type http from 'node:http';
import { pageText, type PageLang } from './consentStrings.js';
import { readBody, sendHtml, type RecordCall } from './http.js';
import { random, type SimStore } from './state.js';

export const SIM_CLIENT_ID = 'prextra-sandbox.apps.googleusercontent.com';
export const SCOPE_SEND = 'https://www.googleapis.com/auth/gmail.send';
export const SCOPE_USERINFO_EMAIL = 'https://www.googleapis.com/auth/userinfo.email';
/** What a client may ask for; Google answers `email` as the userinfo.email scope. */
const ALLOWED_SCOPES = new Set(['openid', 'email', SCOPE_USERINFO_EMAIL, SCOPE_SEND]);
const REDIRECT_RE = /^http:\/\/127\.0\.0\.1:(\d{1,5})\/oauth2callback$/;
const CODE_TTL_MS = 10 * 60_000;

export const AUTH_PATH = '/o/oauth2/v2/auth';
export const DECIDE_PATH = '/o/oauth2/v2/auth/decide';

interface PendingConsent {
  clientId: string;
  redirectUri: string;
  state: string | null;
  challenge: string;
  scopes: string[];
  loginHint: string;
  offline: boolean;
  lang: PageLang;
  createdAt: number;
}

export interface ConsentPages {
  /** GET the consent page. */
  page(url: URL, res: http.ServerResponse, record: RecordCall): void;
  /** POST Allow or Deny. */
  decide(req: http.IncomingMessage, res: http.ServerResponse, record: RecordCall): Promise<void>;
}

export function createConsentPages(store: SimStore): ConsentPages {
  const consents = new Map<string, PendingConsent>();

  function page(url: URL, res: http.ServerResponse, record: RecordCall): void {
    const q = url.searchParams;
    const lang: PageLang = (q.get('hl') ?? '').toLowerCase().startsWith('en') ? 'en' : 'fr';
    const fail = (status: number, code: string, detail: string) => {
      record(status);
      sendHtml(res, status, errorPage(lang, status, code, detail));
    };
    if (q.get('client_id') !== SIM_CLIENT_ID) return fail(401, 'invalid_client', pageText(lang, 'errClient'));
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!REDIRECT_RE.test(redirectUri)) return fail(400, 'redirect_uri_mismatch', pageText(lang, 'errRedirect', { uri: redirectUri }));
    if (q.get('response_type') !== 'code') return fail(400, 'unsupported_response_type', pageText(lang, 'errResponseType'));
    const challenge = q.get('code_challenge') ?? '';
    if (q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43,128}$/.test(challenge))
      return fail(400, 'invalid_request', pageText(lang, 'errPkce'));
    const scopes = (q.get('scope') ?? '').split(/\s+/).filter(Boolean);
    const bad = scopes.filter((s) => !ALLOWED_SCOPES.has(s));
    if (scopes.length === 0 || bad.length) return fail(400, 'invalid_scope', pageText(lang, 'errScope', { scopes: bad.join(' ') || '—' }));
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

  async function decide(req: http.IncomingMessage, res: http.ServerResponse, record: RecordCall): Promise<void> {
    const form = new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'));
    const id = form.get('consent') ?? '';
    const c = consents.get(id);
    if (!c || Date.now() - c.createdAt > 30 * 60_000) {
      record(400);
      return sendHtml(res, 400, errorPage('fr', 400, 'invalid_request', pageText('fr', 'errConsentGone')));
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
      return sendHtml(res, 400, consentHtml(id, c, pageText(c.lang, 'errEmail')));
    }
    const granted = c.scopes
      .filter((s) => s !== SCOPE_SEND || form.get('grant_send') === '1')
      .map((s) => (s === 'email' ? SCOPE_USERINFO_EMAIL : s));
    const scope = [...new Set(granted)].join(' ');
    const code = `4/0Sim${random(32)}`;
    store.codes.set(code, {
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

  return { page, decide };
}

function consentHtml(id: string, c: PendingConsent, error?: string): string {
  const L = c.lang;
  const scopeItems = c.scopes
    .map((s) => {
      if (s === SCOPE_SEND)
        return `<li><label><input type="checkbox" name="grant_send" value="1" checked> ${esc(pageText(L, 'scopeSend'))} <code>${esc(s)}</code></label></li>`;
      return `<li>${esc(pageText(L, s === 'openid' ? 'scopeOpenid' : 'scopeEmail'))} <code>${esc(s)}</code></li>`;
    })
    .join('\n');
  return page(
    L,
    pageText(L, 'title'),
    `<p class="banner">${esc(pageText(L, 'banner'))}</p>
<h1>${esc(pageText(L, 'heading'))}</h1>
${error ? `<p class="error">${esc(error)}</p>` : ''}
<form method="post" action="${DECIDE_PATH}">
<input type="hidden" name="consent" value="${esc(id)}">
<p><label>${esc(pageText(L, 'account'))}<br><input type="email" name="email" value="${esc(c.loginHint)}" size="40" autocomplete="email"></label></p>
<p>${esc(pageText(L, 'wants'))}</p>
<ul>
${scopeItems}
</ul>
<p>${esc(pageText(L, 'redirectTo', { uri: c.redirectUri }))}</p>
<p><button type="submit" name="decision" value="allow">${esc(pageText(L, 'allow'))}</button>
<button type="submit" name="decision" value="deny">${esc(pageText(L, 'deny'))}</button></p>
</form>`,
  );
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(lang: PageLang, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em}.banner{background:#fff3cd;padding:.5em}.error{color:#b00020}code{font-size:.85em}button{margin-right:1em;padding:.4em 1.2em}</style>
</head><body>
${body}
</body></html>`;
}

function errorPage(lang: PageLang, status: number, code: string, detail: string): string {
  return page(
    lang,
    pageText(lang, 'errorTitle'),
    `<p class="banner">${esc(pageText(lang, 'banner'))}</p>
<h1>${esc(pageText(lang, 'errorHeading', { status, code }))}</h1>
<p>${esc(detail)}</p>`,
  );
}
