import React, { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Db } from '../services/db.js';
import { formatMessage, isMessageKey, langOf, translator, type Lang, type MessageParams, type Translate } from '../services/i18n/index.js';
import type { Theme } from './theme.js';
import type { Clock } from '../services/time.js';
import type { Google } from '../services/gmail/googleClient.js';
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
  /** The language before anyone logs in (PRX_LANG); after login, the user's Langue. */
  readonly lang: Lang;
  /** Colours (none under NO_COLOR). */
  readonly theme: Theme;
  /** The clock of lockouts, expiry and the idle lock. */
  readonly clock: Clock;
  /** How the Gmail link and the mails reach Google. */
  readonly google: Google;
  /** In a real terminal: writes a line Ink must not wrap (see pinnedText.ts). */
  readonly pinned?: PinnedText;
}

const ServicesContext = createContext<ConsoleServices | null>(null);
const StoreContext = createContext<AppStore | null>(null);

/** The language of the session: the logged-in user's Langue, else the console's own. */
function sessionLang(s: AppState, fallback: Lang): Lang {
  const language = s.session?.actor.language;
  return language ? langOf(language) : fallback;
}

/** A key bus whose dangerous commands ask through the store's confirm line, in the session's language. */
export function createKeyBus(store: AppStore, lang: Lang): KeyBus {
  return new KeyBus({
    confirm: (message, onYes) => store.getState().confirm({ message, dangerous: true, onYes }),
    translate: (key, params) =>
      isMessageKey(key) ? formatMessage(sessionLang(store.getState(), lang), key, params as MessageParams) : key,
    pasteCleaned: () =>
      store.getState().setFlash({ kind: 'info', text: formatMessage(sessionLang(store.getState(), lang), 'paste.controlsRemoved') }),
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
  const [keyBus] = React.useState(() => bus ?? createKeyBus(store, services.lang));
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

/** The language of the screen: the logged-in user's Langue, else the console's own. */
export function useLang(): Lang {
  const fallback = useServices().lang;
  return useApp((s) => sessionLang(s, fallback));
}

/** The translation function in the screen's language. */
export function useT(): Translate {
  const lang = useLang();
  return React.useMemo(() => translator(lang), [lang]);
}

export function useTheme(): Theme {
  return useServices().theme;
}
