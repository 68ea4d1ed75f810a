// One database, several servers: every server must hold the same secret key, or the Gmail
// client secret and the refresh tokens one of them stored are unreadable to the others.
// The database keeps the key's fingerprint (crypto.ts keyFingerprint: an HMAC of a fixed
// label, never the key) from the first secret stored on; a server holding another key is
// refused at start, in one sentence that says what to set, before it encrypts anything.
// `secret rotate` re-encrypts every secret under a new key in one transaction.
import { envOf, type Db } from './db.js';
import {
  decryptLegacySecret,
  decryptSecret,
  encryptSecret,
  isLegacySecret,
  keyFingerprint,
  secretKeyOf,
  secretKeySource,
  type SecretContext,
} from './crypto.js';
import { CONFIG_KEYS, configSecretContext as configContext } from './config.js';
import { AppError } from './errors.js';
import { revocationContext, tokenContext, type TokenField } from './gmail/tokenStore.js';
import { readAll } from './keyset.js';
import { nowIso } from './time.js';

// Where secrets are stored: the secret configuration keys, and each Gmail link's tokens.
// (A function: config.ts imports this module, so its keys are read when used, not at load.)
const configSecrets = () => CONFIG_KEYS.filter((k) => k.secret).map((k) => k.key);
const TOKEN_FIELDS: readonly TokenField[] = ['refresh_token_enc', 'access_token_enc'];

/** "This server's key is not the database's: set …" — what to set depends on where the key came from. */
function wrongKey(db: Db): AppError {
  const source = secretKeySource(envOf(db));
  return new AppError('secret.wrongKey', {
    source: source.kind === 'env' ? 'PRX_SECRET_KEY' : source.path,
  });
}

async function storedFingerprint(db: Db): Promise<string | null> {
  const row = await db('secret_key').where({ id: 1 }).first('fingerprint');
  return (row?.fingerprint as string | undefined) ?? null;
}

function readable(stored: string, ctx: SecretContext, key: Buffer): boolean {
  try {
    if (isLegacySecret(stored)) decryptLegacySecret(stored, key);
    else decryptSecret(stored, ctx, key);
    return true;
  } catch {
    return false;
  }
}

/** One secret stored in the database, if any, with where it lives and what it is. */
async function someStoredSecret(db: Db): Promise<{ value: string; ctx: SecretContext; what: string } | null> {
  const c = await db('config').whereIn('key', configSecrets()).whereNot('value', '').first('key', 'value');
  if (c) return { value: c.value as string, ctx: configContext(c.key as string), what: c.key as string };
  for (const field of TOKEN_FIELDS) {
    const a = await db('mail_accounts').whereNotNull(field).first('user_id', field);
    if (a)
      return { value: a[field] as string, ctx: tokenContext(Number(a.user_id), field), what: field.replace(/_enc$/, '').replace('_', ' ') };
  }
  return null;
}

/**
 * For a database from before fingerprints: reads one stored secret back with this key and
 * says which ('none' when nothing is stored yet); AppError secret.wrongKey when it cannot.
 */
export async function readOneStoredSecret(db: Db): Promise<string | 'none'> {
  const sample = await someStoredSecret(db);
  if (!sample) return 'none';
  if (!readable(sample.value, sample.ctx, secretKeyOf(db))) throw wrongKey(db);
  return sample.what;
}

/**
 * At start (console, and every command acting as a user): refuses a key that is not the
 * database's. A database with secrets but no fingerprint yet (stored before fingerprints)
 * gets this key's, once this key is seen to read them.
 */
export async function checkSecretKey(db: Db): Promise<void> {
  const stored = await storedFingerprint(db);
  if (stored !== null) {
    if (stored !== keyFingerprint(secretKeyOf(db))) throw wrongKey(db);
    return;
  }
  // Nothing encrypted yet: the first secret stored records the key.
  if ((await readOneStoredSecret(db)) === 'none') return;
  await ensureKeyFingerprint(db);
}

/**
 * Before a secret is stored: records this key's fingerprint when the database has none,
 * and refuses a key that is not the database's. Two servers storing their first secret
 * at once with different keys: one row wins, the other server is refused.
 */
