// Issue 8, hole 11: re-linking to another Google address revokes the old account's refresh
// token once the new link is saved (it would otherwise stay valid at Google forever).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestDb, type TestDb } from '../helpers/db.js';
import { approveConsent, openRedirect, simGoogle, stopSandboxSimulators } from '../helpers/google.js';
import { startGoogleSimulator, type GoogleSimulator } from '../../src/sandbox/googleSimulator.js';
import { startLink } from '../../src/services/gmail/index.js';
import { readLink, readTokens } from '../../src/services/gmail/tokenStore.js';
import { loadUser, updateUser } from '../../src/services/users/index.js';
import type { Actor } from '../../src/services/rights.js';
import type { Google } from '../../src/services/gmail/googleClient.js';

let google: Google;

let t: TestDb;
let sim: GoogleSimulator;
let me: Actor;
beforeEach(async () => {
  t = await makeTestDb();
  sim = await startGoogleSimulator({ dataDir: t.dir });
  google = simGoogle(sim, t.dir);
  me = await t.actor('jtremblay');
});
afterEach(async () => {
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

describe('re-linking another Google account', () => {
  it('revokes the old account’s refresh token once the new link is saved', async () => {
    const old = await link();
    const admin = await t.actor('admin');
    const u = (await loadUser(t.db, 'jtremblay'))!;
    await updateUser(t.db, admin, 'jtremblay', { email: 'julie.tremblay@gmail.com' }, u.row_version);
    const fresh = await link();
    expect((await readLink(t.db, me.id))!.address).toBe('julie.tremblay@gmail.com');
    expect(sim.revocations()).toContainEqual({ token: old, kind: 'refresh' });
    expect(await googleAccepts(old)).toBe(false);
    expect(await googleAccepts(fresh)).toBe(true);
  });

  it('re-linking the same address revokes nothing', async () => {
    await link();
    const again = await link();
    expect(sim.revocations()).toEqual([]);
    expect(await googleAccepts(again)).toBe(true);
  });
});
