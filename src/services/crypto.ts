import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { configDir } from '../paths.js';
import { envOf, type Db } from './db.js';
import { AppError } from './errors.js';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;

// ---- password hashes (scrypt) -------------------------------------------------------
export interface ScryptCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** OWASP's scrypt parameters: 128 MiB and a few hundred milliseconds per hash. */
export const PRODUCTION_PASSWORD_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

/**
 * The cost new hashes get, from the run's environment (the runtime's; envOf(db) in the
 * services). Tests (NODE_ENV=test) may lower N through PRX_TEST_SCRYPT_LOG2N so that
 * hundreds of logins stay fast; anywhere else it is always the production cost.
 */
export function passwordCost(env: NodeJS.ProcessEnv): ScryptCost {
  const log2n = Number(env.PRX_TEST_SCRYPT_LOG2N);
  if (env.NODE_ENV === 'test' && Number.isInteger(log2n) && log2n >= 4 && log2n < 17) return { ...PRODUCTION_PASSWORD_COST, N: 2 ** log2n };
  return PRODUCTION_PASSWORD_COST;
}

function runScrypt(password: string, salt: Buffer, length: number, cost: ScryptCost): Promise<Buffer> {
  // Node refuses above maxmem; scrypt needs about 128·N·r bytes.
  return scrypt(password, salt, length, { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r + 1024 * 1024 });
}

export async function hashPassword(password: string, cost: ScryptCost): Promise<string> {
  const salt = randomBytes(16);
  const hash = await runScrypt(password, salt, 32, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

interface ParsedHash {
  readonly cost: ScryptCost;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

function parseHash(stored: string | null | undefined): ParsedHash | null {
  const parts = (stored ?? '').split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, n, r, p, saltB64, hashB64] = parts as [string, string, string, string, string, string];
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (![cost.N, cost.r, cost.p].every((v) => Number.isInteger(v) && v > 0)) return null;
  const hash = Buffer.from(hashB64, 'base64');
  return hash.length >= 16 ? { cost, salt: Buffer.from(saltB64, 'base64'), hash } : null;
}

/**
 * True when `password` matches `stored`. Without a usable hash (unknown code, no password
 * set) it still runs a full scrypt at the current cost and answers false: the time taken
 * does not tell whether the account exists.
 */
export async function verifyPassword(password: string, stored: string | null | undefined, cost: ScryptCost): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) {
    await runScrypt(password, Buffer.alloc(16), 32, cost);
    return false;
  }
  const actual = await runScrypt(password, parsed.salt, parsed.hash.length, parsed.cost);
  return timingSafeEqual(actual, parsed.hash);
}

/** A hash made with another cost than today's: rehash it at the next successful login. */
export function needsRehash(stored: string, cost: ScryptCost): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.cost.N !== cost.N || parsed.cost.r !== cost.r || parsed.cost.p !== cost.p;
}

// ---- secrets at rest (AES-256-GCM) --------------------------------------------------
/** Where this process's key comes from: what to change to change it. */
export type KeySource =
  { readonly kind: 'env' } | { readonly kind: 'file'; readonly path: string } | { readonly kind: 'config'; readonly path: string };

/**
 * The mode bits a key file must not have, and the mode a fix gives it: this OS user's own
 * key (config folder) 0600; a key the servers' group shares (PRX_SECRET_KEY_FILE) may be
 * read by the group, never written by it nor read by others. The doctor judges by the same.
 */
export const KEY_FILE_MODES = {
  config: { forbidden: 0o077, wanted: '600' },
  file: { forbidden: 0o027, wanted: '640' },
} as const;

export function secretKeySource(env: NodeJS.ProcessEnv): KeySource {
  if (env.PRX_SECRET_KEY) return { kind: 'env' };
  if (env.PRX_SECRET_KEY_FILE) return { kind: 'file', path: path.resolve(env.PRX_SECRET_KEY_FILE) };
  return { kind: 'config', path: path.join(configDir(env), 'secret.key') };
}

/**
 * The 32-byte key, in base64: PRX_SECRET_KEY wins; else PRX_SECRET_KEY_FILE, a file the
 * servers sharing one database share (readable by their group: mode 0640 or narrower,
 * never by others); else secret.key in the config folder, this OS user's own, created
 * with mode 0600 on first use and refused when its mode is wider. Read from `env` (the
 * run's) each time it is needed: a few bytes, and a key file changed (rotated, chmod) is
 * seen at once.
 */
