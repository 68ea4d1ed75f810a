// Using an existing Gmail link: show it, test it, revoke it, and hand the mail sender an
// authorised client. An invalid_grant from Google always ends in status needs_relink.
import { audit } from '../audit.js';
import type { Db } from '../db.js';
import { AppError, NotFoundError } from '../errors.js';
import { log } from '../log.js';
import { FUNCTIONS, requireRight, type Actor, type RightLevel } from '../rights.js';
import {
  createOAuthClient,
  googleEnvironment,
  GMAIL_SEND_SCOPE,
  httpStatusOf,
  mapGoogleError,
  oauthErrorCode,
  requireClient,
  type Google,
  type Credentials,
  type OAuth2Client,
} from './googleClient.js';
import {
  clearTokens,
  dropRevocation,
  markNeedsRelink,
  mergeTokens,
  noteLinkError,
  noteRevocationFailure,
  queueRevocation,
  queuedRevocations,
  readLink,
  readTokens,
  type LinkInfo,
} from './tokenStore.js';

/** Refresh ahead of expiry by this much, so a send does not start with a dying token. */
const EXPIRY_MARGIN_MS = 60_000;

export interface AuthorizedGmail {
  /** google-auth-library OAuth2Client with the user's tokens; refreshed tokens are stored. */
  readonly client: OAuth2Client;
  /** The linked Google address (the From of the mail). */
  readonly address: string;
  /** Gmail API root with a trailing slash: pass it as `rootUrl` on each Gmail call. */
  readonly gmailApiUrl: string;
}

/** The user a call is about: the actor, or another user when the actor holds `needed` on Utilisateurs. */
async function targetUser(db: Db, actor: Actor, userCode: string | undefined, needed: RightLevel): Promise<{ id: number; code: string }> {
  if (!userCode || userCode.trim().toLowerCase() === actor.code.toLowerCase()) return { id: actor.id, code: actor.code };
  await requireRight(db, actor, FUNCTIONS.users, needed);
  const u = await db('users').where({ code_key: userCode.trim().toLowerCase() }).first('id', 'code');
  if (!u) throw new NotFoundError('entity.user', userCode);
  return { id: u.id as number, code: u.code as string };
}

/** The link of the actor (or of `userCode`, with Utilisateurs › lecture); null when never linked. */
export async function linkInfo(db: Db, actor: Actor, userCode?: string): Promise<LinkInfo | null> {
  const u = await targetUser(db, actor, userCode, 'lecture');
  return readLink(db, u.id);
}

/** Asks Google for a new access token; invalid_grant → needs_relink + AppError('gmail.needsRelink'). */
async function refreshNow(db: Db, userId: number, client: OAuth2Client, tokenUrl: string): Promise<{ scope: string | null }> {
  let credentials: Credentials;
  try {
    ({ credentials } = await client.refreshAccessToken());
  } catch (err) {
    throw await noteAuthFailure(db, userId, err, tokenUrl);
  }
  await mergeTokens(db, userId, credentials);
  return { scope: credentials.scope ?? null };
}

/**
 * For the mail sender too: turns a failed Google call into one sentence, and records
 * it on the link (invalid_grant → status needs_relink; other failures → last error).
 */
export async function noteAuthFailure(
  db: Db,
  userId: number,
  err: unknown,
  endpoint = 'https://oauth2.googleapis.com/token',
): Promise<AppError> {
  if (err instanceof AppError) return err;
  if (oauthErrorCode(err) === 'invalid_grant') {
    await markNeedsRelink(db, userId);
    return new AppError('gmail.needsRelink');
  }
  const e = mapGoogleError(err, 'refresh', endpoint);
  await noteLinkError(db, userId, e.key);
  return e;
}

async function clientFor(db: Db, userId: number, google: Google) {
  const row = await readLink(db, userId);
  const tokens = row ? await readTokens(db, userId) : null;
  if (!row || row.status === 'revoked' || !tokens?.refreshToken) throw new AppError('gmail.notLinked');
  const genv = await googleEnvironment(google, db);
  requireClient(genv);
  const client = await createOAuthClient(genv);
  client.setCredentials({ refresh_token: tokens.refreshToken, access_token: tokens.accessToken, expiry_date: tokens.expiryDate });
  return { row, tokens, genv, client };
}

/**
 * Tester: refreshes the access token now and checks that gmail.send is still granted.
 * Works on a needs_relink link too (it becomes linked again if Google accepts it).
 */
