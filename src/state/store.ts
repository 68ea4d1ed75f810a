import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Actor } from '../services/rights.js';
import type { KeyScope } from './keymap.js';

// UI and session state only: the database is the one source of truth for data.

export type ScreenId =
  | 'login'
  | 'firstRun'
  | 'menu'
  | 'users'
  | 'userForm'
  | 'companies'
  | 'config'
  | 'prefs'
  | 'reports'
  | 'compose'
  | 'outbox'
  | 'audit'
  | 'password';

export interface Route {
  readonly screen: ScreenId;
  readonly params?: Readonly<Record<string, string | number | boolean | undefined>>;
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

export type Overlay = { kind: 'help' } | { kind: 'palette' } | { kind: 'confirm'; request: ConfirmRequest };

export interface Flash {
  readonly text: string;
  readonly kind: 'info' | 'error' | 'success';
}

export interface AppState {
  readonly session: SessionInfo | null;
  readonly stack: readonly Route[];
  readonly overlay: Overlay | null;
  /** The screen on top has unsaved changes (Esc and q ask first). */
  readonly dirty: boolean;
  /** The focused widget takes printable keys (global one-letter keys are off). */
  readonly typing: boolean;
  /** Key scopes of the screen on top, for the footer and help. */
  readonly scopes: readonly KeyScope[];
  /** A title suffix the screen adds to its breadcrumb (the user's code…). */
  readonly crumbExtra: string | null;
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
  setDirty(dirty: boolean): void;
  setTyping(typing: boolean): void;
  setScopes(scopes: readonly KeyScope[]): void;
  setCrumbExtra(extra: string | null): void;
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
  endSession(notice: string): void;
}

export type AppStore = StoreApi<AppState>;

export function createAppStore(init: { sandbox?: boolean; stack?: Route[] } = {}): AppStore {
  return createStore<AppState>()((set, get) => ({
    session: null,
    stack: init.stack ?? [{ screen: 'login' }],
    overlay: null,
    dirty: false,
    typing: false,
    scopes: ['global'],
    crumbExtra: null,
    flash: null,
    sandbox: init.sandbox ?? false,
    quitting: false,
    locked: false,
    notices: [],
    cancelable: null,

    push: (route) => set({ stack: [...get().stack, route], dirty: false, typing: false, crumbExtra: null, flash: null }),
    pop: () => {
      const stack = get().stack;
      if (stack.length > 1) set({ stack: stack.slice(0, -1), dirty: false, typing: false, crumbExtra: null });
    },
    replace: (route) => set({ stack: [...get().stack.slice(0, -1), route], dirty: false, typing: false, crumbExtra: null }),
    reset: (route) => set({ stack: [route], dirty: false, typing: false, crumbExtra: null }),
    setSession: (session) => set({ session }),
    setDirty: (dirty) => {
      if (get().dirty !== dirty) set({ dirty });
    },
    setTyping: (typing) => {
      if (get().typing !== typing) set({ typing });
    },
    setScopes: (scopes) => set({ scopes }),
    setCrumbExtra: (crumbExtra) => {
      if (get().crumbExtra !== crumbExtra) set({ crumbExtra });
    },
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
    endSession: (notice) =>
      set({
        session: null,
        locked: false,
        overlay: null,
        dirty: false,
        typing: false,
        crumbExtra: null,
        stack: [{ screen: 'login' }],
        notices: [],
        flash: { kind: 'error', text: notice },
      }),
  }));
}
