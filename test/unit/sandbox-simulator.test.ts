import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash, createVerify, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { approveConsent } from '../helpers/google.js';
import { startGoogleSimulator, type GoogleSimulator } from '../../src/sandbox/googleSimulator.js';

let dir: string;
let sim: GoogleSimulator;
const SEND = 'https://www.googleapis.com/auth/gmail.send';
const REDIRECT = 'http://127.0.0.1:45678/oauth2callback';

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'prx-sim-'));
  sim = await startGoogleSimulator({ dataDir: dir });
});
afterEach(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function pkce() {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function consentUrl(over: Record<string, string | null> = {}, challenge = pkce().challenge): string {
  const q = new URLSearchParams({
    client_id: sim.clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: `openid email ${SEND}`,
    state: 'etat-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    access_type: 'offline',
    prompt: 'consent',
    login_hint: 'marie@gmail.com',
  });
  for (const [k, v] of Object.entries(over))
    if (v === null) q.delete(k);
    else q.set(k, v);
  return `${sim.authUrl}?${q}`;
}

async function token(form: Record<string, string>) {
  const res = await fetch(sim.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({ client_id: sim.clientId, client_secret: sim.clientSecret, ...form }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function codeFor(email = 'marie@gmail.com') {
  const p = pkce();
  const loc = new URL(await approveConsent(consentUrl({}, p.challenge), { email }));
  return { code: loc.searchParams.get('code')!, verifier: p.verifier, loc };
}

async function linked(email = 'marie@gmail.com') {
  const { code, verifier } = await codeFor(email);
  const r = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
  expect(r.status).toBe(200);
  return r.body as { access_token: string; refresh_token: string; id_token: string; scope: string; expires_in: number; token_type: string };
}

describe('Google simulator: consent page', () => {
  it('shows the account (login_hint prefilled), the scopes, Allow and Deny', async () => {
    const res = await fetch(consentUrl({ hl: 'fr-CA' }));
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('value="marie@gmail.com"');
    expect(html).toContain(SEND);
    expect(html).toContain('Autoriser');
    expect(html).toContain('Refuser');
    expect(html).toContain('SANDBOX');
  });

  it('refuses a wrong client, a non-loopback redirect, no PKCE or plain PKCE, a scope beyond the three', async () => {
    const cases: Array<[Record<string, string | null>, number, string]> = [
      [{ client_id: 'autre.apps.googleusercontent.com' }, 401, 'invalid_client'],
      [{ redirect_uri: 'http://localhost:45678/oauth2callback' }, 400, 'redirect_uri_mismatch'],
      [{ redirect_uri: 'https://exemple.com/oauth2callback' }, 400, 'redirect_uri_mismatch'],
      [{ redirect_uri: 'http://127.0.0.1:45678/ailleurs' }, 400, 'redirect_uri_mismatch'],
      [{ response_type: 'token' }, 400, 'unsupported_response_type'],
      [{ code_challenge_method: 'plain' }, 400, 'invalid_request'],
      [{ code_challenge: null, code_challenge_method: null }, 400, 'invalid_request'],
      [{ scope: `openid email ${SEND} https://www.googleapis.com/auth/gmail.readonly` }, 400, 'invalid_scope'],
    ];
    for (const [over, status, code] of cases) {
      const res = await fetch(consentUrl(over));
      expect([over, res.status]).toEqual([over, status]);
      expect(await res.text()).toContain(code);
    }
  });

  it('Allow redirects with code, state and the granted scope; Deny with error=access_denied', async () => {
    const loc = new URL(await approveConsent(consentUrl()));
    expect(loc.origin + loc.pathname).toBe(REDIRECT);
    expect(loc.searchParams.get('state')).toBe('etat-1');
    expect(loc.searchParams.get('code')).toMatch(/^4\/0Sim/);
    expect(loc.searchParams.get('scope')).toBe(`openid https://www.googleapis.com/auth/userinfo.email ${SEND}`);
    const denied = new URL(await approveConsent(consentUrl(), { deny: true }));
    expect(Object.fromEntries(denied.searchParams)).toEqual({ error: 'access_denied', state: 'etat-1' });
  });
});

describe('Google simulator: token endpoint', () => {
  it('exchanges a code once, with client secret, same redirect URI and the PKCE verifier', async () => {
    const { code, verifier } = await codeFor();
    expect(
      (await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, client_secret: 'faux' }))
        .status,
    ).toBe(401);
    const again = await codeFor();
    expect(
      (
        await token({
          grant_type: 'authorization_code',
          code: again.code,
          redirect_uri: 'http://127.0.0.1:1/oauth2callback',
          code_verifier: again.verifier,
        })
      ).body.error,
    ).toBe('redirect_uri_mismatch');
    const ok = await codeFor();
    const r = await token({ grant_type: 'authorization_code', code: ok.code, redirect_uri: REDIRECT, code_verifier: ok.verifier });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3599,
      scope: `openid https://www.googleapis.com/auth/userinfo.email ${SEND}`,
    });
    expect(r.body.refresh_token).toMatch(/^1\/\/0Sim/);
    const replay = await token({ grant_type: 'authorization_code', code: ok.code, redirect_uri: REDIRECT, code_verifier: ok.verifier });
    expect([replay.status, replay.body.error]).toEqual([400, 'invalid_grant']);
  });

  it('refuses a wrong PKCE verifier (and the code is spent)', async () => {
    const { code, verifier } = await codeFor();
    const wrong = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: pkce().verifier });
    expect(wrong).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid code verifier.' } });
    expect((await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier })).status).toBe(400);
  });

  it('returns an RS256 ID token with email, email_verified, aud, iss and exp, verifiable with its certificate', async () => {
    const t = await linked('Marie.Dupuis@gmail.com');
    const [h, p, s] = t.id_token.split('.') as [string, string, string];
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg: string; kid: string };
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    expect(header.alg).toBe('RS256');
    expect(claims).toMatchObject({
      email: 'Marie.Dupuis@gmail.com',
      email_verified: true,
      aud: sim.clientId,
      iss: 'https://accounts.google.com',
    });
    expect(claims.exp as number).toBeGreaterThan(Date.now() / 1000);
    const certs = (await (await fetch(sim.certsUrl)).json()) as Record<string, string>;
    expect(createVerify('RSA-SHA256').update(`${h}.${p}`).verify(certs[header.kid]!, Buffer.from(s, 'base64url'))).toBe(true);
    const jwks = (await (await fetch(sim.jwksUrl)).json()) as { keys: Array<{ kid: string }> };
    expect(jwks.keys[0]!.kid).toBe(header.kid);
  });

  it('refreshes with a refresh token (no new refresh token), refuses a revoked or unknown one', async () => {
    const t = await linked();
    const r = await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token });
    expect(r.status).toBe(200);
    expect(r.body.access_token).not.toBe(t.access_token);
    expect(r.body.refresh_token).toBeUndefined();
    expect((await token({ grant_type: 'refresh_token', refresh_token: '1//inconnu' })).body.error).toBe('invalid_grant');
    const rev = await fetch(`${sim.revokeUrl}?token=${encodeURIComponent(t.refresh_token)}`, { method: 'POST' });
    expect(rev.status).toBe(200);
    expect(sim.revocations()).toEqual([{ token: t.refresh_token, kind: 'refresh' }]);
    expect((await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token })).body.error).toBe('invalid_grant');
    expect((await fetch(`${sim.revokeUrl}?token=${encodeURIComponent(t.refresh_token)}`, { method: 'POST' })).status).toBe(400);
  });

  it('keeps grants across a restart on the same data folder', async () => {
    const t = await linked();
    await sim.close();
    sim = await startGoogleSimulator({ dataDir: dir });
    expect((await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token })).status).toBe(200);
    const state = readFileSync(path.join(dir, 'sandbox', 'google-state.json'), 'utf8');
    expect(state).not.toContain(t.refresh_token);
  });

  it('injects faults: the next N answers of an endpoint, or down until cleared', async () => {
    const t = await linked();
    sim.setFault('token', { status: 503, count: 1 });
    expect((await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token })).status).toBe(503);
    expect((await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token })).status).toBe(200);
    sim.setFault('token', { drop: true });
    await expect(token({ grant_type: 'refresh_token', refresh_token: t.refresh_token })).rejects.toThrow();
    await expect(token({ grant_type: 'refresh_token', refresh_token: t.refresh_token })).rejects.toThrow();
    sim.clearFaults();
    expect((await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token })).status).toBe(200);
    expect(sim.calls('token').map((c) => c.status)).toEqual([200, 503, 200, 0, 0, 200]);
  });
});

