// The mail_accounts rows: one Gmail link per user. Tokens are stored encrypted
// (AES-256-GCM, crypto.ts) and only ever decrypted here.
import { decryptSecret, encryptSecret, secretKeyOf, type SecretContext } from '../crypto.js';
import type { Db } from '../db.js';
import { nowIso } from '../time.js';
import { ensureKeyFingerprint } from '../sharedKey.js';

export type LinkStatus = 'linked' | 'needs_relink' | 'revoked';

/** What the Préférences panel and `gmail status` show about a link. No secret in it. */
export interface LinkInfo {
  /** The Google address (the ID token's email claim at link time). */
  readonly address: string;
  /** Scopes Google granted, as Google spells them. */
  readonly scopes: string[];
  readonly status: LinkStatus;
  /** ISO time of the last access-token refresh (or of the link). */
  readonly lastRefreshAt: string | null;
  readonly linkedAt: string;
  /** i18n key of the last failure (show with t()), e.g. 'gmail.needsRelink'; null when none. */
  readonly lastError: string | null;
}

export interface StoredTokens {
  readonly refreshToken: string | null;
  readonly accessToken: string | null;
  /** Epoch milliseconds, as google-auth-library's expiry_date. */
  readonly expiryDate: number | null;
}

/** What the token endpoint gave (google-auth-library Credentials); any part may be missing. */
export interface TokenSet {
  readonly access_token?: string | null;
  readonly refresh_token?: string | null;
  readonly expiry_date?: number | null;
  readonly scope?: string | null;
}

type Row = Record<string, unknown>;

export type TokenField = 'refresh_token_enc' | 'access_token_enc';

/** Where a token is stored: it decrypts only there (crypto.ts, additional data). */
export function tokenContext(userId: number, field: TokenField): SecretContext {
  return { table: 'mail_accounts', id: userId, field };
}

function toInfo(r: Row): LinkInfo {
  return {
    address: r.address as string,
    scopes: String(r.scopes ?? '')
      .split(/\s+/)
      .filter(Boolean),
    status: r.status as LinkStatus,
    lastRefreshAt: (r.last_refresh_at as string | null) ?? null,
    linkedAt: r.linked_at as string,
    lastError: (r.last_error as string | null) ?? null,
  };
}

export async function readLink(db: Db, userId: number): Promise<LinkInfo | null> {
  const r = await db('mail_accounts').where({ user_id: userId, provider: 'gmail' }).first();
  return r ? toInfo(r) : null;
}

export async function readTokens(db: Db, userId: number): Promise<StoredTokens | null> {
  const r = await db('mail_accounts')
    .where({ user_id: userId, provider: 'gmail' })
    .first('refresh_token_enc', 'access_token_enc', 'access_token_expires_at');
  if (!r) return null;
  // Load the key first: a key file readable by others must say so ("chmod 600"), not
  // surface as an undecipherable secret.
  const key = secretKeyOf(db);
  const exp = r.access_token_expires_at ? Date.parse(r.access_token_expires_at as string) : NaN;
  return {
    refreshToken: r.refresh_token_enc ? decryptSecret(r.refresh_token_enc as string, tokenContext(userId, 'refresh_token_enc'), key) : null,
    accessToken: r.access_token_enc ? decryptSecret(r.access_token_enc as string, tokenContext(userId, 'access_token_enc'), key) : null,
    expiryDate: Number.isFinite(exp) ? exp : null,
  };
}

export interface NewLink {
  readonly address: string;
  readonly scopes: readonly string[];
  readonly refreshToken: string;
  readonly accessToken?: string | null;
  readonly expiryDate?: number | null;
}

/** Replaces the user's link with a fully validated new one (one statement: all or nothing). */
export async function saveLink(db: Db, userId: number, link: NewLink): Promise<LinkInfo> {
  // A key that is not the one the other servers share is refused before it encrypts.
  await ensureKeyFingerprint(db);
  const ts = nowIso();
  const row = {
    user_id: userId,
    provider: 'gmail',
    address: link.address,
    scopes: link.scopes.join(' '),
    refresh_token_enc: encryptSecret(link.refreshToken, tokenContext(userId, 'refresh_token_enc'), secretKeyOf(db)),
    access_token_enc: link.accessToken ? encryptSecret(link.accessToken, tokenContext(userId, 'access_token_enc'), secretKeyOf(db)) : null,
    access_token_expires_at: link.expiryDate ? new Date(link.expiryDate).toISOString() : null,
    status: 'linked',
    last_refresh_at: ts,
    last_error: null,
    linked_at: ts,
    updated_at: ts,
  };
  await db('mail_accounts')
    .insert(row)
    .onConflict('user_id')
    .merge([
      'provider',
      'address',
      'scopes',
      'refresh_token_enc',
      'access_token_enc',
      'access_token_expires_at',
      'status',
      'last_refresh_at',
      'last_error',
      'linked_at',
      'updated_at',
    ]);
  return (await readLink(db, userId))!;
}

