// Revoking at Google and the local change, in an order that leaves no lie behind
// (README "Revoking, re-linking and the order of things"): a database that refuses the
// change leaves the link as it was and its token valid at Google; Google unreachable
// leaves the link withdrawn here and the token waiting, kept encrypted, until Google has
// revoked it (at the next start-up or login, or the next revocation).
import { afterEach, describe, expect, it } from 'vitest';
import { approveConsent, openRedirect } from '../helpers/google.js';
import { googleAccepts, googleTestDb } from '../helpers/googleTestDb.js';
import { revokeLink, startLink } from '../../src/services/gmail/index.js';
import { readLink, readTokens } from '../../src/services/gmail/tokenStore.js';
import { revokeLinksOfBarredUsers } from '../../src/services/access.js';
import { errorMessage } from '../../src/services/i18n/index.js';
import { randomBytes } from 'node:crypto';
import { rotateSecretKey } from '../../src/services/sharedKey.js';

const t = googleTestDb();
afterEach(() => {
  delete process.env.PRX_SECRET_KEY;
});

/** Links jtremblay's Gmail; the refresh token Google gave. */
async function link(): Promise<string> {
  await t.link();
  return (await readTokens(t.db, t.me.id))!.refreshToken!;
}

/** The database refuses every change to the Gmail links (as a full disk would), with SQLite's own refusal. */
async function linksRefused(): Promise<() => Promise<void>> {
  await t.db.raw(`CREATE TRIGGER refuse_links BEFORE UPDATE ON mail_accounts BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
  return async () => void (await t.db.raw('DROP TRIGGER refuse_links'));
}

describe('Révoquer: the local change first, then Google', () => {
  it('a database that refuses the change: the link stays, and its token stays valid at Google', async () => {
    const token = await link();
    const allow = await linksRefused();
    const e = await revokeLink(t.db, t.me, t.google).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Error);
    expect(errorMessage(e, 'fr')).not.toMatch(/SQLITE|RAISE|update/);
    await allow();
    expect((await readLink(t.db, t.me.id))!.status).toBe('linked');
    expect(t.sim.revocations()).toEqual([]);
    expect(await googleAccepts(t.sim, token)).toBe(true);
  });

  it('Google unreachable: withdrawn here at once, said so, and revoked at Google at the next start-up', async () => {
    const token = await link();
    t.sim.setFault('revoke', { status: 503 });
    const e = await revokeLink(t.db, t.me, t.google).catch((x: unknown) => x);
    expect(errorMessage(e, 'fr')).toMatch(/retirée ici.*Google.*prochain démarrage/);
    expect((await readLink(t.db, t.me.id))!.status).toBe('revoked');
    expect(await readTokens(t.db, t.me.id)).toMatchObject({ refreshToken: null, accessToken: null });
    expect(await googleAccepts(t.sim, token)).toBe(true); // not yet: Google did not answer
    // Google answers again; the next start-up (or CLI login) finishes the revocation.
    t.sim.setFault('revoke', null);
    await revokeLinksOfBarredUsers(t.db, t.google);
    expect(await googleAccepts(t.sim, token)).toBe(false);
    expect(await t.db('gmail_revocations').count({ n: '*' }).first()).toMatchObject({ n: 0 });
  });

  it('a token waiting for Google survives a key rotation (secret rotate re-encrypts it too)', async () => {
    const token = await link();
    t.sim.setFault('revoke', { status: 503 });
    await revokeLink(t.db, t.me, t.google).catch(() => undefined);
    const key = randomBytes(32);
    await rotateSecretKey(t.db, key);
    process.env.PRX_SECRET_KEY = key.toString('base64');
    t.sim.setFault('revoke', null);
    await revokeLinksOfBarredUsers(t.db, t.google);
    expect(await googleAccepts(t.sim, token)).toBe(false);
  });

  it('a deactivated user: the link withdrawn with the change, the token revoked at Google once it answers', async () => {
    const token = await link();
    t.sim.setFault('revoke', { drop: true });
    await t.adminUpdatesMe({ active: false }, { google: t.google });
    expect((await readLink(t.db, t.me.id))!.status).toBe('revoked');
    t.sim.setFault('revoke', null);
    await revokeLinksOfBarredUsers(t.db, t.google);
    expect(await googleAccepts(t.sim, token)).toBe(false);
  });
});

describe('re-linking another account: the new link saved, then the old token revoked', () => {
  it('Google refusing the old token’s revocation: the new link stands, the old token is revoked at the next start-up', async () => {
    const old = await link();
    await t.adminUpdatesMe({ email: 'julie.tremblay@gmail.com' });
    t.sim.setFault('revoke', { status: 503 });
    const fresh = await link();
    expect((await readLink(t.db, t.me.id))!).toMatchObject({ address: 'julie.tremblay@gmail.com', status: 'linked' });
    expect(await googleAccepts(t.sim, old)).toBe(true);
    t.sim.setFault('revoke', null);
    await revokeLinksOfBarredUsers(t.db, t.google);
    expect(await googleAccepts(t.sim, old)).toBe(false);
    expect(await googleAccepts(t.sim, fresh)).toBe(true);
  });

  it('a database that refuses the new link: nothing revoked of the old one, the new tokens withdrawn', async () => {
    const old = await link();
    const before = (await readLink(t.db, t.me.id))!;
    await t.adminUpdatesMe({ email: 'julie.tremblay@gmail.com' });
    await t.db.raw(`CREATE TRIGGER refuse_links BEFORE UPDATE ON mail_accounts BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    const a = await startLink(t.db, t.me, { google: t.google });
    await openRedirect(await approveConsent(a.url));
    await expect(a.result).rejects.toBeInstanceOf(Error);
    await t.db.raw('DROP TRIGGER refuse_links');
    expect((await readLink(t.db, t.me.id))!).toMatchObject({ address: before.address, status: 'linked' });
    expect(await googleAccepts(t.sim, old)).toBe(true);
    expect(t.sim.revocations().map((r) => r.token)).not.toContain(old);
  });
});