describe('Google simulator: Gmail send', () => {
  const RAW = 'From: marie@gmail.com\r\nTo: luc@qc.example.com\r\nSubject: Rapport\r\n\r\nBonjour\r\n';

  async function gmailClient(accessToken: string) {
    const { OAuth2Client } = await import('google-auth-library');
    const auth = new OAuth2Client();
    auth.setCredentials({ access_token: accessToken, expiry_date: Date.now() + 3600_000 });
    const { gmail } = await import('@googleapis/gmail');
    return gmail({ version: 'v1', auth });
  }

  it('accepts the media upload (message/rfc822) and the multipart upload of the generated client, and stores .eml files', async () => {
    const t = await linked();
    const api = await gmailClient(t.access_token);
    const media = await api.users.messages.send(
      { userId: 'me', media: { mimeType: 'message/rfc822', body: RAW } },
      { rootUrl: sim.gmailApiUrl },
    );
    expect(media.data).toMatchObject({ labelIds: ['SENT'] });
    const multi = await api.users.messages.send(
      { userId: 'me', requestBody: { threadId: 'fil-1' }, media: { mimeType: 'message/rfc822', body: RAW } },
      { rootUrl: sim.gmailApiUrl },
    );
    expect(multi.data.threadId).toBe('fil-1');
    const got = sim.received();
    expect(got.map((m) => m.uploadType)).toEqual(['media', 'multipart']);
    expect(got.map((m) => m.id)).toEqual([media.data.id, multi.data.id]);
    for (const m of got) {
      expect(path.dirname(m.file)).toBe(sim.messagesDir);
      expect(m.file.endsWith('.eml')).toBe(true);
      expect(readFileSync(m.file, 'utf8')).toBe(RAW);
      expect(m.account).toBe('marie@gmail.com');
    }
  });

  it('requires a valid Bearer token with gmail.send, and a recipient', async () => {
    const url = `${sim.gmailApiUrl}upload/gmail/v1/users/me/messages/send?uploadType=media`;
    const post = (auth: string | null, body = RAW) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'message/rfc822', ...(auth ? { authorization: auth } : {}) }, body });
    expect((await post(null)).status).toBe(401);
    expect((await post('Bearer ya29.faux')).status).toBe(401);
    const t = await linked();
    expect((await post(`Bearer ${t.access_token}`, 'Subject: sans destinataire\r\n\r\nx')).status).toBe(400);
    expect((await post(`Bearer ${t.access_token}`)).status).toBe(200);
    sim.expireAccessTokens();
    expect((await post(`Bearer ${t.access_token}`)).status).toBe(401);

    // A grant without gmail.send (the box unticked on the consent page) cannot send.
    const p = pkce();
    const loc = new URL(await approveConsent(consentUrl({}, p.challenge), { withoutSend: true }));
    const noSend = await token({
      grant_type: 'authorization_code',
      code: loc.searchParams.get('code')!,
      redirect_uri: REDIRECT,
      code_verifier: p.verifier,
    });
    expect(noSend.body.scope).not.toContain(SEND);
    expect((await post(`Bearer ${noSend.body.access_token as string}`)).status).toBe(403);
  });

  it('injects Gmail faults: 429 then success; a failure after the message was stored', async () => {
    const t = await linked();
    const url = `${sim.gmailApiUrl}upload/gmail/v1/users/me/messages/send?uploadType=media`;
    const post = () =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${t.access_token}` }, body: RAW });
    sim.setFault('gmail', { status: 429, count: 1, retryAfter: 1 });
    const limited = await post();
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '1']);
    expect(sim.received()).toHaveLength(0);
    expect((await post()).status).toBe(200);
    sim.setFault('gmail', { status: 500, count: 1, afterStore: true });
    expect((await post()).status).toBe(500);
    expect(sim.received()).toHaveLength(2);
  });
});