/**
 * Merges tokens refreshed by the library into what is stored: only the parts present
 * are written, so a refresh answer without refresh_token never erases the stored one.
 * A revoked link is left alone.
 */
export async function mergeTokens(db: Db, userId: number, tokens: TokenSet): Promise<void> {
  if (tokens.access_token || tokens.refresh_token) await ensureKeyFingerprint(db);
  const ts = nowIso();
  const patch: Record<string, unknown> = { last_refresh_at: ts, updated_at: ts, status: 'linked', last_error: null };
  if (tokens.access_token)
    patch.access_token_enc = encryptSecret(tokens.access_token, tokenContext(userId, 'access_token_enc'), secretKeyOf(db));
  if (tokens.expiry_date) patch.access_token_expires_at = new Date(tokens.expiry_date).toISOString();
  if (tokens.refresh_token)
    patch.refresh_token_enc = encryptSecret(tokens.refresh_token, tokenContext(userId, 'refresh_token_enc'), secretKeyOf(db));
  if (tokens.scope) patch.scopes = tokens.scope.split(/\s+/).filter(Boolean).join(' ');
  await db('mail_accounts').where({ user_id: userId }).whereNot({ status: 'revoked' }).update(patch);
}

/** Google refused the stored refresh token: the link must be made again; mails wait. */
export async function markNeedsRelink(db: Db, userId: number, errorKey = 'gmail.needsRelink'): Promise<void> {
  await db('mail_accounts')
    .where({ user_id: userId })
    .whereNot({ status: 'revoked' })
    .update({ status: 'needs_relink', last_error: errorKey, access_token_enc: null, access_token_expires_at: null, updated_at: nowIso() });
}

/** Records a failure that does not change the status (Google unreachable…). */
export async function noteLinkError(db: Db, userId: number, errorKey: string): Promise<void> {
  await db('mail_accounts').where({ user_id: userId }).update({ last_error: errorKey, updated_at: nowIso() });
}

/**
 * The link withdrawn: the tokens are deleted; the row stays with status revoked (history).
 * Its refresh token, still valid at Google until revoked there, goes to queueRevocation in
 * the same transaction.
 */
export async function clearTokens(db: Db, userId: number): Promise<void> {
  await db('mail_accounts').where({ user_id: userId }).update({
    status: 'revoked',
    refresh_token_enc: null,
    access_token_enc: null,
    access_token_expires_at: null,
    last_error: null,
    updated_at: nowIso(),
  });
}

// ---- refresh tokens waiting for Google's revocation (gmail_revocations) ----------------

/** Where a queued token is stored: it decrypts only there. */
export function revocationContext(userId: number): SecretContext {
  return { table: 'gmail_revocations', id: userId, field: 'token_enc' };
}

export interface QueuedRevocation {
  readonly id: number;
  readonly userId: number;
  readonly address: string;
  /** Null when this key cannot read it (another server's key, damaged). */
  readonly token: string | null;
}

/**
 * Queues a refresh token for revocation at Google, in the caller's transaction (the one
 * that withdraws or replaces the link); returns its id. dropRevocation once Google has it.
 */
export async function queueRevocation(db: Db, userId: number, address: string, refreshToken: string): Promise<number> {
  await ensureKeyFingerprint(db);
  const [row] = (await db('gmail_revocations')
    .insert({
      user_id: userId,
      address,
      token_enc: encryptSecret(refreshToken, revocationContext(userId), secretKeyOf(db)),
      created_at: nowIso(),
    })
    .returning('id')) as Array<{ id: number } | number>;
  return typeof row === 'number' ? row : row!.id;
}

/** Google revoked it: the queued token is forgotten. */
export async function dropRevocation(db: Db, id: number): Promise<void> {
  await db('gmail_revocations').where({ id }).delete();
}

/** Google did not answer: counted, and why (an i18n key's reason, never the token). */
export async function noteRevocationFailure(db: Db, id: number, reason: string): Promise<void> {
  await db('gmail_revocations')
    .where({ id })
    .update({ attempts: db.raw('attempts + 1'), last_error: reason });
}

/** The tokens still waiting, oldest first, at most `limit`. */
export async function queuedRevocations(db: Db, limit = 100): Promise<QueuedRevocation[]> {
  const rows = await db('gmail_revocations').orderBy('id').limit(limit).select('id', 'user_id', 'address', 'token_enc');
  // The key first: a key file readable by others must say so, not read as an unreadable token.
  const key = rows.length ? secretKeyOf(db) : null;
  return rows.map((r) => {
    let token: string | null = null;
    try {
      token = decryptSecret(r.token_enc as string, revocationContext(Number(r.user_id)), key!);
    } catch {
      token = null;
    }
    return { id: Number(r.id), userId: Number(r.user_id), address: r.address as string, token };
  });
}
