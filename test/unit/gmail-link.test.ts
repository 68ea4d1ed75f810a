import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { googleTestDb } from '../helpers/googleTestDb.js';
import { rejection } from '../helpers/rejection.js';
import { approveConsent, openRedirect, simEnv, waitFor, sandboxGoogle } from '../helpers/google.js';
import {
  getAuthorizedClient,
  linkInfo,
  revokeLink,
  revokeLinkOfUser,
  startLink,
  testLink,
  type LinkAttempt,
} from '../../src/services/gmail/index.js';
import { readTokens } from '../../src/services/gmail/tokenStore.js';
import { AppError } from '../../src/services/errors.js';
import { errorMessage } from '../../src/services/i18n/index.js';
import { setConfig } from '../../src/services/config.js';

const t = googleTestDb();
const EMAIL = 'jtremblay@mtl.example.com';

const start = (extra: Partial<Parameters<typeof startLink>[2]> = {}) => startLink(t.db, t.me, { google: t.google, ...extra });

async function linkThroughLoopback(actor = t.me): Promise<void> {
  const a = await startLink(t.db, actor, { google: t.google });
  const page = await openRedirect(await approveConsent(a.url));
  expect(page.status).toBe(200);
  await a.result;
}

const failure = (p: Promise<unknown>) => rejection<AppError>(p, AppError);

async function storedRefreshToken(): Promise<string> {
  return (await readTokens(t.db, t.me.id))!.refreshToken!;
}

