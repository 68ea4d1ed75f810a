// The Google address of a link is the `email` claim of the ID token that the token
// endpoint returned. With real Google that answer comes straight over TLS from
// oauth2.googleapis.com, so (as Google's OpenID documentation allows) the token is
// decoded and its aud / iss / exp checked without fetching certificates: no other call
// is made to identify the account. The sandbox simulator speaks plain HTTP, so there
// the signature is verified with the simulator's key (GoogleEnvironment.idTokenCerts).
import { AppError } from '../errors.js';
import { createOAuthClient, type GoogleEnvironment } from './googleClient.js';

export const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];
const CLOCK_SKEW_S = 300;

export interface IdentityClaims {
  readonly email: string;
  readonly emailVerified: boolean;
}

export async function identityFromIdToken(idToken: string, genv: GoogleEnvironment, clientId: string): Promise<IdentityClaims> {
  let payload: Record<string, unknown>;
  if (genv.idTokenCerts) {
    try {
      const client = await createOAuthClient(genv);
      const ticket = await client.verifySignedJwtWithCertsAsync(idToken, { ...genv.idTokenCerts }, clientId, GOOGLE_ISSUERS);
      payload = (ticket.getPayload() ?? {}) as Record<string, unknown>;
    } catch {
      throw new AppError('gmail.idTokenInvalid');
    }
  } else {
    payload = decodePayload(idToken);
    const aud = payload.aud;
    const audOk = aud === clientId || (Array.isArray(aud) && aud.includes(clientId));
    const exp = typeof payload.exp === 'number' ? payload.exp : 0;
    if (!audOk || !GOOGLE_ISSUERS.includes(String(payload.iss)) || exp + CLOCK_SKEW_S < Date.now() / 1000)
      throw new AppError('gmail.idTokenInvalid');
  }
  const email = typeof payload.email === 'string' ? payload.email.trim() : '';
  if (!email) throw new AppError('gmail.noIdToken');
  return { email, emailVerified: payload.email_verified === true || payload.email_verified === 'true' };
}

function decodePayload(jwt: string): Record<string, unknown> {
  const parts = jwt.split('.');
  if (parts.length !== 3) throw new AppError('gmail.idTokenInvalid');
  try {
    const p = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    if (!p || typeof p !== 'object') throw new Error('not an object');
    return p as Record<string, unknown>;
  } catch {
    throw new AppError('gmail.idTokenInvalid');
  }
}
