// A terminal that goes away (a dropped SSH connection, `tmux kill-session`, a closed
// window): SIGHUP, or reads and writes on the tty failing. The console then ends without
// touching the tty again — no escape written, no raw mode reset — after its last words
// (the unsaved form kept as a draft). Node restores the terminal's modes at exit
// (ResetStdio) and aborts when that fails on a dead tty (nodejs/node#51519): the stdio
// descriptors are closed first, which it skips.
import { closeSync } from 'node:fs';

export interface HangupOptions {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  /** The last work (keep a draft, close the database); bounded by `graceMs`. */
  readonly beforeExit: (reason: string) => Promise<void>;
  readonly log: (message: string, err?: unknown) => void;
  /** How long the last work may take before the process ends anyway. */
  readonly graceMs?: number;
  /** Ends the process (tests replace it). */
  readonly exit?: (code: number) => void;
}

/** 128 + SIGHUP, what a shell reports for a job ended by a hangup. */
export const HANGUP_EXIT_CODE = 129;

// Errors of a tty whose other end is gone.
const DEAD_TTY = new Set(['EIO', 'ENXIO', 'EPIPE', 'EBADF', 'ECONNRESET']);

/**
 * Watches for the terminal going away; returns a function that stops watching (a normal
 * exit). Once it has gone: nothing more is written to the tty, `beforeExit` runs, the
 * process ends with HANGUP_EXIT_CODE.
 */
export function watchHangup(opts: HangupOptions): () => void {
  const { stdin, stdout } = opts;
  let gone = false;
  const hangup = (reason: string, err?: unknown) => {
    if (gone) return;
    gone = true;
    opts.log(`terminal gone (${reason}): ending without touching it`, err);
    // From now on the screen is gone: whatever still renders writes nowhere.
    const silent = ((..._args: unknown[]) => true) as typeof stdout.write;
    stdout.write = silent;
    process.stderr.write = silent as typeof process.stderr.write;
    stdin.pause();
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, opts.graceMs ?? 5000).unref());
    void Promise.race([opts.beforeExit(reason).catch((e: unknown) => opts.log('last work before exit failed', e)), deadline]).finally(
      () => {
        for (const fd of [0, 1, 2]) {
          try {
            closeSync(fd);
          } catch {
            /* already closed */
          }
        }
        (opts.exit ?? ((code: number) => process.exit(code)))(HANGUP_EXIT_CODE);
      },
    );
  };
  const onSignal = () => hangup('SIGHUP');
  const onEnd = () => hangup('end of input');
  const onError = (err: NodeJS.ErrnoException) => {
    if (DEAD_TTY.has(err.code ?? '')) hangup(err.code!, err);
  };
  process.on('SIGHUP', onSignal);
  stdin.on('end', onEnd);
  stdin.on('error', onError);
  stdout.on('error', onError);
  return () => {
    process.off('SIGHUP', onSignal);
    stdin.off('end', onEnd);
    stdin.off('error', onError);
    stdout.off('error', onError);
  };
}
