import { useState } from 'react';
import { useCommands } from './keys/react.js';

export interface FocusRing {
  readonly focus: number;
  readonly setFocus: (i: number) => void;
  readonly next: () => void;
  readonly prev: () => void;
}

/**
 * The one focus ring of a form: Tab/↓ and Shift-Tab/↑ move between `count` elements
 * (wrapping). A focused widget that needs ↑/↓ itself (a list of choices) takes them first.
 */
export function useFocusRing(count: number, opts: { active?: boolean; initial?: number; skip?: (i: number) => boolean } = {}): FocusRing {
  const [focus, setFocusState] = useState(opts.initial ?? 0);
  const n = Math.max(1, count);
  const step = (from: number, delta: number) => {
    let i = from;
    for (let tries = 0; tries < n; tries++) {
      i = (i + delta + n) % n;
      if (!opts.skip?.(i)) return i;
    }
    return from;
  };
  const current = Math.min(focus, n - 1);
  const next = () => setFocusState((f) => step(Math.min(f, n - 1), 1));
  const prev = () => setFocusState((f) => step(Math.min(f, n - 1), -1));
  useCommands({ 'form.next': n > 1 && next, 'form.prev': n > 1 && prev }, { active: opts.active });
  return { focus: current, setFocus: (i) => setFocusState(Math.max(0, Math.min(n - 1, i))), next, prev };
}
