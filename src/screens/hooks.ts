import { createContext, useContext, useEffect, useRef, useState } from 'react';
import { useStdout } from 'ink';
import type { StackEntry } from '../state/store.js';
import { useStoreApi } from './context.js';
import { useScopeActive } from './keys/react.js';

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/** The terminal's size, updated on resize. */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 }));
  useEffect(() => {
    const onResize = () => setSize({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

export const RouteContext = createContext<StackEntry | null>(null);

/** The route this screen was opened as (its key tells two visits of a screen apart). */
export function useRoute(): StackEntry {
  const r = useContext(RouteContext);
  if (!r) throw new Error('useRoute outside a route');
  return r;
}

/** Declares that this route holds unsaved changes: Esc, the palette and q ask first. */
export function useDirty(dirty: boolean): void {
  const store = useStoreApi();
  const { key } = useRoute();
  useEffect(() => {
    store.getState().setDirty(key, dirty);
  }, [store, key, dirty]);
  useEffect(() => () => store.getState().setDirty(key, false), [store, key]);
}

/** The route's own breadcrumb title (after the module path): a user's code and name… */
export function useTitle(title: string | null): void {
  const store = useStoreApi();
  const { key } = useRoute();
  useEffect(() => {
    store.getState().setTitle(key, title);
  }, [store, key, title]);
}

/** Runs an async loader when deps change; keeps the last result while reloading. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): { data: T | undefined; error: unknown; reload: () => void } {
  const [state, setState] = useState<{ data: T | undefined; error: unknown }>({ data: undefined, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    load().then(
      (data) => alive && setState({ data, error: null }),
      (error) => alive && setState((s) => ({ data: s.data, error })),
    );
    return () => {
      alive = false;
    };
    // The caller lists what the loader depends on, like useEffect's own deps.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((x) => x + 1) };
}

/** Runs `onReturn` when the screen is on top again (back from a form above it). */
export function useOnReturn(onReturn: () => void): void {
  const shown = useScopeActive();
  const was = useRef(shown);
  const latest = useRef(onReturn);
  useEffect(() => {
    latest.current = onReturn;
  });
  useEffect(() => {
    if (shown && !was.current) latest.current();
    was.current = shown;
  }, [shown]);
}
