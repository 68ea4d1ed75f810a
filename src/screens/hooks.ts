import { useEffect, useState } from 'react';
import { useStdout, type Key } from 'ink';
import { useKeys } from './useKeys.js';
import { t } from '../services/i18n/index.js';
import type { KeyScope } from '../state/keymap.js';
import { useApp, useStoreApi } from './context.js';

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/** The terminal's size, updated on resize. */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

/** Keys for the screen on top: inactive while a dialog, help or the palette is open. */
export function useScreenInput(handler: (input: string, key: Key) => void, active = true): void {
  const overlay = useApp((s) => s.overlay);
  useKeys(handler, { isActive: active && overlay === null });
}

/** Declares the screen's key scopes (footer, help) and whether it takes typed text. */
export function useScreenKeys(scopes: readonly KeyScope[], typing: boolean, active = true): void {
  const store = useStoreApi();
  const key = scopes.join(',');
  useEffect(() => {
    if (active) store.getState().setScopes(scopes);
  }, [key, active]);
  useEffect(() => {
    if (active) store.getState().setTyping(typing);
  }, [typing, active]);
}

/** Esc: back to the previous screen, asking first when there are unsaved changes. */
export function useBack(): () => void {
  const store = useStoreApi();
  return () => {
    const s = store.getState();
    if (s.dirty)
      s.confirm({
        message: t('app.unsavedConfirm'),
        dangerous: true,
        onYes: () => {
          store.getState().closeOverlay();
          store.getState().pop();
        },
      });
    else s.pop();
  };
}

/** Runs an async loader when deps change; keeps the last result while reloading. */
export function useAsync<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
): { data: T | undefined; error: unknown; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => alive && setState({ data, error: null, loading: false }),
      (error) => alive && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => {
      alive = false;
    };
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((x) => x + 1) };
}
