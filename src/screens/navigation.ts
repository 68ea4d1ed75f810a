import { t } from '../services/i18n/index.js';
import type { AppStore, ScreenId } from '../state/store.js';

/** Opens a top-level screen from the palette or menu: on top of the menu, never deeper. */
export function openScreen(store: AppStore, screen: ScreenId): void {
  const go = () => {
    const st = store.getState();
    st.reset({ screen: 'menu' });
    if (screen !== 'menu') st.push({ screen });
  };
  if (store.getState().anyDirty()) store.getState().confirm({ message: t('app.unsavedConfirm'), dangerous: true, onYes: go });
  else go();
}

/** Esc: back to the previous route, asking first when the one on top has unsaved changes. */
export function goBack(store: AppStore): void {
  const s = store.getState();
  const top = s.stack[s.stack.length - 1];
  if (!top || s.stack.length < 2) return;
  if (s.dirty.has(top.key)) s.confirm({ message: t('app.unsavedConfirm'), dangerous: true, onYes: () => store.getState().pop() });
  else s.pop();
}

/** The question q and :q ask: says so when changes would be lost. */
export function quitQuestion(store: AppStore): string {
  return store.getState().anyDirty() ? `${t('app.unsavedConfirm')} ${t('app.quitConfirm')}` : t('app.quitConfirm');
}

/** :q — asks first, and says so when changes would be lost. */
export function askQuit(store: AppStore): void {
  const s = store.getState();
  s.confirm({ message: quitQuestion(store), dangerous: s.anyDirty(), onYes: () => store.getState().quit() });
}