export async function testLink(db: Db, actor: Actor, google: Google): Promise<LinkInfo> {
  const { client, genv } = await clientFor(db, actor.id, google);
  const { scope } = await refreshNow(db, actor.id, client, genv.tokenUrl);
  const granted = (scope ?? (await readLink(db, actor.id))!.scopes.join(' ')).split(/\s+/);
  if (!granted.includes(GMAIL_SEND_SCOPE)) {
    await markNeedsRelink(db, actor.id, 'gmail.scopeLost');
    throw new AppError('gmail.scopeLost');
  }
  return (await readLink(db, actor.id))!;
}

/**
 * For the mail sender: a client ready to call Gmail as the actor. The access token is
 * refreshed first when missing or about to expire; tokens the library refreshes later
 * (during a long send) are merged into what is stored. Throws gmail.notLinked,
 * gmail.needsRelink (also sets the status), gmail.noClient, gmail.googleUnreachable…
 */
export async function getAuthorizedClient(db: Db, actor: Actor, google: Google): Promise<AuthorizedGmail> {
  const { row, tokens, genv, client } = await clientFor(db, actor.id, google);
  if (row.status === 'needs_relink') throw new AppError('gmail.needsRelink');
  if (!tokens.accessToken || !tokens.expiryDate || tokens.expiryDate - EXPIRY_MARGIN_MS < Date.now())
    await refreshNow(db, actor.id, client, genv.tokenUrl);
  client.on('tokens', (fresh) => {
    mergeTokens(db, actor.id, fresh).catch((e) => log('warn', 'gmail: could not store refreshed tokens', e));
  });
  return { client, address: row.address, gmailApiUrl: genv.gmailApiUrl };
}

/**
 * What the mail sender needs of the link: the From address, where Gmail is, and a valid
 * access token. The stored token is used while it has more than a minute left;
 * google-auth-library is loaded only when one must be refreshed (a send starts faster and
 * smaller). Throws like getAuthorizedClient; refresh failures are recorded the same way.
 */
export interface GmailSender {
  readonly address: string;
  /** Gmail API root with a trailing slash. */
  readonly gmailApiUrl: string;
  /** The run's environment: where HTTPS_PROXY is read for the upload's own requests. */
  readonly env: NodeJS.ProcessEnv;
  accessToken(): Promise<string>;
  /** Refreshes the access token now (Gmail answered 401). */
  refresh(): Promise<void>;
}

export async function gmailSender(db: Db, actor: Actor, google: Google): Promise<GmailSender> {
  const row = await readLink(db, actor.id);
  const tokens = row ? await readTokens(db, actor.id) : null;
  if (!row || row.status === 'revoked' || !tokens?.refreshToken) throw new AppError('gmail.notLinked');
  if (row.status === 'needs_relink') throw new AppError('gmail.needsRelink');
  const genv = await googleEnvironment(google, db);
  requireClient(genv);
  let token = tokens.accessToken;
  let expiry = tokens.expiryDate;
  let client: OAuth2Client | null = null;
  const refresh = async () => {
    if (!client) {
      client = await createOAuthClient(genv);
      client.setCredentials({ refresh_token: tokens.refreshToken });
    }
    await refreshNow(db, actor.id, client, genv.tokenUrl);
    token = client.credentials.access_token ?? null;
    expiry = client.credentials.expiry_date ?? null;
  };
  return {
    address: row.address,
    gmailApiUrl: genv.gmailApiUrl,
    env: genv.env,
    async accessToken() {
      if (!token || !expiry || expiry - EXPIRY_MARGIN_MS < Date.now()) await refresh();
      if (!token) throw new AppError('gmail.needsRelink');
      return token;
    },
    refresh,
  };
}

/**
 * Révoquer / `gmail disconnect` on the actor's link, or another user's with Utilisateurs ›
 * modification. Here first, then Google: the link is withdrawn in one transaction with its
 * audit row and its refresh token queued for Google; then Google revokes the token and the
 * queue forgets it. A database that refuses changes nothing anywhere (the link stays, its
 * token valid); Google unreachable leaves the link withdrawn here and the token queued,
 * revoked at the next start-up or login (AppError gmail.revokePending says so).
 */
