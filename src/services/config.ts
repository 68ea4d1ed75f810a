import type { Db } from './db.js';
import { audit, MASK } from './audit.js';
import { decryptSecret, encryptSecret, secretKeyOf, type SecretContext } from './crypto.js';
import { AppError, ValidationError } from './errors.js';
import { FUNCTIONS, requireRight, type Actor } from './rights.js';
import { textProblem } from './terminalText.js';
import { nowIso } from './time.js';
import { ensureKeyFingerprint } from './sharedKey.js';

export interface ConfigKeyDef {
  readonly key: string;
  /** Stored encrypted, shown masked, never printed by `config get`. */
  readonly secret?: boolean;
  readonly kind: 'text' | 'list' | 'int';
  readonly min?: number;
  readonly max?: number;
  readonly defaultValue: string;
}

export const CONFIG_KEYS: readonly ConfigKeyDef[] = [
  { key: 'UserMaintenanceShowFields', kind: 'list', defaultValue: '' },
  { key: 'GmailClientId', kind: 'text', defaultValue: '' },
  { key: 'GmailClientSecret', kind: 'text', secret: true, defaultValue: '' },
  { key: 'OAuthCallbackPort', kind: 'int', min: 1024, max: 65535, defaultValue: '' },
  { key: 'MaxAttachmentMB', kind: 'int', min: 1, max: 25, defaultValue: '25' },
];

export interface ConfigEntry {
  readonly key: string;
  /** Masked for secrets. */
  readonly display: string;
  readonly secret: boolean;
  readonly isSet: boolean;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

export function configKeyDef(key: string): ConfigKeyDef {
  const def = CONFIG_KEYS.find((k) => k.key.toLowerCase() === key.toLowerCase());
  if (!def) throw new AppError('config.unknownKey', { key, keys: CONFIG_KEYS.map((k) => k.key).join(', ') });
  return def;
}

/** Where a secret key's value is stored: it decrypts only there (crypto.ts, additional data). */
export function configSecretContext(key: string): SecretContext {
  return { table: 'config', id: key, field: 'value' };
}

/** Reads a value for the services themselves (secrets decrypted). No right needed. */
export async function readConfig(db: Db, key: string): Promise<string> {
  const def = configKeyDef(key);
  const row = await db('config').where({ key: def.key }).first('value');
  if (!row || row.value === '') return def.defaultValue;
  return def.secret ? decryptSecret(row.value as string, configSecretContext(def.key), secretKeyOf(db)) : (row.value as string);
}

/** The values of a list key (comma or space separated, lower-cased). */
export async function readConfigList(db: Db, key: string): Promise<string[]> {
  return (await readConfig(db, key))
    .split(/[\s,;]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

export async function listConfig(db: Db, actor: Actor): Promise<ConfigEntry[]> {
  await requireRight(db, actor, FUNCTIONS.config, 'lecture');
  const rows = await db('config').select('key', 'value', 'updated_at', 'updated_by');
  const byKey = new Map(rows.map((r) => [r.key as string, r]));
  return CONFIG_KEYS.map((def) => {
    const r = byKey.get(def.key);
    const raw = (r?.value as string | undefined) ?? '';
    return {
      key: def.key,
      display: def.secret ? (raw ? MASK : '') : raw || def.defaultValue,
      secret: !!def.secret,
      isSet: raw !== '',
      updatedAt: (r?.updated_at as string | undefined) ?? null,
      updatedBy: (r?.updated_by as string | undefined) ?? null,
    };
  });
}

/** `config get KEY`: secrets are never revealed, only whether they are set. */
export async function getConfigDisplay(db: Db, actor: Actor, key: string): Promise<ConfigEntry> {
  const def = configKeyDef(key);
  const all = await listConfig(db, actor);
  return all.find((e) => e.key === def.key)!;
}

function normalise(def: ConfigKeyDef, value: string): string {
  const problem = textProblem(value);
  if (problem) throw new ValidationError({ [def.key]: problem });
  const v = value.trim();
  if (def.kind === 'int' && v !== '') {
    const n = Number(v);
    if (!Number.isInteger(n) || n < (def.min ?? -Infinity) || n > (def.max ?? Infinity))
      throw new ValidationError({ [def.key]: { key: 'validation.intRange', params: { min: def.min ?? '', max: def.max ?? '' } } });
    return String(n);
  }
  if (def.kind === 'list')
    return v
      .split(/[\s,;]+/)
      .filter(Boolean)
      .join(',');
  return v;
}

export async function setConfig(db: Db, actor: Actor | null, key: string, value: string): Promise<ConfigEntry | null> {
  if (actor) await requireRight(db, actor, FUNCTIONS.config, 'modification');
  const def = configKeyDef(key);
  const v = normalise(def, value);
  // A key that is not the one the other servers share is refused before it encrypts.
  if (def.secret && v !== '') await ensureKeyFingerprint(db);
  const stored = def.secret && v !== '' ? encryptSecret(v, configSecretContext(def.key), secretKeyOf(db)) : v;
  const before = await db('config').where({ key: def.key }).first('value');
  const oldDisplay = def.secret ? (before?.value ? MASK : '') : ((before?.value as string | undefined) ?? '');
  const row = { key: def.key, value: stored, updated_at: nowIso(), updated_by: actor?.code ?? null };
  const newDisplay = def.secret ? (v ? MASK : '') : v;
  await db.transaction(async (trx) => {
    await trx('config').insert(row).onConflict('key').merge(['value', 'updated_at', 'updated_by']);
    if (oldDisplay !== newDisplay || def.secret)
      await audit(trx, actor, 'update', 'config', def.key, [{ field: def.key, old: oldDisplay, new: newDisplay }]);
  });
  return actor ? getConfigDisplay(db, actor, def.key) : null;
}
