import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newSecretKey, readSharedKeyFile, secretKeySource } from '../../services/crypto.js';
import { AppError } from '../../services/errors.js';
import { FUNCTIONS, requireRight } from '../../services/rights.js';
import { rotateSecretKey, secretKeyStatus } from '../../services/sharedKey.js';
import type { Handler, Invocation } from '../definitions.js';
import { printJson, printTable, type CliContext } from '../context.js';
import { asUser } from './session.js';

// secret status | rotate [--new-key-file FILE] (definitions: src/cli/definitions.ts)

const status = (ctx: CliContext, { values }: Invocation) =>
  asUser(ctx, async (db, actor) => {
    await requireRight(db, actor, FUNCTIONS.config, 'lecture');
    const s = await secretKeyStatus(db);
    if (values.json) return printJson(ctx, s);
    printTable(
      ctx,
      ['', ''],
      [
        [ctx.t('secret.status.source'), s.source],
        [ctx.t('secret.status.fingerprint'), s.fingerprint],
        [ctx.t('secret.status.database'), s.databaseFingerprint ?? ctx.t('secret.status.none')],
      ],
    );
    // A server with the wrong key never gets here: opening refused it with the sentence.
    ctx.out(ctx.t('secret.status.ok') + '\n');
  });

/** Writes a new key to `file` (created: never replaces a file); mode 0640 for a shared file. */
function writeKeyFile(file: string, mode: number): Buffer {
  const key = newSecretKey();
  writeFileSync(file, key.toString('base64') + '\n', { mode, flag: 'wx' });
  return key;
}

/**
 * secret rotate: a new key, every secret re-encrypted under it in one transaction. With
 * --new-key-file FILE the new key is that file (made when missing); without it, the key
 * file in use (PRX_SECRET_KEY_FILE or the config folder's) is replaced, once the database
 * has committed. Run it with the other servers stopped; they start again with the new key.
 */
const rotate = (ctx: CliContext, { values }: Invocation) =>
  asUser(ctx, async (db, actor) => {
    await requireRight(db, actor, FUNCTIONS.config, 'modification');
    const given = values['new-key-file'] as string | undefined;
    if (given) {
      const file = path.resolve(given);
      let key: Buffer;
      if (existsSync(file)) {
        try {
          key = readSharedKeyFile(file);
        } catch (e) {
          if (e instanceof AppError && e.key === 'errors.secretKeyFile') throw new AppError('secret.newKeyExists', { path: file });
          throw e;
        }
      } else key = writeKeyFile(file, 0o640);
      const count = await rotateSecretKey(db, key);
      if (values.json) return printJson(ctx, { rotated: count, keyFile: file });
      return ctx.out(ctx.t('secret.rotated', { count, path: file }) + '\n');
    }
    const source = secretKeySource(ctx.env);
    if (source.kind === 'env') throw new AppError('secret.rotateNeedsFile');
    // The new key goes beside the old one first: if the database refuses, the old one stays.
    const next = `${source.path}.new`;
    rmSync(next, { force: true });
    const key = writeKeyFile(next, source.kind === 'config' ? 0o600 : 0o640);
    let count: number;
    try {
      count = await rotateSecretKey(db, key);
    } catch (e) {
      rmSync(next, { force: true });
      throw e;
    }
    renameSync(next, source.path);
    if (values.json) return printJson(ctx, { rotated: count, keyFile: source.path });
    ctx.out(ctx.t('secret.rotatedInPlace', { count, path: source.path }) + '\n');
  });

export const handlers: Record<string, Handler> = { status, rotate };
