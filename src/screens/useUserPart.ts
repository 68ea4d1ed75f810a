import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import { errorMessage } from '../services/i18n/index.js';
import type { RightLevel } from '../services/rights.js';
import type { UserRecord } from '../services/users/index.js';
import { useLang, useStoreApi } from './context.js';
import { useDirty } from './hooks.js';

export interface UserPart<V> {
  readonly user: UserRecord | null;
  /** The part as edited on screen (null until read). */
  readonly value: V | null;
  readonly setValue: Dispatch<SetStateAction<V | null>>;
  readonly readOnly: boolean;
  /** The part differs from what was read or last saved. */
  readonly dirty: boolean;
  /** What is on screen is now what the database holds (after a save). */
  saved(): void;
}

/**
 * A part of a user edited on a screen of its own (Droits, Horaire): `read` gives the user,
 * the part, and the reader's level on the function that changes it (read-only below
 * modification). The shell is told while the part is dirty. A refused read puts its sentence
 * on the message line and closes the screen.
 */
export function useUserPart<V>(
  read: () => Promise<{ user: UserRecord; value: V; level: RightLevel }>,
  deps: readonly unknown[],
): UserPart<V> {
  const store = useStoreApi();
  const lang = useLang();
  const [user, setUser] = useState<UserRecord | null>(null);
  const [value, setValue] = useState<V | null>(null);
  const [initial, setInitial] = useState('');
  const [readOnly, setReadOnly] = useState(true);
  useEffect(() => {
    let alive = true;
    read()
      .then((r) => {
        if (!alive) return;
        setUser(r.user);
        setValue(r.value);
        setInitial(JSON.stringify(r.value));
        setReadOnly(r.level !== 'modification');
      })
      .catch((e: unknown) => {
        store.getState().setFlash({ kind: 'error', text: errorMessage(e, lang) });
        store.getState().pop();
      });
    return () => {
      alive = false;
    };
    // The caller lists what `read` depends on, like useEffect's own deps.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, store, lang]);
  const dirty = value !== null && JSON.stringify(value) !== initial;
  useDirty(dirty);
  return { user, value, setValue, readOnly, dirty, saved: () => setInitial(JSON.stringify(value)) };
}
