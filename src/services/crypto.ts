import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AppError } from './errors.js';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;

// ---- password hashes (scrypt) -------------------------------------------------------
const N = 16384;
const R = 8;
const P = 1;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  if (!stored) return false;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, hashB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hashB64, 'base64');
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// ---- secrets at rest (AES-256-GCM) --------------------------------------------------
export function configDir(): string {
  if (process.env.PRX_CONFIG_DIR) return path.resolve(process.env.PRX_CONFIG_DIR);
  const base = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'prextra-console');
}

let cachedKey: Buffer | null = null;

/** Test hook: forget the cached key (after changing PRX_SECRET_KEY / PRX_CONFIG_DIR). */
export function resetSecretKeyCache(): void {
  cachedKey = null;
}

/**
 * The 32-byte key: PRX_SECRET_KEY (base64) wins; else secret.key in the config folder,
 * created with mode 0600 on first use and refused when its mode is wider.
 */
export function secretKey(): Buffer {
  if (cachedKey) return cachedKey;
  const fromEnv = process.env.PRX_SECRET_KEY;
  if (fromEnv) {
    const k = Buffer.from(fromEnv, 'base64');
    if (k.length !== 32) throw new AppError('errors.secretKeyEnv');
    cachedKey = k;
    return k;
  }
  const dir = configDir();
  const file = path.join(dir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) throw new AppError('errors.secretKeyMode', { path: file, mode: mode.toString(8) });
  const k = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (k.length !== 32) throw new AppError('errors.secretKeyFile', { path: file });
  cachedKey = k;
  return k;
}

/** Encrypts a secret: "v1.<iv>.<tag>.<ciphertext>" in base64 parts. */
export function encryptSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secretKey(), iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join('.');
}

export function decryptSecret(stored: string): string {
  const parts = stored.split('.');
  if (parts.length !== 4 || parts[0] !== 'v1') throw new AppError('errors.secretUnreadable');
  // A key file with the wrong mode must say so ("chmod 600"), not "unreadable secret".
  const key = secretKey();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(parts[1]!, 'base64'));
    decipher.setAuthTag(Buffer.from(parts[2]!, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(parts[3]!, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new AppError('errors.secretUnreadable');
  }
}

export function isEncrypted(value: string): boolean {
  return value.startsWith('v1.');
}
