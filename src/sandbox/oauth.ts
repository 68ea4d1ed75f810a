// The token, revoke and certificate endpoints: codes exchanged once with the client
// secret, the same redirect URI and the PKCE verifier; refresh tokens that can be
// revoked (Google revokes the whole grant); RS256 ID tokens verifiable with the certs.
import { createSign, generateKeyPairSync, randomBytes, createHash, type KeyObject } from 'node:crypto';
import type http from 'node:http';
import { SIM_CLIENT_ID } from './consent.js';
import { readBody, send, type RecordCall } from './http.js';
import { ACCESS_TTL_S, b64url, hash, random, type SimRevocation, type SimStore } from './state.js';

// Like a Desktop-app client secret, this one is not a secret: it ships with the program.
export const SIM_CLIENT_SECRET = 'GOCSPX-prextra-sandbox-simulator';
export const SIM_ISSUER = 'https://accounts.google.com';

export interface OAuthEndpoints {
  token(req: http.IncomingMessage, res: http.ServerResponse, record: RecordCall): Promise<void>;
  revoke(req: http.IncomingMessage, url: URL, res: http.ServerResponse, record: RecordCall): Promise<void>;
  /** GET /oauth2/v1/certs (PEM by key id) or /oauth2/v3/certs (JWKS). */
  certs(pathname: string, res: http.ServerResponse, record: RecordCall): void;
  /** Key id → PEM public key that signs the ID tokens. */
  idTokenCerts(): Record<string, string>;
}

export function createOAuthEndpoints(store: SimStore): OAuthEndpoints {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('hex');
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as Record<string, string>), kid, alg: 'RS256', use: 'sig' };

  async function token(req: http.IncomingMessage, res: http.ServerResponse, record: RecordCall): Promise<void> {
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
      const c = store.codes.get(code);
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
      const state = store.load();
      let refreshToken: string | undefined;
      let grantHash = '';
      if (c.offline) {
        refreshToken = `1//0Sim${random(48)}`;
        grantHash = hash(refreshToken);
        state.grants[grantHash] = { email: c.email, scope: c.scope, clientId, createdAt: new Date().toISOString(), revoked: false };
      }
      const accessToken = store.issueAccess(state, c.email, c.scope, grantHash);
      store.save(state);
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
      const state = store.load();
      const g = state.grants[hash(rt)];
      if (!g || g.revoked) return reply(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      if (g.clientId !== clientId) return reply(400, { error: 'unauthorized_client', error_description: 'Unauthorized' });
      const accessToken = store.issueAccess(state, g.email, g.scope, hash(rt));
      store.save(state);
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

  async function revoke(req: http.IncomingMessage, url: URL, res: http.ServerResponse, record: RecordCall): Promise<void> {
    const form = new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'));
    const tok = url.searchParams.get('token') ?? form.get('token') ?? '';
    const state = store.load();
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
    store.revocations.push({ token: tok, kind });
    if (kind === 'unknown') {
      record(400);
      return send(res, 400, { error: 'invalid_token', error_description: 'Token expired or revoked' });
    }
    // Google revokes the whole grant: the refresh token and every access token from it.
    if (grantHash && state.grants[grantHash]) {
      state.grants[grantHash]!.revoked = true;
      for (const [k, a] of Object.entries(state.access)) if (a.grant === grantHash) delete state.access[k];
    }
    store.save(state);
    record(200);
    send(res, 200, {});
  }

  function certs(pathname: string, res: http.ServerResponse, record: RecordCall): void {
    record(200);
    send(res, 200, pathname.startsWith('/oauth2/v1') ? { [kid]: pem } : { keys: [jwk] });
  }

  return { token, revoke, certs, idTokenCerts: () => ({ [kid]: pem }) };
}
