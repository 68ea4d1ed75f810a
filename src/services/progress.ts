// Progress of a long piece of work (a report of a million rows): shown only once the work
// has gone on for `afterMs` since its first update (a quick one shows nothing; the set-up
// before the first update, such as loading a library, is not counted), then at most
// every `everyMs`.

export interface ProgressOptions {
  readonly afterMs?: number;
  readonly everyMs?: number;
  /** Milliseconds, monotonic. */
  readonly clock?: () => number;
}

/** Wraps `show` so that only the updates worth showing reach it. */
export function slowProgress<P>(show: (progress: P) => void, opts: ProgressOptions = {}): (progress: P) => void {
  const clock = opts.clock ?? (() => performance.now());
  const afterMs = opts.afterMs ?? 500;
  const everyMs = opts.everyMs ?? 100;
  let started: number | null = null;
  let shownAt: number | null = null;
  return (progress) => {
    const now = clock();
    started ??= now;
    if (now - started < afterMs) return;
    if (shownAt !== null && now - shownAt < everyMs) return;
    shownAt = now;
    show(progress);
  };
}
