// What Google's tokens must prove before they become the user's link, and saving it:
// no HTTP here (the attempt, oauthFlow.ts, exchanges the code and hands the tokens over).
import { audit } from '../audit.js';
import type { Db } from '../db.js';
import { AppError } from '../errors.js';
import { log } from '../log.js';
import type { Actor } from '../rights.js';
import { GMAIL_SEND_SCOPE, httpStatusOf, type Credentials, type GoogleEnvironment } from './googleClient.js';
import { identityFromIdToken } from './idToken.js';
import { dropRevocation, queueRevocation, readLink, readTokens, saveLink, type LinkInfo } from './tokenStore.js';

export interface LinkCheck {
  /** Where the tokens came from (the ID token is checked against it). */
  readonly genv: GoogleEnvironment;
  /** The OAuth client the tokens were issued to (the ID token's audience). */
  readonly clientId: string;
  /** Withdraws a token at Google: the tokens of a refused link, the replaced account's refresh token. */
  revoke(token: string): Promise<void>;
  /** True once the attempt is over (cancelled): nothing is saved. */
  readonly isOver?: () => boolean;
}

/**
 * Turns the tokens of a consent into the actor's link: a refresh token and an ID token
 * are required, the ID token's address must be the user's Courriel (read again now), and
 * gmail.send granted. The link and its audit row are one transaction; a replaced Google
 * account's refresh token is then revoked. On any refusal the tokens are withdrawn at
 * Google and nothing is stored (the previous link stays as it was).
 */
export async function completeLink(db: Db, actor: Actor, tokens: Credentials, check: LinkCheck): Promise<LinkInfo> {
  try {
    if (!tokens.refresh_token) throw new AppError('gmail.noRefreshToken');
    if (!tokens.id_token) throw new AppError('gmail.noIdToken');
    const who = await identityFromIdToken(tokens.id_token, check.genv, check.clientId);
    // Courriel is read again: it may have changed while the browser was open.
    const expected = await courrielOf(db, actor.id, actor.code);
    if (who.email.toLowerCase() !== expected.toLowerCase()) throw new AppError('gmail.wrongAccount', { got: who.email, expected });
    if (!who.emailVerified) throw new AppError('gmail.emailUnverified', { got: who.email });
    const scopes = (tokens.scope ?? '').split(/\s+/).filter(Boolean);
    if (!scopes.includes(GMAIL_SEND_SCOPE)) throw new AppError('gmail.scopeMissing');
    if (check.isOver?.()) throw new AppError('gmail.cancelled');
    const before = await readLink(db, actor.id);
    // Another Google account replaces the linked one: its refresh token is read now (the
    // row is about to be overwritten) and revoked once the new link is saved.
    const replaced =
      before && before.status !== 'revoked' && before.address.toLowerCase() !== who.email.toLowerCase()
        ? await readTokens(db, actor.id).then(
            (stored) => stored?.refreshToken ?? null,
            () => null,
          )
        : null;
    // The new link, its audit row and the replaced token queued for Google: one transaction.
    const { info, queued } = await db.transaction(async (trx) => {
      const saved = await saveLink(trx, actor.id, {
        address: who.email,
        scopes,
        refreshToken: tokens.refresh_token!,
        accessToken: tokens.access_token,
        expiryDate: tokens.expiry_date,
      });
      await audit(trx, actor, 'link', 'gmail', actor.code, [{ field: 'address', old: before?.address ?? null, new: who.email }]);
      return { info: saved, queued: replaced ? await queueRevocation(trx, actor.id, before!.address, replaced) : null };
    });
    if (replaced && queued !== null) await revokeReplaced(db, actor, check, { id: queued, token: replaced }, before!.address);
    return info;
  } catch (err) {
    // Refused after Google issued tokens: withdraw them, so nothing is left behind.
    const leftover = tokens.refresh_token ?? tokens.access_token;
    if (leftover) check.revoke(leftover).catch(() => undefined);
    throw err;
  }
}

/**
 * The old account's token stays valid at Google unless revoked: revoked now, then dropped
 * from the queue. Google refusing or unreachable: the new link stands, the token stays
 * queued and is revoked at the next start-up or login (link.ts revokeQueuedAtGoogle).
 */
async function revokeReplaced(
  db: Db,
  actor: Actor,
  check: LinkCheck,
  queued: { id: number; token: string },
  oldAddress: string,
): Promise<void> {
  try {
    await check.revoke(queued.token);
  } catch (err) {
    const status = httpStatusOf(err);
    // Google no longer knows it (400/404): as good as revoked.
    if (status !== 400 && status !== 404) {
      log('warn', `gmail link: the replaced account's token could not be revoked (status ${status ?? 'none'}); it stays queued`);
      return;
    }
  }
  try {
    await dropRevocation(db, queued.id);
    await audit(db, actor, 'revoke', 'gmail', actor.code, [{ field: 'address', old: oldAddress, new: null }]);
  } catch (err) {
    log('warn', 'gmail link: the revoked token could not be dropped from the queue', err);
  }
}

/** The user's Courriel, the address the link must prove; gmail.noEmail when there is none. */
export async function courrielOf(db: Db, userId: number, code: string): Promise<string> {
  const u = await db('users').where({ id: userId }).first('email');
  const email = ((u?.email as string | undefined) ?? '').trim();
  if (!email) throw new AppError('gmail.noEmail', { code });
  return email;
}