export async function revokeLink(db: Db, actor: Actor, google: Google, userCode?: string): Promise<LinkInfo> {
  const u = await targetUser(db, actor, userCode, 'modification');
  const row = await readLink(db, u.id);
  const tokens = row ? await readTokens(db, u.id) : null;
  if (!row || row.status === 'revoked' || !tokens?.refreshToken) throw new AppError('gmail.notLinked');
  const refreshToken = tokens.refreshToken;
  const queued = await db.transaction(async (trx) => {
    await clearTokens(trx, u.id);
    await audit(trx, actor, 'revoke', 'gmail', u.code, [{ field: 'address', old: row.address, new: null }]);
    return queueRevocation(trx, u.id, row.address, refreshToken);
  });
  const failure = await revokeQueued(db, google, queued, refreshToken);
  if (failure) throw new AppError('gmail.revokePending', { reason: failure });
  return (await readLink(db, u.id))!;
}

/**
 * Deactivating a user revokes their link, in the same order as revokeLink. Never fails on
 * Google's side: the token then stays queued (revoked at the next start-up or login) and
 * `revokedAtGoogle` is false. Null when the user had no active link.
 */
export async function revokeLinkOfUser(
  db: Db,
  userId: number,
  actor: Actor | null,
  google: Google,
): Promise<{ revokedAtGoogle: boolean } | null> {
  const row = await readLink(db, userId);
  let refreshToken: string | null = null;
  try {
    refreshToken = row ? ((await readTokens(db, userId))?.refreshToken ?? null) : null;
  } catch {
    refreshToken = null; // unreadable with the current key: nothing to revoke, delete anyway
  }
  if (!row || row.status === 'revoked') return null;
  const u = await db('users').where({ id: userId }).first('code');
  const queued = await db.transaction(async (trx) => {
    await clearTokens(trx, userId);
    await audit(trx, actor, 'revoke', 'gmail', (u?.code as string | undefined) ?? String(userId), [
      { field: 'address', old: row.address, new: null },
    ]);
    return refreshToken ? queueRevocation(trx, userId, row.address, refreshToken) : null;
  });
  if (queued === null || !refreshToken) return { revokedAtGoogle: false };
  return { revokedAtGoogle: (await revokeQueued(db, google, queued, refreshToken)) === null };
}

/**
 * Every token still queued for Google (a revocation Google did not answer, a re-link whose
 * old token it refused): revoked now, and forgotten. Run at start-up and login. Returns
 * how many Google revoked.
 */
export async function revokeQueuedAtGoogle(db: Db, google: Google): Promise<number> {
  let done = 0;
  for (const q of await queuedRevocations(db)) {
    if (q.token === null) {
      // Unreadable with this key: nobody can ever revoke it from here.
      log('warn', `gmail: a token queued for revocation (user ${q.userId}) cannot be read with this key; dropped`);
      await dropRevocation(db, q.id);
      continue;
    }
    if ((await revokeQueued(db, google, q.id, q.token)) === null) done++;
  }
  return done;
}

/** Google revokes a queued token, then the queue forgets it. The reason when Google could not; null when done. */
async function revokeQueued(db: Db, google: Google, id: number, refreshToken: string): Promise<string | null> {
  try {
    await revokeAtGoogle(db, refreshToken, google);
  } catch (e) {
    const reason = e instanceof AppError ? String(e.params.reason ?? e.key) : 'error';
    log('warn', `gmail: revocation at Google failed (${reason}); the token stays queued`);
    await noteRevocationFailure(db, id, reason).catch(() => undefined);
    return reason;
  }
  // A database failing here leaves it queued: Google then answers "already revoked".
  await dropRevocation(db, id).catch((e: unknown) => log('warn', 'gmail: a revoked token could not be dropped from the queue', e));
  return null;
}

/** POST to the revoke endpoint; a token Google already forgot (400) counts as revoked. */
async function revokeAtGoogle(db: Db, refreshToken: string, google: Google): Promise<void> {
  const genv = await googleEnvironment(google, db);
  const client = await createOAuthClient(genv);
  try {
    await client.revokeToken(refreshToken);
  } catch (err) {
    const status = httpStatusOf(err);
    if (status === 400 || status === 404) return;
    const e = mapGoogleError(err, 'revoke', genv.revokeUrl);
    throw new AppError('gmail.revokeFailed', {
      reason: e.key === 'gmail.googleUnreachable' ? String(e.params.host) : `HTTP ${status ?? '?'}`,
    });
  }
}
