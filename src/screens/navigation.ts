import { logout } from '../services/auth.js';
import type { Db } from '../services/db.js';
import { errorMessage, type Lang, type Translate } from '../services/i18n/index.js';
import { log } from '../services/log.js';
import type { AppStore, ScreenId } from '../state/store.js';

/** Opens a top-level screen from the palette or menu: on top of the menu, never deeper. */
export function openScreen(store: AppStore, screen: ScreenId, t: Translate): void {
  const go = () => {
    const st = store.getState();
    st.reset({ screen: 'menu' });
    if (screen !== 'menu') st.push({ screen });
  };
  if (store.getState().anyDirty()) store.getState().confirm({ message: t('app.unsavedConfirm'), dangerous: true, onYes: go });
  else go();
}

/** Esc: back to the previous route, asking first when the one on top has unsaved changes. */
export function goBack(store: AppStore, t: Translate): void {
  const s = store.getState();
  const top = s.stack[s.stack.length - 1];
  if (!top || s.stack.length < 2) return;
  if (s.dirty.has(top.key)) s.confirm({ message: t('app.unsavedConfirm'), dangerous: true, onYes: () => store.getState().pop() });
  else s.pop();
}

/** The question q and :q ask: says so when changes would be lost. */
export function quitQuestion(store: AppStore, t: Translate): string {
  return store.getState().anyDirty() ? `${t('app.unsavedConfirm')} ${t('app.quitConfirm')}` : t('app.quitConfirm');
}

/** :q — asks first, and says so when changes would be lost. */
export function askQuit(store: AppStore, t: Translate): void {
  const s = store.getState();
  s.confirm({ message: quitQuestion(store, t), dangerous: s.anyDirty(), onYes: () => store.getState().quit() });
}

/**
 * :logout — the session ends (an audit row says so) and the login screen comes back, for
 * another user. Asks first when changes would be lost.
 */
export function askLogout(store: AppStore, db: Db, t: Translate, lang: Lang): void {
  const go = () => {
    const actor = store.getState().session?.actor;
    if (!actor) return;
    store.getState().endSession(t('session.loggedOut', { code: actor.code }), 'info');
    // The session is over on screen at once; the audit row follows (logged if it fails).
    logout(db, actor).catch((e: unknown) => log('error', `logout audit failed: ${errorMessage(e, lang)}`, e));
  };
  if (store.getState().anyDirty())
    store.getState().confirm({ message: `${t('app.unsavedConfirm')} ${t('session.logoutConfirm')}`, dangerous: true, onYes: go });
  else go();
}