describe('linking a Gmail account (real google-auth-library against the simulator)', () => {
  it('asks Google for PKCE S256, a random state and exactly the three scopes, then links through the loopback', async () => {
    const a = await start();
    const u = new URL(a.url);
    expect(u.origin + u.pathname).toBe(t.sim.authUrl);
    const q = u.searchParams;
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')!.length).toBeGreaterThanOrEqual(32);
    expect(q.get('scope')).toBe('openid email https://www.googleapis.com/auth/gmail.send');
    expect(q.get('access_type')).toBe('offline');
    expect(q.get('prompt')).toBe('consent');
    expect(q.get('login_hint')).toBe(EMAIL);
    expect(q.get('redirect_uri')).toBe(`http://127.0.0.1:${a.port}/oauth2callback`);
    expect(a.browserLaunched).toBe(false);
    expect(a.noBrowserReason).toBe('disabled');
    expect(a.sshHint).toBeNull();

    const second = await start();
    expect(new URL(second.url).searchParams.get('state')).not.toBe(q.get('state'));
    second.cancel();

    const page = await openRedirect(await approveConsent(a.url));
    expect(page.status).toBe(200);
    expect(page.text).toContain('retourner au terminal');
    const info = await a.result;
    expect(info).toMatchObject({ address: EMAIL, status: 'linked', lastError: null });
    expect(info.scopes).toContain('https://www.googleapis.com/auth/gmail.send');
    expect(await linkInfo(t.db, t.me)).toMatchObject({ address: EMAIL, status: 'linked' });
    // One callback, then the listener is closed.
    await expect(fetch(`http://127.0.0.1:${a.port}/oauth2callback`)).rejects.toThrow();
    const audit = await t.db('audit_log').where({ entity: 'gmail', action: 'link' }).first();
    expect(audit).toMatchObject({ entity_key: 'jtremblay', new_value: EMAIL });
  });

  it('keeps the refresh token encrypted at rest: not found in clear in the database files', async () => {
    await linkThroughLoopback();
    const rt = await storedRefreshToken();
    expect(rt).toMatch(/^1\/\/0Sim/);
    const row = await t.db('mail_accounts').where({ user_id: t.me.id }).first();
    expect(row.refresh_token_enc).toMatch(/^v2\./);
    await t.db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    for (const f of [t.file, `${t.file}-wal`]) {
      if (!existsSync(f)) continue;
      const bytes = readFileSync(f);
      expect(bytes.includes(Buffer.from(rt))).toBe(false);
      expect(bytes.includes(Buffer.from(rt.slice(4, 30)))).toBe(false);
    }
  });

  it('accepts the whole redirected address pasted back, and refuses a malformed one without ending the attempt', async () => {
    const a = await start();
    expect(() => a.submitPasted('bonjour')).toThrow(AppError);
    expect(
      errorMessage(
        catchSync(() => a.submitPasted('http://127.0.0.1:1/ailleurs?code=x&state=y')),
        'fr',
      ),
    ).toMatch(/adresse complète/);
    a.submitPasted(`  ${await approveConsent(a.url)}  `);
    expect((await a.result).address).toBe(EMAIL);
    expect(catchSync(() => a.submitPasted('http://127.0.0.1:1/oauth2callback?code=x&state=y')).key).toBe('gmail.attemptOver');
  });

  it('ignores a loopback callback with another state (error page) and keeps waiting for its own', async () => {
    const a = await start();
    const good = await approveConsent(a.url);
    const forged = new URL(good);
    forged.searchParams.set('state', 'autre-tentative');
    const page = await openRedirect(forged.toString());
    expect(page.status).toBe(400);
    expect(page.text).toContain('autre tentative');
    expect((await openRedirect(good)).status).toBe(200);
    expect((await a.result).status).toBe('linked');
  });

  it('refuses an address pasted from another attempt with a clear sentence; each attempt stays independent', async () => {
    const first = await start();
    const second = await start();
    const fromFirst = await approveConsent(first.url);
    const e = catchSync(() => second.submitPasted(fromFirst));
    expect(e.key).toBe('gmail.pasteOtherAttempt');
    expect(errorMessage(e, 'fr')).toMatch(/autre tentative/);
    second.cancel();
    expect((await failure(second.result)).key).toBe('gmail.cancelled');
    first.submitPasted(fromFirst);
    expect((await first.result).address).toBe(EMAIL);
  });

  it('refuses a replayed code (single use), leaving the previous link intact', async () => {
    await linkThroughLoopback();
    const before = await storedRefreshToken();
    const a = await start();
    const location = await approveConsent(a.url);
    const code = new URL(location).searchParams.get('code')!;
    // Someone else spends the code first.
    const spent = await fetch(t.sim.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        client_id: t.sim.clientId,
        client_secret: t.sim.clientSecret,
        redirect_uri: a.redirectUri,
        code_verifier: 'x'.repeat(43),
      }),
    });
    expect(spent.status).toBe(400);
    a.submitPasted(location);
    const e = await failure(a.result);
    expect(e.key).toBe('gmail.codeRejected');
    expect(await storedRefreshToken()).toBe(before);
    expect((await linkInfo(t.db, t.me))!.status).toBe('linked');
  });

  it('refuses a Google account other than Courriel: nothing stored, previous link intact, new grant withdrawn', async () => {
    await linkThroughLoopback();
    const before = await storedRefreshToken();
    const a = await start();
    const page = await openRedirect(await approveConsent(a.url, { email: 'quelquun.dautre@gmail.com' }));
    expect(page.status).toBe(400);
    const e = await failure(a.result);
    expect(e.key).toBe('gmail.wrongAccount');
    expect(errorMessage(e, 'fr')).toContain('quelquun.dautre@gmail.com');
    expect(errorMessage(e, 'fr')).toContain(EMAIL);
    expect(await storedRefreshToken()).toBe(before);
    expect((await linkInfo(t.db, t.me))!.address).toBe(EMAIL);
    await waitFor(() => t.sim.revocations().some((r) => r.kind === 'refresh'));
  });

  it('accepts the account whatever the case of the address', async () => {
    const a = await start();
    await openRedirect(await approveConsent(a.url, { email: EMAIL.toUpperCase() }));
    expect((await a.result).address).toBe(EMAIL.toUpperCase());
  });

  it('ends on Deny with one sentence and the previous link intact', async () => {
    await linkThroughLoopback();
    const a = await start();
    const location = await approveConsent(a.url, { deny: true });
    expect(new URL(location).searchParams.get('error')).toBe('access_denied');
    const page = await openRedirect(location);
    expect(page.text).toContain('refusé');
    expect((await failure(a.result)).key).toBe('gmail.denied');
    expect((await linkInfo(t.db, t.me))!.status).toBe('linked');
  });

  it('refuses a consent without the gmail.send permission', async () => {
    const a = await start();
    await openRedirect(await approveConsent(a.url, { withoutSend: true }));
    expect((await failure(a.result)).key).toBe('gmail.scopeMissing');
    expect(await linkInfo(t.db, t.me)).toBeNull();
  });

  it('times out, closes the listener and changes nothing', async () => {
    const a = await start({ timeoutMs: 150 });
    const e = await failure(a.result);
    expect(e.key).toBe('gmail.timeout');
    expect(errorMessage(e, 'fr')).toMatch(/Aucune réponse de Google/);
    await expect(fetch(`http://127.0.0.1:${a.port}/oauth2callback`)).rejects.toThrow();
    expect(await linkInfo(t.db, t.me)).toBeNull();
  });

  it('uses a fixed port (option, PRX_OAUTH_PORT, Configuration) with an ssh -L hint, and says when it is in use', async () => {
    const blocker = http.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const busy = (blocker.address() as AddressInfo).port;
    try {
      const e = await failure(start({ port: busy }));
      expect(e.key).toBe('gmail.portInUse');
      expect(errorMessage(e, 'fr')).toContain(String(busy));
      await new Promise<void>((r) => blocker.close(() => r()));
      const a = await start({ google: { ...t.google, env: simEnv(t.sim, { PRX_OAUTH_PORT: String(busy), USER: 'tech' }) } });
      expect(a.port).toBe(busy);
      expect(a.sshHint).toMatch(new RegExp(`^ssh -L ${busy}:127\\.0\\.0\\.1:${busy} tech@\\S+$`));
      a.cancel();
      await failure(a.result);
      await setConfig(t.db, null, 'OAuthCallbackPort', String(busy));
      const b = await start();
      expect(b.port).toBe(busy);
      b.cancel();
      expect((await failure(start({ port: 80 }))).key).toBe('gmail.badPort');
    } finally {
      if (blocker.listening) blocker.close();
    }
  });

  it('says when the token endpoint is down (5xx or unreachable); the previous link stays', async () => {
    await linkThroughLoopback();
    const before = await storedRefreshToken();
    t.sim.setFault('token', { status: 503 });
    const a = await start();
    await openRedirect(await approveConsent(a.url));
    const e = await failure(a.result);
    expect(e.key).toBe('gmail.googleUnavailable');
    expect(errorMessage(e, 'fr')).not.toMatch(/4\/0Sim|1\/\/|ya29/);
    t.sim.clearFaults();

    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const b = await start({ google: { ...t.google, env: simEnv(t.sim, { PRX_GOOGLE_TOKEN_URL: `http://127.0.0.1:${deadPort}/token` }) } });
    b.submitPasted(await approveConsent(b.url));
    expect((await failure(b.result)).key).toBe('gmail.googleUnreachable');
    expect(await storedRefreshToken()).toBe(before);
  });

  it('needs a Courriel and an OAuth client, each with a sentence saying what to do', async () => {
    await t.db('users').where({ id: t.me.id }).update({ email: '' });
    const e = await failure(start());
    expect(e.key).toBe('gmail.noEmail');
    expect(errorMessage(e, 'fr')).toContain('Utilisateurs');
    await t.db('users').where({ id: t.me.id }).update({ email: EMAIL });

    const noClient = { ...simEnv(t.sim) };
    delete noClient.PRX_GOOGLE_CLIENT_ID;
    delete noClient.PRX_GOOGLE_CLIENT_SECRET;
    const n = await failure(start({ google: { ...t.google, env: noClient } }));
    expect(n.key).toBe('gmail.noClient');
    expect(errorMessage(n, 'fr')).toMatch(/GmailClientId.*GmailClientSecret/);
    // The client entered in Configuration is used when the environment has none.
    await setConfig(t.db, null, 'GmailClientId', t.sim.clientId);
    await setConfig(t.db, null, 'GmailClientSecret', t.sim.clientSecret);
    const a = await start({ google: { ...t.google, env: noClient } });
    await openRedirect(await approveConsent(a.url));
    expect((await a.result).status).toBe('linked');
  });

  it('refuses a key file readable by others (0644) with a sentence naming the fix', async () => {
    await linkThroughLoopback();
    const keyFile = path.join(process.env.PRX_CONFIG_DIR!, 'secret.key');
    expect(readFileSync(keyFile, 'utf8').trim().length).toBeGreaterThan(40);
    chmodSync(keyFile, 0o644);
    const e = await failure(testLink(t.db, t.me, t.google));
    expect(e.key).toBe('errors.secretKeyMode');
    expect(errorMessage(e, 'fr')).toContain('chmod 600');
    chmodSync(keyFile, 0o600);
    expect((await testLink(t.db, t.me, t.google)).status).toBe('linked');
  });
});

