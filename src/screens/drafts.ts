// Drafts on screen: a form with unsaved changes hands the store what it would keep; when the
// terminal goes away the console writes them to the database (console.tsx); at the user's
// next login they are offered back ("Reprendre le brouillon ?") and reopen the same form
// with the changes on it.
import { useEffect, useRef } from 'react';
import type { Db } from '../services/db.js';
import { deleteDraft, getDraft, listDrafts, saveDraft, type Draft, type DraftInput } from '../services/drafts.js';
import { formatDateTime, translate, translateDynamic, type Lang } from '../services/i18n/index.js';
import { log } from '../services/log.js';
import type { Actor } from '../services/rights.js';
import type { AppState, AppStore, ScreenId } from '../state/store.js';
import { useServices, useStoreApi } from './context.js';
import { useRoute } from './hooks.js';

/**
 * Declares what this route would keep as a draft (null: nothing unsaved). `content` is
 * what the form changed (never a secret: the service strips those too).
 */
export function useDraft(recordKey: string, content: unknown): void {
  const store = useStoreApi();
  const route = useRoute();
  const json = content === null || content === undefined ? null : JSON.stringify(content);
  useEffect(() => {
    const params = Object.fromEntries(Object.entries(route.params ?? {}).filter(([k]) => k !== 'draftId'));
    store.getState().setDraft(route.key, json === null ? null : { screen: route.screen, recordKey, params, content: JSON.parse(json) });
  }, [store, route, recordKey, json]);
  useEffect(() => () => store.getState().setDraft(route.key, null), [store, route.key]);
}

/**
 * A route opened from a draft (params.draftId): once the form has its record (`ready`),
 * `apply` puts the draft's changes on it; the draft is then gone from the database.
 */
export function useRestoreDraft(ready: boolean, apply: (content: unknown) => void): void {
  const { db } = useServices();
  const store = useStoreApi();
  const route = useRoute();
  const session = store.getState().session;
  const id = Number(route.params?.draftId ?? 0);
  const done = useRef(false);
  const latest = useRef(apply);
  useEffect(() => {
    latest.current = apply;
  });
  useEffect(() => {
    if (!ready || !id || !session || done.current) return;
    done.current = true;
    void (async () => {
      const draft = await getDraft(db, session.actor, id);
      if (!draft) return;
      latest.current(draft.content);
      await deleteDraft(db, session.actor, id);
      store.getState().setFlash({ kind: 'info', text: translate(session.actor.language, 'draft.restored') });
    })().catch((e: unknown) => log('error', 'restoring a draft failed', e));
  }, [ready, id, db, session, store]);
}

/** Keeps the dirty forms of the session as drafts (the terminal is going away). */
export async function keepDrafts(state: AppState, db: Db): Promise<number> {
  const actor = state.session?.actor;
  if (!actor) return 0;
  const drafts = Object.entries(state.drafts).filter(([key]) => state.dirty.has(Number(key)));
  for (const [, draft] of drafts) await saveDraft(db, actor, draft);
  return drafts.length;
}

/** What the draft is of, in words: "Utilisateurs › jtremblay", "Envoi du rapport USR01"… */
function describe(d: Draft | DraftInput, lang: Lang): string {
  if (d.screen === 'userForm')
    return d.recordKey ? translate(lang, 'draft.what.user', { key: d.recordKey }) : translate(lang, 'draft.what.newUser');
  if (d.screen === 'compose') return translate(lang, 'draft.what.compose', { key: d.recordKey });
  return translateDynamic(lang, `screen.${d.screen}`, d.screen);
}

/** After login: offers the user's drafts back, newest first, one question each. */
export async function offerDrafts(store: AppStore, db: Db, actor: Actor): Promise<void> {
  const [draft] = await listDrafts(db, actor);
  if (!draft) return;
  const lang = actor.language;
  store.getState().confirm({
    message: translate(lang, 'draft.offer', { what: describe(draft, lang), when: formatDateTime(draft.savedAt, lang) }),
    onYes: () => {
      const s = store.getState();
      s.closeOverlay();
      s.push({ screen: draft.screen as ScreenId, params: { ...draft.params, draftId: draft.id } });
    },
    onNo: () => {
      void deleteDraft(db, actor, draft.id)
        .then(() => offerDrafts(store, db, actor))
        .catch((e: unknown) => log('error', 'dropping a draft failed', e));
    },
  });
}
