// Issue 8, hole 8: a secret is bound to its row. A refresh token copied into another user's
// row is unreadable there, a GCM tag cut short is refused, and secrets stored before this
// binding are re-encrypted at start-up, with no relink needed.
import { describe, expect, it } from 'vitest';
import { createCipheriv, randomBytes } from 'node:crypto';
import { eachTestDb } from '../helpers/db.js';
import { rejection } from '../helpers/rejection.js';
import { runCli } from '../helpers/cli.js';
import { AppError } from '../../src/services/errors.js';
import { secretKey } from '../../src/services/crypto.js';
import { readTokens, saveLink } from '../../src/services/gmail/tokenStore.js';
import { readConfig, setConfig } from '../../src/services/config.js';

const t = eachTestDb();

const unreadable = async (p: Promise<unknown>) => {
  expect((await rejection<AppError>(p, AppError)).key).toBe('errors.secretUnreadable');
};

/** How secrets were stored before they were bound to their row: "v1.iv.tag.ct", no additional data. */
function legacyEncrypt(plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', secretKey(process.env), iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64'), c.getAuthTag().toString('base64'), ct.toString('base64')].join('.');
}

describe('a secret is bound to its table, row and field', () => {
  it('a refresh token copied to another user’s row is not used as theirs', async () => {
    const support = await t.actor('support');
    const julie = await t.actor('jtremblay');
    await saveLink(t.db, support.id, { address: 'prextra.dev@gmail.com', scopes: ['email'], refreshToken: '1//jeton-de-support' });
    const stolen = await t.db('mail_accounts').where({ user_id: support.id }).first();
    await t.db('mail_accounts').insert({ ...stolen, user_id: julie.id });
    await unreadable(readTokens(t.db, julie.id));
    // The owner still reads it.
    expect((await readTokens(t.db, support.id))!.refreshToken).toBe('1//jeton-de-support');
    // Nor does the access token move to another field of the same row.
    await t.db('mail_accounts').where({ user_id: support.id }).update({ access_token_enc: stolen.refresh_token_enc });
    await unreadable(readTokens(t.db, support.id));
  });

  it('refuses a GCM tag cut to 4 bytes', async () => {
    const support = await t.actor('support');
    await saveLink(t.db, support.id, { address: 'prextra.dev@gmail.com', scopes: ['email'], refreshToken: '1//jeton' });
    const row = await t.db('mail_accounts').where({ user_id: support.id }).first('refresh_token_enc');
    const parts = (row.refresh_token_enc as string).split('.');
    parts[2] = Buffer.from(parts[2]!, 'base64').subarray(0, 4).toString('base64');
    await t
      .db('mail_accounts')
      .where({ user_id: support.id })
      .update({ refresh_token_enc: parts.join('.') });
    await unreadable(readTokens(t.db, support.id));
  });

  it('the Configuration secret too: a token copied into GmailClientSecret is refused', async () => {
    await setConfig(t.db, null, 'GmailClientSecret', 'secret-du-client');
    expect(await readConfig(t.db, 'GmailClientSecret')).toBe('secret-du-client');
    expect((await t.db('config').where({ key: 'GmailClientSecret' }).first('value')).value).not.toContain('secret-du-client');
    const support = await t.actor('support');
    await saveLink(t.db, support.id, { address: 'prextra.dev@gmail.com', scopes: ['email'], refreshToken: '1//jeton' });
    const token = await t.db('mail_accounts').where({ user_id: support.id }).first('refresh_token_enc');
    await t.db('config').where({ key: 'GmailClientSecret' }).update({ value: token.refresh_token_enc });
    await expect(readConfig(t.db, 'GmailClientSecret')).rejects.toMatchObject({ key: 'errors.secretUnreadable' });
  });
});

describe('secrets stored before the binding are re-encrypted at start-up', () => {
  it('the next command rewrites them bound to their row; the link keeps working without a relink', async () => {
    const support = await t.actor('support');
    const ts = new Date().toISOString();
    await t.db('mail_accounts').insert({
      user_id: support.id,
      provider: 'gmail',
      address: 'prextra.dev@gmail.com',
      scopes: 'openid email https://www.googleapis.com/auth/gmail.send',
      refresh_token_enc: legacyEncrypt('1//ancien-jeton'),
      access_token_enc: legacyEncrypt('ya29.ancien-acces'),
      access_token_expires_at: new Date(Date.now() + 3600_000).toISOString(),
      status: 'linked',
      linked_at: ts,
      updated_at: ts,
    });
    await t.db('config').insert({ key: 'GmailClientSecret', value: legacyEncrypt('ancien-secret'), updated_at: ts, updated_by: null });

    const r = await runCli(t, 'support', ['gmail', 'status', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'linked', address: 'prextra.dev@gmail.com' });

    const account = await t.db('mail_accounts').where({ user_id: support.id }).first();
    expect(account.refresh_token_enc).toMatch(/^v2\./);
    expect(account.access_token_enc).toMatch(/^v2\./);
    expect((await t.db('config').where({ key: 'GmailClientSecret' }).first('value')).value).toMatch(/^v2\./);
    expect(await readTokens(t.db, support.id)).toMatchObject({ refreshToken: '1//ancien-jeton', accessToken: 'ya29.ancien-acces' });
    expect(await readConfig(t.db, 'GmailClientSecret')).toBe('ancien-secret');
    // A legacy value is never read as such once upgraded: copying an old one back is refused.
    await t
      .db('mail_accounts')
      .where({ user_id: support.id })
      .update({ refresh_token_enc: legacyEncrypt('1//glissé') });
    await unreadable(readTokens(t.db, support.id));
  });
});
