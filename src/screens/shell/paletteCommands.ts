import { rightsOf } from '../../services/rights.js';
import { useApp, useServices, useT } from '../context.js';
import { useAsync } from '../hooks.js';
import { PALETTE, allowedBy, type PaletteCommand } from '../menuTree.js';
import type { Translate } from '../../services/i18n/index.js';

export interface PaletteEntry extends PaletteCommand {
  readonly allowed: boolean;
  /** Why it is refused (one sentence), when not allowed. */
  readonly reason: string | null;
}

/** The palette commands with what the user's rights say of each (loaded when needed). */
export function usePaletteCommands(): readonly PaletteEntry[] {
  const { db } = useServices();
  const session = useApp((s) => s.session);
  const t = useT();
  const { data: rights } = useAsync(async () => (session ? rightsOf(db, session.actor.id) : null), [session?.actor.id]);
  if (!session || !rights) return [];
  return PALETTE.map((c) => {
    const allowed = allowedBy(rights, c.fn);
    return { ...c, allowed, reason: allowed ? null : refusal(t, c) };
  });
}

function refusal(t: Translate, c: PaletteCommand): string {
  if (c.fn === 'report') return t('palette.noReportRight');
  return t('palette.forbidden', { screen: t(c.label), level: t('level.lecture') });
}

/** The commands whose name starts with what is typed (every allowed one when nothing is). */
export function matching(entries: readonly PaletteEntry[], typed: string): PaletteEntry[] {
  const q = typed.trim().replace(/^:/, '').toLowerCase();
  return entries.filter((c) => c.allowed && c.names.some((n) => n.startsWith(q)));
}

/** Tab: the longest prefix shared by every matching name (or the one match in full). */
export function complete(entries: readonly PaletteEntry[], typed: string): string {
  const q = typed.trim().replace(/^:/, '').toLowerCase();
  const names = entries.filter((c) => c.allowed).flatMap((c) => c.names.filter((n) => n.startsWith(q)));
  if (!names.length) return typed;
  let prefix = names[0]!;
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.length > q.length ? prefix : typed;
}

/** The command exactly named by what is typed, allowed or not. */
export function find(entries: readonly PaletteEntry[], typed: string): PaletteEntry | undefined {
  const q = typed.trim().replace(/^:/, '').toLowerCase();
  return entries.find((c) => c.names.includes(q));
}

/** A command the user may not run whose name starts with what is typed (its refusal shows at once). */
export function forbiddenMatch(entries: readonly PaletteEntry[], typed: string): PaletteEntry | undefined {
  const q = typed.trim().replace(/^:/, '').toLowerCase();
  return q ? entries.find((c) => !c.allowed && c.names.some((n) => n.startsWith(q))) : undefined;
}
