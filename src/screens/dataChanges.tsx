import React, { createContext, useContext, useEffect, useRef, useState } from 'react';
import { watchDataChanges, type ChangeWatcher } from '../services/dataChanges.js';
import { useApp, useServices } from './context.js';
import { useKeyBus, useScopeActive } from './keys/react.js';

const WatcherContext = createContext<ChangeWatcher | null>(null);

/** A key within this long: the user is typing, the poll waits for a pause (it runs about once a second while idle). */
const BUSY_MS = 300;

/** Watches the database for changes made elsewhere while someone is logged in. */
export function DataChangesProvider({ children }: { children: React.ReactNode }) {
  const services = useServices();
  const bus = useKeyBus();
  const loggedIn = useApp((s) => s.session !== null);
  const [watcher, setWatcher] = useState<ChangeWatcher | null>(null);
  useEffect(() => {
    if (!loggedIn) return;
    let alive = true;
    let w: ChangeWatcher | null = null;
    void (services.ready ?? Promise.resolve()).then(() => {
      if (!alive) return;
      w = watchDataChanges(services.db, { idle: () => !bus || Date.now() - bus.lastKeyAt > BUSY_MS });
      setWatcher(w);
    });
    return () => {
      alive = false;
      setWatcher(null);
      void w?.stop();
    };
  }, [services, bus, loggedIn]);
  return <WatcherContext.Provider value={watcher}>{children}</WatcherContext.Provider>;
}

/**
 * Calls `onChange` when the data changed elsewhere (another console, a CLI command): at
 * once when this screen is on top, else when it comes back on top.
 */
export function useDataChanges(onChange: () => void): void {
  const watcher = useContext(WatcherContext);
  const shown = useScopeActive();
  const latest = useRef(onChange);
  const stale = useRef(false);
  const shownRef = useRef(shown);
  useEffect(() => {
    latest.current = onChange;
    shownRef.current = shown;
  });
  useEffect(() => {
    if (!watcher) return;
    return watcher.subscribe(() => {
      if (shownRef.current) latest.current();
      else stale.current = true;
    });
  }, [watcher]);
  useEffect(() => {
    if (shown && stale.current) {
      stale.current = false;
      latest.current();
    }
  }, [shown]);
}
