// Issue 8, hole 11: re-linking to another Google address revokes the old account's refresh
// token once the new link is saved (it would otherwise stay valid at Google forever).
import { describe, expect, it } from 'vitest';
import { googleAccepts, googleTestDb } from '../helpers/googleTestDb.js';
import { readLink, readTokens } from '../../src/services/gmail/tokenStore.js';

const t = googleTestDb();

/** Links jtremblay's Gmail; the refresh token Google gave. */
async function link(): Promise<string> {
  await t.link();
  return (await readTokens(t.db, t.me.id))!.refreshToken!;
}

describe('re-linking another Google account', () => {
  it('revokes the old account’s refresh token once the new link is saved', async () => {
    const old = await link();
    await t.adminUpdatesMe({ email: 'julie.tremblay@gmail.com' });
    const fresh = await link();
    expect((await readLink(t.db, t.me.id))!.address).toBe('julie.tremblay@gmail.com');
    expect(t.sim.revocations()).toContainEqual({ token: old, kind: 'refresh' });
    expect(await googleAccepts(t.sim, old)).toBe(false);
    expect(await googleAccepts(t.sim, fresh)).toBe(true);
  });

  it('re-linking the same address revokes nothing', async () => {
    await link();
    const again = await link();
    expect(t.sim.revocations()).toEqual([]);
    expect(await googleAccepts(t.sim, again)).toBe(true);
  });
});
