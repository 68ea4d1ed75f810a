// A file the user asked us to write (a saved report): private (0600), written whole to a
// temporary file beside the target and then moved into place, so a reader never sees half
// of it; a symlink at the target is never followed (the link itself would be replaced);
// an existing file (or link) is replaced only when the caller says so.
import { randomUUID } from 'node:crypto';
import { link, lstat, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

export interface PrivateFile {
  /** The final path (resolved). */
  readonly path: string;
  readonly stream: NodeJS.WritableStream;
  /** Moves the finished temporary file into place (after the stream has finished). */
  commit(): Promise<void>;
  /** Removes the temporary file; the target is left as it was. */
  abort(): Promise<void>;
}

/** Thrown when the target exists and `overwrite` was not given. */
export class TargetExistsError extends Error {
  readonly path: string;
  constructor(file: string) {
    super('target exists');
    this.name = 'TargetExistsError';
    this.path = file;
  }
}

/** True when something (a file, a directory, a symlink, even a dangling one) is at `file`. */
export async function pathTaken(file: string): Promise<boolean> {
  try {
    await lstat(path.resolve(file));
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens a new private temporary file beside `target`. Throws TargetExistsError when the
 * target is taken and `overwrite` is false; file-system errors (ENOENT, EACCES…) as they come.
 */
export async function openPrivateFile(target: string, opts: { readonly overwrite?: boolean } = {}): Promise<PrivateFile> {
  const file = path.resolve(target);
  if (!opts.overwrite && (await pathTaken(file))) throw new TargetExistsError(file);
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  const stream = handle.createWriteStream();
  const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
  return {
    path: file,
    stream,
    async commit() {
      await closed;
      if (opts.overwrite) {
        // rename() replaces what is at the target, a symlink included, without following it.
        await rename(temp, file);
        return;
      }
      // link() refuses an existing target atomically (EEXIST), and never follows a symlink.
      try {
        await link(temp, file);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') {
          await unlink(temp).catch(() => undefined);
          throw new TargetExistsError(file);
        }
        // File systems without hard links: checked again just before the move.
        if (await pathTaken(file)) {
          await unlink(temp).catch(() => undefined);
          throw new TargetExistsError(file);
        }
        await rename(temp, file);
        return;
      }
      await unlink(temp);
    },
    async abort() {
      stream.destroy();
      await closed.catch(() => undefined);
      await unlink(temp).catch(() => undefined);
    },
  };
}
