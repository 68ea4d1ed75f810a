import { t } from '../services/i18n/index.js';
import type { AppStore, ScreenId } from '../state/store.js';

/** Opens a top-level screen from the palette or menu: on top of the menu, never deeper. */
export function openScreen(store: AppStore, screen: ScreenId): void {
  const s = store.getState();
  const go = () => {
    const st = store.getState();
    st.reset({ screen: 'menu' });
    if (screen !== 'menu') st.push({ screen });
  };
  if (s.dirty) s.confirm({ message: t('app.unsavedConfirm'), dangerous: true, onYes: go });
  else go();
}

/** q / :q — asks first, and says so when changes would be lost. */
export function askQuit(store: AppStore): void {
  const s = store.getState();
  s.confirm({
    message: s.dirty ? `${t('app.unsavedConfirm')} ${t('app.quitConfirm')}` : t('app.quitConfirm'),
    dangerous: s.dirty,
    onYes: () => store.getState().quit(),
  });
}