describe('using a link', () => {
  it('Tester refreshes the access token and merges it, keeping the stored refresh token', async () => {
    await linkThroughLoopback();
    const before = (await readTokens(t.db, t.me.id))!;
    const infoBefore = (await linkInfo(t.db, t.me))!;
    await new Promise((r) => setTimeout(r, 5));
    const info = await testLink(t.db, t.me, t.google);
    const after = (await readTokens(t.db, t.me.id))!;
    expect(after.refreshToken).toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(info.lastRefreshAt! > infoBefore.lastRefreshAt!).toBe(true);
    expect(t.sim.calls('token').filter((c) => c.grantType === 'refresh_token' && c.status === 200)).toHaveLength(1);
  });

  it('merges tokens the library refreshes on its own (tokens event), never erasing the refresh token', async () => {
    await linkThroughLoopback();
    const rt = await storedRefreshToken();
    // A stale stored access token: getAuthorizedClient refreshes first.
    await t
      .db('mail_accounts')
      .where({ user_id: t.me.id })
      .update({ access_token_expires_at: new Date(Date.now() - 1000).toISOString() });
    const { client, address, gmailApiUrl } = await getAuthorizedClient(t.db, t.me, t.google);
    expect(address).toBe(EMAIL);
    expect(gmailApiUrl).toBe(t.sim.gmailApiUrl);
    const afterEager = (await readTokens(t.db, t.me.id))!;
    expect(afterEager.refreshToken).toBe(rt);
    expect(afterEager.expiryDate!).toBeGreaterThan(Date.now());
    // Later, the library refreshes by itself during a long send.
    client.credentials.expiry_date = 1;
    const { token } = await client.getAccessToken();
    expect(token).not.toBe(afterEager.accessToken);
    let stored = afterEager.accessToken;
    const deadline = Date.now() + 3000;
    while (stored !== token && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      stored = (await readTokens(t.db, t.me.id))!.accessToken;
    }
    expect(stored).toBe(token);
    expect((await readTokens(t.db, t.me.id))!.refreshToken).toBe(rt);
  });

  it('sends through the Gmail media upload endpoint with the authorised client', async () => {
    await linkThroughLoopback();
    const { client, gmailApiUrl } = await getAuthorizedClient(t.db, t.me, t.google);
    const { gmail } = await import('@googleapis/gmail');
    const api = gmail({ version: 'v1', auth: client });
    const raw = `From: ${EMAIL}\r\nTo: sroy@qc.example.com\r\nSubject: Essai\r\n\r\nBonjour\r\n`;
    const res = await api.users.messages.send(
      { userId: 'me', requestBody: {}, media: { mimeType: 'message/rfc822', body: raw } },
      { rootUrl: gmailApiUrl },
    );
    expect(res.data.labelIds).toEqual(['SENT']);
    const got = t.sim.received();
    expect(got).toHaveLength(1);
    expect(got[0]!.account).toBe(EMAIL);
    expect(readFileSync(got[0]!.file, 'utf8')).toContain('Subject: Essai');
  });

  it('a token revoked at Google turns the link into needs_relink with one sentence; the mail waits', async () => {
    await linkThroughLoopback();
    expect(t.sim.revokeAccountGrants(EMAIL)).toBe(1);
    const e = await failure(testLink(t.db, t.me, t.google));
    expect(e.key).toBe('gmail.needsRelink');
    expect(errorMessage(e, 'fr')).toMatch(/reconnectez/);
    expect(await linkInfo(t.db, t.me)).toMatchObject({ status: 'needs_relink', lastError: 'gmail.needsRelink' });
    expect((await failure(getAuthorizedClient(t.db, t.me, t.google))).key).toBe('gmail.needsRelink');
    // Relinking makes it usable again.
    await linkThroughLoopback();
    expect((await testLink(t.db, t.me, t.google)).status).toBe('linked');
  });

  it('Révoquer sends the refresh token to the revoke endpoint, then deletes the tokens', async () => {
    await linkThroughLoopback();
    const rt = await storedRefreshToken();
    const info = await revokeLink(t.db, t.me, t.google);
    expect(info.status).toBe('revoked');
    expect(t.sim.revocations()).toEqual([{ token: rt, kind: 'refresh' }]);
    expect(await readTokens(t.db, t.me.id)).toEqual({ refreshToken: null, accessToken: null, expiryDate: null });
    expect((await failure(getAuthorizedClient(t.db, t.me, t.google))).key).toBe('gmail.notLinked');
    expect((await failure(revokeLink(t.db, t.me, t.google))).key).toBe('gmail.notLinked');
    // Google refuses the revoked token too.
    const r = await fetch(t.sim.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: rt,
        client_id: t.sim.clientId,
        client_secret: t.sim.clientSecret,
      }),
    });
    expect(((await r.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('Google unreachable for a revocation: the link withdrawn here all the same, and said so; deactivation never fails on it', async () => {
    await linkThroughLoopback();
    t.sim.setFault('revoke', { status: 503 });
    // (The token waits for Google: gmail-revoke-order.test.ts.)
    expect((await failure(revokeLink(t.db, t.me, t.google))).key).toBe('gmail.revokePending');
    expect((await linkInfo(t.db, t.me))!.status).toBe('revoked');
    expect(await revokeLinkOfUser(t.db, t.me.id, null, t.google)).toBeNull();
    await linkThroughLoopback();
    expect(await revokeLinkOfUser(t.db, t.me.id, null, t.google)).toEqual({ revokedAtGoogle: false });
    expect((await linkInfo(t.db, t.me))!.status).toBe('revoked');
  });

  it('another user’s link: readable with Utilisateurs › lecture, revocable with › modification', async () => {
    await linkThroughLoopback();
    const admin = await t.actor('admin');
    const support = await t.actor('support');
    const clerk = await t.actor('sroy');
    expect((await linkInfo(t.db, admin, 'jtremblay'))!.address).toBe(EMAIL);
    expect((await linkInfo(t.db, support, 'jtremblay'))!.address).toBe(EMAIL);
    expect((await failure(linkInfo(t.db, clerk, 'jtremblay'))).key).toBe('errors.forbidden');
    expect((await failure(revokeLink(t.db, support, t.google, 'jtremblay'))).key).toBe('errors.forbidden');
    expect((await revokeLink(t.db, admin, t.google, 'jtremblay')).status).toBe('revoked');
  });
});

describe('sandbox mode', () => {
  it('starts the simulator itself, verifies its signed ID token and links', async () => {
    t.google = sandboxGoogle(t.dir, { PRX_NO_BROWSER: '1' });
    const a: LinkAttempt = await startLink(t.db, t.me, { google: t.google });
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/o\/oauth2\/v2\/auth\?/);
    expect(new URL(a.url).port).not.toBe(String(t.sim.port));
    a.submitPasted(await approveConsent(a.url));
    expect((await a.result).address).toBe(EMAIL);
    expect((await testLink(t.db, t.me, t.google)).status).toBe('linked');
  });
});

function catchSync(fn: () => void): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected an AppError');
}
