// How the console may reach Google outside the sandbox: over TLS, or in clear only to this
// machine (a local proxy, a test double). Tokens and client secrets travel on these
// connections; an http:// address on the network would hand them to anyone on the path.
import { isIP } from 'node:net';
import { AppError } from '../errors.js';

/** The variables that move Google's endpoints (see googleClient.ts). */
export const GOOGLE_ENDPOINT_VARIABLES = [
  'PRX_GOOGLE_AUTH_URL',
  'PRX_GOOGLE_TOKEN_URL',
  'PRX_GOOGLE_REVOKE_URL',
  'PRX_GMAIL_API_URL',
] as const;

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}

/**
 * Throws AppError('gmail.insecureEndpoint') unless `value` is https://, or http:// to a
 * loopback address; AppError('gmail.badUrl') when it is no URL at all.
 */
export function requireSecureEndpoint(name: string, value: string): void {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new AppError('gmail.badUrl', { name, value });
  }
  if (u.protocol === 'https:') return;
  if (u.protocol === 'http:' && isLoopbackHost(u.hostname)) return;
  if (u.protocol !== 'http:') throw new AppError('gmail.badUrl', { name, value });
  throw new AppError('gmail.insecureEndpoint', { name, value });
}

/** At start (console and every command): the endpoints set in the environment, unless in the sandbox. */
export function checkGoogleEndpoints(env: NodeJS.ProcessEnv, sandbox: boolean): void {
  if (sandbox) return;
  for (const name of GOOGLE_ENDPOINT_VARIABLES) {
    const v = env[name]?.trim();
    if (v) requireSecureEndpoint(name, v);
  }
}
