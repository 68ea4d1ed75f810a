// A line of text the terminal must keep unbroken — the Google consent address. Ink wraps
// long text with hard line breaks (and a copied URL would break), so the console writes
// this line itself, after each frame, at a fixed row the screen keeps blank: the terminal
// soft-wraps it, and selecting or `tmux capture-pane -J` gives the address whole.

export interface PinnedText {
  /** Writes `text` at 1-based `row` after every frame; null clears it. */
  set(pin: { row: number; text: string } | null): void;
}

const SAVE = '\u001b7';
const RESTORE = '\u001b8';

/** Wraps the real stdout for Ink: every frame Ink writes is followed by the pinned line. */
export function pinnedStdout(real: NodeJS.WriteStream): { stdout: NodeJS.WriteStream; pinned: PinnedText } {
  let pin: { row: number; text: string } | null = null;
  const paint = () => (pin ? `${SAVE}\u001b[${pin.row};1H${pin.text}${RESTORE}` : '');
  const stdout = new Proxy(real, {
    get(target, prop, receiver) {
      if (prop === 'write')
        return (chunk: string | Uint8Array, ...rest: unknown[]) => {
          const ok = (target.write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
          if (pin) target.write(paint());
          return ok;
        };
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return {
    stdout,
    pinned: {
      set(next) {
        pin = next;
        if (pin) real.write(paint());
      },
    },
  };
}
