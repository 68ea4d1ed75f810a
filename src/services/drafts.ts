// Drafts: the unsaved form of a console whose terminal went away (a dropped SSH connection,
// `tmux kill-session`), kept in the database per user and offered back at their next login
// ("Reprendre le brouillon ?"). A draft never holds a secret: passwords, tokens and secret
// values are stripped here, whatever the screen handed over.
import type { Db } from './db.js';
import type { Actor } from './rights.js';
import { nowIso } from './time.js';

export type DraftParams = Readonly<Record<string, string | number | boolean | undefined>>;

export interface DraftInput {
  /** The screen (route) the form belongs to: 'userForm', 'compose'… */
  readonly screen: string;
  /** The record the form edits (a user code…); '' for a new one. */
  readonly recordKey: string;
  /** The route's parameters, to open the same form again. */
  readonly params: DraftParams;
  /** The form's values (plain JSON). */
  readonly content: unknown;
}

export interface Draft extends DraftInput {
  readonly id: number;
  readonly savedAt: string;
}

// Field names whose values never go into a draft.
const SECRET_NAME = /pass(word|wd)?|secret|token|pwd/i;

/** The content with every secret-looking field removed (at any depth). */
function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!SECRET_NAME.test(k)) out[k] = withoutSecrets(v);
    return out;
  }
  return value;
}

/** Keeps the draft of one form of the actor, replacing an older one of the same record. */
export async function saveDraft(db: Db, actor: Actor, draft: DraftInput): Promise<void> {
  const key = { user_id: actor.id, screen: draft.screen, record_key: draft.recordKey };
  await db.transaction(async (trx) => {
    await trx('drafts').where(key).delete();
    await trx('drafts').insert({
      ...key,
      params: JSON.stringify(withoutSecrets(draft.params)),
      content: JSON.stringify(withoutSecrets(draft.content)),
      saved_at: nowIso(),
    });
  });
}

/** The actor's drafts, newest first. */
export async function listDrafts(db: Db, actor: Actor): Promise<Draft[]> {
  const rows = await db('drafts').where({ user_id: actor.id }).orderBy('saved_at', 'desc').orderBy('id', 'desc');
  return rows.map((r) => ({
    id: Number(r.id),
    screen: String(r.screen),
    recordKey: String(r.record_key ?? ''),
    params: JSON.parse(String(r.params)) as DraftParams,
    content: JSON.parse(String(r.content)) as unknown,
    savedAt: String(r.saved_at),
  }));
}

/** One of the actor's drafts (null when it is gone, or someone else's). */
export async function getDraft(db: Db, actor: Actor, id: number): Promise<Draft | null> {
  return (await listDrafts(db, actor)).find((d) => d.id === id) ?? null;
}

/** Drops one of the actor's drafts (taken back, or declined). */
export async function deleteDraft(db: Db, actor: Actor, id: number): Promise<void> {
  await db('drafts').where({ id, user_id: actor.id }).delete();
}