export function secretKey(env: NodeJS.ProcessEnv): Buffer {
  const source = secretKeySource(env);
  if (source.kind === 'env') {
    const k = Buffer.from(env.PRX_SECRET_KEY!, 'base64');
    if (k.length !== 32) throw new AppError('errors.secretKeyEnv');
    return k;
  }
  if (source.kind === 'file') return readSharedKeyFile(source.path);
  const dir = path.dirname(source.path);
  const file = source.path;
  if (!existsSync(file)) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    } catch (e) {
      // A folder the console cannot write (rights, read-only mount, full disk): say which and what to set.
      if (['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'ENOTDIR'].includes(String((e as NodeJS.ErrnoException).code)))
        throw new AppError('errors.configUnwritable', { path: dir });
      throw e;
    }
  }
  const mode = statSync(file).mode & 0o777;
  if (mode & KEY_FILE_MODES.config.forbidden) throw new AppError('errors.secretKeyMode', { path: file, mode: mode.toString(8) });
  const k = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (k.length !== 32) throw new AppError('errors.secretKeyFile', { path: file });
  return k;
}

/** The secret key of the run the database was opened for. */
export function secretKeyOf(db: Db): Buffer {
  return secretKey(envOf(db));
}

/** The password cost of the run the database was opened for. */
export function passwordCostOf(db: Db): ScryptCost {
  return passwordCost(envOf(db));
}

/**
 * A shared key file (PRX_SECRET_KEY_FILE): several OS users of one group read it, so
 * group read is allowed; anything for others, or group write, is refused. Also used for
 * the new key of `secret rotate --new-key-file`.
 */
export function readSharedKeyFile(file: string): Buffer {
  let mode: number;
  let text: string;
  try {
    mode = statSync(file).mode & 0o777;
    text = readFileSync(file, 'utf8');
  } catch {
    throw new AppError('errors.secretKeyFileMissing', { path: file });
  }
  if (mode & KEY_FILE_MODES.file.forbidden) throw new AppError('errors.secretKeyFileMode', { path: file, mode: mode.toString(8) });
  const k = Buffer.from(text.trim(), 'base64');
  if (k.length !== 32) throw new AppError('errors.secretKeyFile', { path: file });
  return k;
}

/** A new random key, as written to a key file. */
export function newSecretKey(): Buffer {
  return randomBytes(32);
}

/**
 * What the database keeps to recognise the key: an HMAC of a fixed label under the key.
 * It tells whether two servers hold the same key without revealing anything of it.
 */
export function keyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update('prextra-console secret key fingerprint v1').digest('base64url');
}

/**
 * Where a secret lives. It is authenticated with the ciphertext (AES-GCM additional
 * data): a value copied into another row, user or field no longer decrypts.
 */
export interface SecretContext {
  readonly table: string;
  readonly id: number | string;
  readonly field: string;
}

const TAG_BYTES = 16;

function additionalData(ctx: SecretContext): Buffer {
  return Buffer.from(['prextra-secret', ctx.table, String(ctx.id), ctx.field].join('\u0000'), 'utf8');
}

/** Encrypts a secret bound to where it is stored: "v2.<iv>.<tag>.<ciphertext>" in base64 parts. */
export function encryptSecret(plain: string, ctx: SecretContext, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(ctx));
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v2', iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join('.');
}

/** Decrypts a secret read from `ctx`; a value from anywhere else, or tampered with, is unreadable. */
export function decryptSecret(stored: string, ctx: SecretContext, key: Buffer): string {
  return open(stored, 'v2', ctx, key);
}

/** A secret stored before secrets were bound to their row (no additional data). */
export function isLegacySecret(stored: string): boolean {
  return stored.startsWith('v1.');
}

/** Decrypts a legacy v1 secret, only to re-encrypt it bound to its row (upgradeStoredSecrets). */
export function decryptLegacySecret(stored: string, key: Buffer): string {
  return open(stored, 'v1', null, key);
}

function open(stored: string, version: 'v1' | 'v2', ctx: SecretContext | null, key: Buffer): string {
  const parts = stored.split('.');
  if (parts.length !== 4 || parts[0] !== version) throw new AppError('errors.secretUnreadable');
  const tag = Buffer.from(parts[2]!, 'base64');
  // A tag cut short would make forgeries cheap: only the full 16 bytes are accepted.
  if (tag.length !== TAG_BYTES) throw new AppError('errors.secretUnreadable');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(parts[1]!, 'base64'), { authTagLength: TAG_BYTES });
    if (ctx) decipher.setAAD(additionalData(ctx));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(parts[3]!, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new AppError('errors.secretUnreadable');
  }
}
