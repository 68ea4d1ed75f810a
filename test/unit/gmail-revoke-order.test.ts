// Revoking at Google and the local change, in an order that leaves no lie behind
// (README "Revoking, re-linking and the order of things"): a database that refuses the
// change leaves the link as it was and its token valid at Google; Google unreachable
// leaves the link withdrawn here and the token waiting, kept encrypted, until Google has
// revoked it (at the next start-up or login, or the next revocation).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestDb, type TestDb } from '../helpers/db.js';
import { approveConsent, openRedirect, simGoogle, stopSandboxSimulators } from '../helpers/google.js';
import { startGoogleSimulator, type GoogleSimulator } from '../../src/sandbox/googleSimulator.js';
import { revokeLink, startLink } from '../../src/services/gmail/index.js';
import { readLink, readTokens } from '../../src/services/gmail/tokenStore.js';
import { revokeLinksOfBarredUsers } from '../../src/services/access.js';
import { loadUser, updateUser } from '../../src/services/users/index.js';
import { errorMessage } from '../../src/services/i18n/index.js';
import type { Actor } from '../../src/services/rights.js';
import type { Google } from '../../src/services/gmail/googleClient.js';
import { randomBytes } from 'node:crypto';
import { rotateSecretKey } from '../../src/services/sharedKey.js';

let t: TestDb;
let sim: GoogleSimulator;
let google: Google;
let me: Actor;
beforeEach(async () => {
  t = await makeTestDb();
  sim = await startGoogleSimulator({ dataDir: t.dir });
  google = simGoogle(sim, t.dir);
  me = await t.actor('jtremblay');
});
afterEach(async () => {
  delete process.env.PRX_SECRET_KEY;
  await sim.close();
  await stopSandboxSimulators();
  await t.close();
});

async function link(): Promise<string> {
  const a = await startLink(t.db, me, { google });
  expect((await openRedirect(await approveConsent(a.url))).status).toBe(200);
  await a.result;
  return (await readTokens(t.db, me.id))!.refreshToken!;
}

async function googleAccepts(refreshToken: string): Promise<boolean> {
  const r = await fetch(sim.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: sim.clientId,
      client_secret: sim.clientSecret,
    }),
  });
  return r.status === 200;
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
    const e = await revokeLink(t.db, me, google).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Error);
    expect(errorMessage(e, 'fr')).not.toMatch(/SQLITE|RAISE|update/);
    await allow();
    expect((await readLink(t.db, me.id))!.status).toBe('linked');
    expect(sim.revocations()).toEqual([]);
    expect(await googleAccepts(token)).toBe(true);
  });

  it('Google unreachable: withdrawn here at once, said so, and revoked at Google at the next start-up', async () => {
    const token = await link();
    sim.setFault('revoke', { status: 503 });
    const e = await revokeLink(t.db, me, google).catch((x: unknown) => x);
    expect(errorMessage(e, 'fr')).toMatch(/retirée ici.*Google.*prochain démarrage/);
    expect((await readLink(t.db, me.id))!.status).toBe('revoked');
    expect(await readTokens(t.db, me.id)).toMatchObject({ refreshToken: null, accessToken: null });
    expect(await googleAccepts(token)).toBe(true); // not yet: Google did not answer
    // Google answers again; the next start-up (or CLI login) finishes the revocation.
    sim.setFault('revoke', null);
    await revokeLinksOfBarredUsers(t.db, google);
    expect(await googleAccepts(token)).toBe(false);
    expect(await t.db('gmail_revocations').count({ n: '*' }).first()).toMatchObject({ n: 0 });
  });

  it('a token waiting for Google survives a key rotation (secret rotate re-encrypts it too)', async () => {
    const token = await link();
    sim.setFault('revoke', { status: 503 });
    await revokeLink(t.db, me, google).catch(() => undefined);
    const key = randomBytes(32);
    await rotateSecretKey(t.db, key);
    process.env.PRX_SECRET_KEY = key.toString('base64');
    sim.setFault('revoke', null);
    await revokeLinksOfBarredUsers(t.db, google);
    expect(await googleAccepts(token)).toBe(false);
  });

  it('a deactivated user: the link withdrawn with the change, the token revoked at Google once it answers', async () => {
    const token = await link();
    sim.setFault('revoke', { drop: true });
    const admin = await t.actor('admin');
    const u = (await loadUser(t.db, 'jtremblay'))!;
    await updateUser(t.db, admin, 'jtremblay', { active: false }, u.row_version, { google });
    expect((await readLink(t.db, me.id))!.status).toBe('revoked');
    sim.setFault('revoke', null);
    await revokeLinksOfBarredUsers(t.db, google);
    expect(await googleAccepts(token)).toBe(false);
  });
});

describe('re-linking another account: the new link saved, then the old token revoked', () => {
  it('Google refusing the old token’s revocation: the new link stands, the old token is revoked at the next start-up', async () => {
    const old = await link();
    const admin = await t.actor('admin');
    const u = (await loadUser(t.db, 'jtremblay'))!;
    await updateUser(t.db, admin, 'jtremblay', { email: 'julie.tremblay@gmail.com' }, u.row_version);
    sim.setFault('revoke', { status: 503 });
    const fresh = await link();
    expect((await readLink(t.db, me.id))!).toMatchObject({ address: 'julie.tremblay@gmail.com', status: 'linked' });
    expect(await googleAccepts(old)).toBe(true);
    sim.setFault('revoke', null);
    await revokeLinksOfBarredUsers(t.db, google);
    expect(await googleAccepts(old)).toBe(false);
    expect(await googleAccepts(fresh)).toBe(true);
  });

  it('a database that refuses the new link: nothing revoked of the old one, the new tokens withdrawn', async () => {
    const old = await link();
    const before = (await readLink(t.db, me.id))!;
    const admin = await t.actor('admin');
    const u = (await loadUser(t.db, 'jtremblay'))!;
    await updateUser(t.db, admin, 'jtremblay', { email: 'julie.tremblay@gmail.com' }, u.row_version);
    await t.db.raw(`CREATE TRIGGER refuse_links BEFORE UPDATE ON mail_accounts BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    const a = await startLink(t.db, me, { google });
    await openRedirect(await approveConsent(a.url));
    await expect(a.result).rejects.toBeInstanceOf(Error);
    await t.db.raw('DROP TRIGGER refuse_links');
    expect((await readLink(t.db, me.id))!).toMatchObject({ address: before.address, status: 'linked' });
    expect(await googleAccepts(old)).toBe(true);
    expect(sim.revocations().map((r) => r.token)).not.toContain(old);
  });
});
