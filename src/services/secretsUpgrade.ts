// Start-up step: secrets stored before they were bound to their row (crypto.ts "v1", no
// additional data) are re-encrypted bound to it. Not a knex migration: it needs the
// application's key, which migrations never see. Idempotent, and safe when two processes
// start at once (each row is rewritten only if it still holds the value read).
import { decryptLegacySecret, encryptSecret, isLegacySecret, secretKeyOf } from './crypto.js';
import type { Db } from './db.js';
import { CONFIG_KEYS, configSecretContext } from './config.js';
import { log } from './log.js';
import { checkSecretKey } from './sharedKey.js';
import { tokenContext, type TokenField } from './gmail/tokenStore.js';

const TOKEN_FIELDS: readonly TokenField[] = ['refresh_token_enc', 'access_token_enc'];

/**
 * Re-encrypts every legacy secret bound to its row; returns how many were rewritten.
 * First of all, refuses a key that is not the database's (sharedKey.ts): nothing is
 * encrypted with a wrong key.
 */
export async function upgradeStoredSecrets(db: Db): Promise<number> {
  await checkSecretKey(db);
  let upgraded = 0;
  const accounts = await db('mail_accounts')
    .where((w) => w.where('refresh_token_enc', 'like', 'v1.%').orWhere('access_token_enc', 'like', 'v1.%'))
    .select('user_id', ...TOKEN_FIELDS);
  for (const a of accounts) {
    for (const field of TOKEN_FIELDS) {
      const old = a[field] as string | null;
      if (!old || !isLegacySecret(old)) continue;
      const plain = readLegacy(db, old, `mail_accounts.${field} of user ${String(a.user_id)}`);
      if (plain === null) continue;
      upgraded += await db('mail_accounts')
        .where({ user_id: a.user_id, [field]: old })
        .update({ [field]: encryptSecret(plain, tokenContext(a.user_id as number, field), secretKeyOf(db)) });
    }
  }
  const secretKeys = CONFIG_KEYS.filter((k) => k.secret).map((k) => k.key);
  const rows = await db('config').whereIn('key', secretKeys).where('value', 'like', 'v1.%').select('key', 'value');
  for (const r of rows) {
    const plain = readLegacy(db, r.value as string, `config ${String(r.key)}`);
    if (plain === null) continue;
    upgraded += await db('config')
      .where({ key: r.key, value: r.value })
      .update({ value: encryptSecret(plain, configSecretContext(r.key as string), secretKeyOf(db)) });
  }
  if (upgraded) log('info', `secrets: ${upgraded} stored secret(s) re-encrypted bound to their row`);
  return upgraded;
}

/** A legacy secret this key cannot read (another key, damaged) stays as it is: it was unreadable already. */
function readLegacy(db: Db, stored: string, where: string): string | null {
  try {
    return decryptLegacySecret(stored, secretKeyOf(db));
  } catch (e) {
    log('warn', `secrets: ${where} could not be re-encrypted`, e);
    return null;
  }
}
