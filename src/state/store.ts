import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DraftInput } from '../services/drafts.js';
import type { Actor } from '../services/rights.js';

// UI and session state only: the database is the one source of truth for data.

export type ScreenId =
  | 'login'
  | 'firstRun'
  | 'menu'
  | 'users'
  | 'userForm'
  | 'companies'
  | 'companyForm'
  | 'config'
  | 'prefs'
  | 'reports'
  | 'compose'
  | 'outbox'
  | 'audit'
  | 'password'
  | 'schedule'
  | 'rights'
  | 'auditEntry'
  | 'mailEntry'
  | 'diagnostic';

export interface Route {
  readonly screen: ScreenId;
  readonly params?: Readonly<Record<string, string | number | boolean | undefined>>;
}

/** A route on the navigation stack: `key` tells two visits of one screen apart. */
export interface StackEntry extends Route {
  readonly key: number;
}

export interface SessionInfo {
  readonly actor: Actor;
  readonly companyCode: string | null;
  readonly companyName: string | null;
  readonly pageLines: number;
  readonly sessionTimeoutMin: number;
}

export interface ConfirmRequest {
  readonly message: string;
  readonly onYes: () => void;
  readonly onNo?: () => void;
  readonly dangerous?: boolean;
}

export type Overlay = { kind: 'help' } | { kind: 'palette' } | { kind: 'message' } | { kind: 'confirm'; request: ConfirmRequest };

export interface Flash {
  readonly text: string;
  readonly kind: 'info' | 'error' | 'success';
}

export interface AppState {
  readonly session: SessionInfo | null;
  /** The navigation stack: every route stays mounted (hidden) under the one on top. */
  readonly stack: readonly StackEntry[];
  readonly overlay: Overlay | null;
  /** Keys of the routes with unsaved changes (Esc, the palette and q ask first). */
  readonly dirty: ReadonlySet<number>;
  /** What each route with a form would keep as a draft, by route key (see screens/drafts.ts). */
  readonly drafts: Readonly<Record<number, DraftInput>>;
  /** The breadcrumb title a route gives itself (the user's code and name…), by route key. */
  readonly titles: Readonly<Record<number, string>>;
  readonly flash: Flash | null;
  readonly sandbox: boolean;
  readonly quitting: boolean;
  /** Idle lock: the screen (and any unsaved form) stays underneath, hidden, until the password. */
  readonly locked: boolean;
  /** Alerte lors ouverture session: what needs the user, shown on the menu after login. */
  readonly notices: readonly string[];
  /** A long operation (the Gmail link) that Ctrl-C cancels instead of quitting. */
  readonly cancelable: (() => void) | null;

  push(route: Route): void;
  pop(): void;
  replace(route: Route): void;
  reset(route: Route): void;
  setSession(session: SessionInfo | null): void;
  setDirty(routeKey: number, dirty: boolean): void;
  setTitle(routeKey: number, title: string | null): void;
  setDraft(routeKey: number, draft: DraftInput | null): void;
  /** Some route on the stack has unsaved changes. */
  anyDirty(): boolean;
  setFlash(flash: Flash | null): void;
  openOverlay(overlay: Overlay): void;
  closeOverlay(): void;
  confirm(request: ConfirmRequest): void;
  quit(): void;
  lock(): void;
  setNotices(notices: readonly string[]): void;
  setCancelable(cancel: (() => void) | null): void;
  unlock(): void;
  /** Ends the session (schedule left, user deactivated…): back to Connexion with a notice. */
  endSession(notice: string, kind?: Flash['kind']): void;
}

export type AppStore = StoreApi<AppState>;

export function createAppStore(init: { sandbox?: boolean; stack?: Route[] } = {}): AppStore {
  let nextRouteKey = 1;
  const entry = (route: Route): StackEntry => ({ ...route, key: nextRouteKey++ });
  return createStore<AppState>()((set, get) => {
    /** The stack becomes `stack`; what left it forgets its dirty flag and title. */
    const setStack = (stack: StackEntry[], extra: Partial<AppState> = {}) => {
      const keys = new Set(stack.map((r) => r.key));
      const dirty = new Set([...get().dirty].filter((k) => keys.has(k)));
      const titles = Object.fromEntries(Object.entries(get().titles).filter(([k]) => keys.has(Number(k))));
      const drafts = Object.fromEntries(Object.entries(get().drafts).filter(([k]) => keys.has(Number(k))));
      set({ stack, dirty, titles, drafts, ...extra });
    };
    return {
      session: null,
      stack: (init.stack ?? [{ screen: 'login' }]).map(entry),
      overlay: null,
      dirty: new Set<number>(),
      titles: {},
      drafts: {},
      flash: null,
      sandbox: init.sandbox ?? false,
      quitting: false,
      locked: false,
      notices: [],
      cancelable: null,

      push: (route) => setStack([...get().stack, entry(route)], { flash: null }),
      pop: () => {
        const stack = get().stack;
        if (stack.length > 1) setStack(stack.slice(0, -1));
      },
      replace: (route) => setStack([...get().stack.slice(0, -1), entry(route)]),
      reset: (route) => setStack([entry(route)]),
      setSession: (session) => set({ session }),
      setDirty: (routeKey, dirty) => {
        const cur = get().dirty;
        if (cur.has(routeKey) === dirty || (dirty && !get().stack.some((r) => r.key === routeKey))) return;
        const next = new Set(cur);
        if (dirty) next.add(routeKey);
        else next.delete(routeKey);
        set({ dirty: next });
      },
      setTitle: (routeKey, title) => {
        const cur = get().titles;
        if ((cur[routeKey] ?? null) === title) return;
        const { [routeKey]: _old, ...rest } = cur;
        set({ titles: title === null ? rest : { ...rest, [routeKey]: title } });
      },
      setDraft: (routeKey, draft) => {
        const { [routeKey]: _old, ...rest } = get().drafts;
        if (!draft && !_old) return;
        set({ drafts: draft ? { ...rest, [routeKey]: draft } : rest });
      },
      anyDirty: () => get().dirty.size > 0,
      setFlash: (flash) => set({ flash }),
      openOverlay: (overlay) => set({ overlay }),
      closeOverlay: () => set({ overlay: null }),
      confirm: (request) => set({ overlay: { kind: 'confirm', request } }),
      quit: () => set({ quitting: true }),
      lock: () => {
        if (get().session && !get().locked) set({ locked: true, overlay: null });
      },
      unlock: () => set({ locked: false }),
      setNotices: (notices) => set({ notices }),
      setCancelable: (cancelable) => set({ cancelable }),
      endSession: (notice, kind = 'error') =>
        setStack([entry({ screen: 'login' })], {
          session: null,
          locked: false,
          overlay: null,
          notices: [],
          flash: { kind, text: notice },
        }),
    };
  });
}
