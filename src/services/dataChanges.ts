import { isPostgres, type Db } from './db.js';
import { log } from './log.js';

// Tells a console that the data changed under it (another console, a CLI command), so
// its lists read themselves again. SQLite: PRAGMA data_version on the console's one
// connection moves when another connection commits; it is read about once a second.
// PostgreSQL: LISTEN prextra_changes on a connection of its own (the triggers of
// migration 20261130000090 NOTIFY on every change of a listed table).

export interface ChangeWatcher {
  /** Calls `listener` after each change seen; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  stop(): Promise<void>;
}

export interface WatchOptions {
  /** SQLite: how often data_version is read (default 1 s). */
  readonly intervalMs?: number;
  /** When false, a poll is skipped (the user is typing: the list reads itself after). */
  readonly idle?: () => boolean;
  /** PostgreSQL: how long after a lost connection it listens again (default 5 s). */
  readonly relistenMs?: number;
}

export function watchDataChanges(db: Db, opts: WatchOptions = {}): ChangeWatcher {
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of [...listeners]) l();
  };
  const stopper = isPostgres(db) ? listenPostgres(db, notify, opts.relistenMs ?? RELISTEN_MS) : pollSqlite(db, notify, opts);
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    stop: stopper,
  };
}

function pollSqlite(db: Db, changed: () => void, opts: WatchOptions): () => Promise<void> {
  let last: number | null = null;
  let lastFailure = '';
  let busy = false;
  let stopped = false;
  // The first read sets the baseline whatever the user is doing: a change after it is seen.
  const read = async () => {
    if (busy || stopped || (last !== null && opts.idle && !opts.idle())) return;
    busy = true;
    try {
      const rows = (await db.raw('PRAGMA data_version')) as Array<{ data_version: number }>;
      const v = Number(rows[0]?.data_version);
      if (last !== null && v !== last) changed();
      last = v;
      lastFailure = '';
    } catch (e) {
      // Once per failure, not once a second for as long as it lasts (a file gone, a lock).
      const failure = String((e as { code?: unknown } | null)?.code ?? (e as Error | null)?.message ?? e);
      if (failure !== lastFailure) log('warn', 'data_version could not be read', e);
      lastFailure = failure;
    } finally {
      busy = false;
    }
  };
  void read();
  const timer = setInterval(() => void read(), opts.intervalMs ?? 1000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
  };
}

interface PgConnection {
  query(sql: string): Promise<unknown>;
  on(event: 'notification', listener: (msg: { channel: string; payload?: string }) => void): void;
  on(event: 'end' | 'error', listener: () => void): void;
  removeAllListeners(event: string): void;
}

interface RawConnections {
  acquireRawConnection(): Promise<unknown>;
  destroyRawConnection(connection: unknown): Promise<void>;
}

/** A connection lost (the server restarted): LISTEN again after this long. */
const RELISTEN_MS = 5000;

function listenPostgres(db: Db, changed: () => void, relistenMs: number): () => Promise<void> {
  // A connection of its own, outside the pool: it stays open for as long as the console
  // watches, so it must neither take one of the pool's few connections nor keep
  // db.destroy() waiting for it (a pool waits for what it lent; this was never lent).
  const client = db.client as unknown as RawConnections;
  let conn: PgConnection | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  let pending: Promise<void> = Promise.resolve();
  const listen = async (): Promise<void> => {
    const c = (await client.acquireRawConnection()) as PgConnection;
    if (stopped) {
      await client.destroyRawConnection(c).catch(() => undefined);
      return;
    }
    conn = c;
    c.on('notification', (msg) => {
      if (msg.channel === 'prextra_changes') changed();
    });
    const lost = () => {
      if (conn !== c || stopped) return;
      conn = null;
      log('warn', 'LISTEN prextra_changes: connection lost, listening again shortly');
      // Changes made meanwhile were not heard: the lists read again once listening.
      retry = setTimeout(() => (pending = start(true)), relistenMs);
      retry.unref();
    };
    c.on('end', lost);
    c.on('error', lost);
    await c.query('LISTEN prextra_changes');
  };
  const start = (again = false): Promise<void> =>
    listen().then(
      () => {
        if (again && !stopped) changed();
      },
      (e: unknown) => {
        log('warn', 'LISTEN prextra_changes failed', e);
        if (stopped) return;
        retry = setTimeout(() => (pending = start(true)), relistenMs);
        retry.unref();
      },
    );
  pending = start();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await pending;
    const c = conn;
    conn = null;
    if (!c) return;
    c.removeAllListeners('notification');
    // Ending the connection ends its LISTEN too.
    await client.destroyRawConnection(c).catch(() => undefined);
  };
}
