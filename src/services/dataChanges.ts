import type { Db } from './db.js';
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
}

function isPostgres(db: Db): boolean {
  return ['pg', 'postgres', 'postgresql'].includes(String(db.client.config.client ?? ''));
}

export function watchDataChanges(db: Db, opts: WatchOptions = {}): ChangeWatcher {
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of [...listeners]) l();
  };
  const stopper = isPostgres(db) ? listenPostgres(db, notify) : pollSqlite(db, notify, opts);
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
    } catch (e) {
      log('warn', 'data_version could not be read', e);
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
  removeAllListeners(event: string): void;
}

function listenPostgres(db: Db, changed: () => void): () => Promise<void> {
  let conn: PgConnection | null = null;
  let stopped = false;
  // A connection of the pool kept for LISTEN (notifications arrive on the connection that listens).
  const ready = (async () => {
    const c = (await db.client.acquireConnection()) as PgConnection;
    if (stopped) {
      await db.client.releaseConnection(c);
      return;
    }
    conn = c;
    c.on('notification', (msg) => {
      if (msg.channel === 'prextra_changes') changed();
    });
    await c.query('LISTEN prextra_changes');
  })().catch((e) => log('warn', 'LISTEN prextra_changes failed', e));
  return async () => {
    stopped = true;
    await ready;
    if (!conn) return;
    const c = conn;
    conn = null;
    try {
      await c.query('UNLISTEN prextra_changes');
    } catch {
      /* the connection is going anyway */
    }
    c.removeAllListeners('notification');
    await db.client.releaseConnection(c);
  };
}