export async function ensureKeyFingerprint(db: Db): Promise<void> {
  const mine = keyFingerprint(secretKeyOf(db));
  let stored = await storedFingerprint(db);
  if (stored === null) {
    await db('secret_key').insert({ id: 1, fingerprint: mine, set_at: nowIso() }).onConflict('id').ignore();
    stored = await storedFingerprint(db);
  }
  if (stored !== mine) throw wrongKey(db);
}

export interface SecretKeyStatus {
  /** Where this process's key comes from: 'PRX_SECRET_KEY' or a file path. */
  readonly source: string;
  readonly fingerprint: string;
  /** The database's, or null before the first secret. */
  readonly databaseFingerprint: string | null;
  readonly matches: boolean;
}

export async function secretKeyStatus(db: Db): Promise<SecretKeyStatus> {
  const source = secretKeySource(envOf(db));
  const fingerprint = keyFingerprint(secretKeyOf(db));
  const databaseFingerprint = await storedFingerprint(db);
  return {
    source: source.kind === 'env' ? 'PRX_SECRET_KEY' : source.path,
    fingerprint,
    databaseFingerprint,
    matches: databaseFingerprint === null || databaseFingerprint === fingerprint,
  };
}

/**
 * Re-encrypts every stored secret (the Gmail client secret, every refresh and access
 * token) from this process's key to `newKey`, and records the new key's fingerprint, in
 * one transaction: all under the new key, or nothing changed. A secret the current key
 * cannot read stops it (nothing is changed). Returns how many secrets were re-encrypted.
 */
export async function rotateSecretKey(db: Db, newKey: Buffer): Promise<number> {
  const oldKey = secretKeyOf(db);
  return db.transaction(async (trx) => {
    const stored = await storedFingerprint(trx);
    if (stored !== null && stored !== keyFingerprint(oldKey)) throw wrongKey(db);
    const reencrypt = (value: string, ctx: SecretContext, where: string) => {
      let plain: string;
      try {
        plain = isLegacySecret(value) ? decryptLegacySecret(value, oldKey) : decryptSecret(value, ctx, oldKey);
      } catch {
        throw new AppError('secret.rotateUnreadable', { where });
      }
      return encryptSecret(plain, ctx, newKey);
    };
    let n = 0;
    for (const c of await trx('config').whereIn('key', configSecrets()).whereNot('value', '').select('key', 'value')) {
      const key = c.key as string;
      await trx('config')
        .where({ key })
        .update({ value: reencrypt(c.value as string, configContext(key), `config ${key}`) });
      n++;
    }
    // Every linked user, a thousand at a time (a list of ids would not scale).
    const accounts = () => trx('mail_accounts').select('user_id', ...TOKEN_FIELDS);
    for await (const rows of readAll<Record<string, unknown>>(accounts, [{ column: 'user_id' }], (r) => [Number(r.user_id)])) {
      for (const a of rows) {
        const userId = Number(a.user_id);
        const patch: Record<string, string> = {};
        for (const field of TOKEN_FIELDS) {
          const value = a[field] as string | null;
          if (value) patch[field] = reencrypt(value, tokenContext(userId, field), `mail_accounts.${field} (${userId})`);
        }
        if (Object.keys(patch).length) {
          await trx('mail_accounts').where({ user_id: userId }).update(patch);
          n += Object.keys(patch).length;
        }
      }
    }
    // Refresh tokens still queued for revocation at Google (a handful at most).
    for (const q of await trx('gmail_revocations').select('id', 'user_id', 'token_enc')) {
      const userId = Number(q.user_id);
      await trx('gmail_revocations')
        .where({ id: q.id as number })
        .update({ token_enc: reencrypt(q.token_enc as string, revocationContext(userId), `gmail_revocations (${userId})`) });
      n++;
    }
    const row = { fingerprint: keyFingerprint(newKey), set_at: nowIso() };
    if (stored === null) await trx('secret_key').insert({ id: 1, ...row });
    else await trx('secret_key').where({ id: 1 }).update(row);
    return n;
  });
}
