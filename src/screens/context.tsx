import React, { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Db } from '../services/db.js';
import type { AppState, AppStore } from '../state/store.js';
import { KeyBus, KeyBusProvider } from './useKeys.js';
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

export function Providers({ services, store, children }: { services: ConsoleServices; store: AppStore; children: React.ReactNode }) {
  const [bus] = React.useState(() => new KeyBus(() => store.getState().overlay !== null || store.getState().locked));
  return (
    <ServicesContext.Provider value={services}>
      <StoreContext.Provider value={store}>
        <KeyBusProvider bus={bus}>{children}</KeyBusProvider>
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
