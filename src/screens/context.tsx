import React, { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Db } from '../services/db.js';
import { t } from '../services/i18n/index.js';
import type { AppState, AppStore } from '../state/store.js';
import { KeyBus } from './keys/bus.js';
import { KeyProvider } from './keys/react.js';
import type { PinnedText } from './pinnedText.js';

/** What the screens need from outside React: the database and the environment. */
export interface ConsoleServices {
  /** Set once `ready` has resolved (the console draws its first frame before opening it). */
  readonly db: Db;
  /** Resolves when the database is open and migrated. */
  readonly ready?: Promise<void>;
  readonly env: NodeJS.ProcessEnv;
  /** Folder beside the database: sandbox mail, temporary PDFs. */
  readonly dataDir: string;
  readonly sandbox: boolean;
  /** In a real terminal: writes a line Ink must not wrap (see pinnedText.ts). */
  readonly pinned?: PinnedText;
}

const ServicesContext = createContext<ConsoleServices | null>(null);
const StoreContext = createContext<AppStore | null>(null);

/** A key bus whose dangerous commands ask through the store's confirm line. */
export function createKeyBus(store: AppStore): KeyBus {
  return new KeyBus({
    confirm: (message, onYes) => store.getState().confirm({ message, dangerous: true, onYes }),
    translate: (key, params) => t(key, params),
  });
}

export function Providers({
  services,
  store,
  bus,
  children,
}: {
  services: ConsoleServices;
  store: AppStore;
  /** Tests pass their own to inspect what is registered. */
  bus?: KeyBus;
  children: React.ReactNode;
}) {
  const [keyBus] = React.useState(() => bus ?? createKeyBus(store));
  return (
    <ServicesContext.Provider value={services}>
      <StoreContext.Provider value={store}>
        <KeyProvider bus={keyBus}>{children}</KeyProvider>
      </StoreContext.Provider>
    </ServicesContext.Provider>
  );
}

export function useServices(): ConsoleServices {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside Providers');
  return s;
}

export function useStoreApi(): AppStore {
  const s = useContext(StoreContext);
  if (!s) throw new Error('useStoreApi outside Providers');
  return s;
}

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useStoreApi(), selector);
}
