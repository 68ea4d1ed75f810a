// completeLink: what Google's tokens must prove before they become a user's Gmail link,
// without any HTTP (the attempt exchanges the code; here the tokens are made by hand, as
// real Google returns them: an ID token read without fetching certificates).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestDb, type TestDb } from '../helpers/db.js';
import {
  completeLink,
  DEFAULT_GOOGLE_ENDPOINTS,
  GMAIL_SEND_SCOPE,
  type Credentials,
  type GoogleEnvironment,
} from '../../src/services/gmail/index.js';
import { readLink, readTokens, saveLink } from '../../src/services/gmail/tokenStore.js';
import { AppError } from '../../src/services/errors.js';
import { errorMessage } from '../../src/services/i18n/index.js';
import type { Actor } from '../../src/services/rights.js';

const CLIENT_ID = 'console.apps.googleusercontent.com';
const EMAIL = 'jtremblay@mtl.example.com';
const GENV: GoogleEnvironment = {
  sandbox: false,
  ...DEFAULT_GOOGLE_ENDPOINTS,
  client: { clientId: CLIENT_ID, clientSecret: 'secret', source: 'env' },
  idTokenCerts: null,
  simulator: null,
  env: {},
};

/** An ID token as Google's token endpoint returns it (the signature is not checked over TLS). */
function idToken(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const payload = { iss: 'https://accounts.google.com', aud: CLIENT_ID, exp: Math.floor(Date.now() / 1000) + 3600, ...claims };
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;
}

function tokens(email = EMAIL, extra: Partial<Credentials> = {}): Credentials {
  return {
    refresh_token: `1//refresh-${email}`,
    access_token: `ya29.access-${email}`,
    expiry_date: Date.now() + 3_600_000,
    scope: `openid https://www.googleapis.com/auth/userinfo.email ${GMAIL_SEND_SCOPE}`,
    id_token: idToken({ email, email_verified: true }),
    ...extra,
  };
}

let t: TestDb;
let me: Actor;
let revoked: string[];
const check = (over: Partial<Parameters<typeof completeLink>[3]> = {}) => ({
  genv: GENV,
  clientId: CLIENT_ID,
  revoke: async (token: string) => void revoked.push(token),
  ...over,
});
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('accepted');
    },
    (e: unknown) => e as AppError,
  );
const auditRows = () =>
  t.db('audit_log').where({ entity: 'gmail', entity_key: 'jtremblay' }).orderBy('id').select('action', 'old_value', 'new_value');

beforeEach(async () => {
  t = await makeTestDb();
  me = await t.actor('jtremblay');
  revoked = [];
});
afterEach(async () => {
  await t.close();
});

describe('completeLink (the tokens of a consent become the link)', () => {
  it('saves the link with its tokens encrypted and one audit row; nothing is revoked', async () => {
    const info = await completeLink(t.db, me, tokens(), check());
    expect(info).toMatchObject({ address: EMAIL, status: 'linked' });
    expect(info.scopes).toContain(GMAIL_SEND_SCOPE);
    expect(await readTokens(t.db, me.id)).toMatchObject({ refreshToken: `1//refresh-${EMAIL}`, accessToken: `ya29.access-${EMAIL}` });
    const row = await t.db('mail_accounts').where({ user_id: me.id }).first();
    expect(JSON.stringify(row)).not.toContain('1//refresh');
    expect(await auditRows()).toEqual([{ action: 'link', old_value: null, new_value: EMAIL }]);
    expect(revoked).toEqual([]);
  });

  it('another Google account than Courriel: refused in one sentence, nothing stored, its tokens withdrawn', async () => {
    const e = await refusal(completeLink(t.db, me, tokens('autre@gmail.com'), check()));
    expect(e.key).toBe('gmail.wrongAccount');
    expect(errorMessage(e, 'fr')).toContain('autre@gmail.com');
    expect(errorMessage(e, 'fr')).toContain(EMAIL);
    expect(await readLink(t.db, me.id)).toBeNull();
    expect(await auditRows()).toEqual([]);
    expect(revoked).toEqual(['1//refresh-autre@gmail.com']);
  });

  it('gmail.send not granted, no refresh token, an unverified address, a foreign audience: each refused, nothing stored', async () => {
    const cases: [Credentials, string][] = [
      [tokens(EMAIL, { scope: 'openid email' }), 'gmail.scopeMissing'],
      [tokens(EMAIL, { refresh_token: null }), 'gmail.noRefreshToken'],
      [tokens(EMAIL, { id_token: idToken({ email: EMAIL, email_verified: false }) }), 'gmail.emailUnverified'],
      [tokens(EMAIL, { id_token: idToken({ email: EMAIL, email_verified: true, aud: 'someone-else' }) }), 'gmail.idTokenInvalid'],
    ];
    for (const [given, key] of cases) expect((await refusal(completeLink(t.db, me, given, check()))).key, key).toBe(key);
    expect(await readLink(t.db, me.id)).toBeNull();
    expect(await auditRows()).toEqual([]);
  });

  it('an attempt already over (cancelled) saves nothing', async () => {
    const e = await refusal(completeLink(t.db, me, tokens(), check({ isOver: () => true })));
    expect(e.key).toBe('gmail.cancelled');
    expect(await readLink(t.db, me.id)).toBeNull();
  });

  it('a new account replaces the linked one: the old refresh token is revoked once the new link is saved', async () => {
    await saveLink(t.db, me.id, { address: 'old@mtl.example.com', scopes: [GMAIL_SEND_SCOPE], refreshToken: '1//old' });
    const info = await completeLink(t.db, me, tokens(), check());
    expect(info.address).toBe(EMAIL);
    expect((await readTokens(t.db, me.id))!.refreshToken).toBe(`1//refresh-${EMAIL}`);
    expect(revoked).toEqual(['1//old']);
    expect(await auditRows()).toEqual([
      { action: 'link', old_value: 'old@mtl.example.com', new_value: EMAIL },
      { action: 'revoke', old_value: 'old@mtl.example.com', new_value: null },
    ]);
  });

  it('a failed revocation of the replaced account keeps the new link', async () => {
    await saveLink(t.db, me.id, { address: 'old@mtl.example.com', scopes: [GMAIL_SEND_SCOPE], refreshToken: '1//old' });
    const info = await completeLink(
      t.db,
      me,
      tokens(),
      check({
        revoke: async () => {
          throw new Error('unreachable');
        },
      }),
    );
    expect(info.status).toBe('linked');
    expect((await readLink(t.db, me.id))!.address).toBe(EMAIL);
  });
});
