import React, { createContext, useContext, useLayoutEffect, useRef } from 'react';
import { useInput, type Key } from 'ink';

const NO_KEY = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
} as Key;

/**
 * Ink hands over a run of plain characters as one event ("jj\r" when keys arrive
 * together, as they do over a slow SSH link or from tmux). Control keys are split out;
 * printable characters stay together as one run, so a pasted address reaches a focused
 * text field at once (the bus splits a run further when no text field has the focus).
 */
export function splitKeys(input: string, key: Key): Array<[string, Key]> {
  const chars = Array.from(input);
  if (chars.length <= 1 || input.startsWith('\u001b') || key.meta) return [[input, key]];
  const out: Array<[string, Key]> = [];
  let run = '';
  const flush = () => {
    if (run) out.push([run, { ...NO_KEY }]);
    run = '';
  };
  for (const c of chars) {
    const code = c.codePointAt(0)!;
    if (code >= 0x20 && code !== 0x7f) {
      run += c;
      continue;
    }
    flush();
    if (c === '\r' || c === '\n') out.push(['\r', { ...NO_KEY, return: true }]);
    else if (c === '\t') out.push(['', { ...NO_KEY, tab: true }]);
    else if (c === '\b') out.push(['', { ...NO_KEY, backspace: true }]);
    else if (c === '\u007f') out.push(['', { ...NO_KEY, delete: true }]);
    else out.push([String.fromCharCode(code + 96), { ...NO_KEY, ctrl: true }]);
  }
  flush();
  return out;
}

/** One key of a run of printable characters, as Ink would report it typed alone. */
function singleKey(c: string): [string, Key] {
  return [c, { ...NO_KEY, shift: c !== c.toLowerCase() }];
}

/** 'screen': the screen and its widgets; 'overlay': a dialog, help or the palette; 'global': app keys. */
export type KeyLayer = 'screen' | 'overlay' | 'global';
type Entry = { call: (input: string, key: Key) => void; layer: KeyLayer; text: boolean };

/**
 * One queue for every key of the app: keys are handled one at a time, in order, each
 * after React has applied the previous one (focus moved, a field opened…), so typing
 * ahead over a slow link lands where the user meant.
 */
export class KeyBus {
  private readonly handlers = new Set<Entry>();
  private readonly queue: Array<[string, Key]> = [];
  private running = false;

  /** While a dialog is open, only it (and the app's global keys) hear the keyboard. */
  constructor(private readonly modal: () => boolean = () => false) {}

  register(entry: Entry): () => void {
    this.handlers.add(entry);
    return () => {
      this.handlers.delete(entry);
    };
  }

  /** When the user last pressed a key (the idle lock counts from it). */
  lastKeyAt = Date.now();

  push(input: string, key: Key): void {
    this.lastKeyAt = Date.now();
    this.queue.push(...splitKeys(input, key));
    if (!this.running) this.pump();
  }

  private pump = (): void => {
    this.running = true;
    const next = this.queue.shift();
    if (!next) {
      this.running = false;
      return;
    }
    const modal = this.modal();
    const listening = [...this.handlers].filter((h) => !modal || h.layer !== 'screen');
    // A run of characters goes whole to a focused text field; commands take them one by one.
    if (Array.from(next[0]).length > 1 && !listening.some((h) => h.text)) {
      this.queue.unshift(...Array.from(next[0]).map(singleKey));
      this.pump();
      return;
    }
    const before = this.commits;
    for (const h of listening) if (this.handlers.has(h)) h.call(next[0], next[1]);
    // React renders later, in its scheduler's own task (sooner or later under load): the
    // next key waits for that commit, so it reaches the field the previous key focused.
    // A key that changed nothing is followed after a short grace period.
    const started = Date.now();
    const wait = (): void => {
      if (this.commits !== before) setImmediate(this.pump);
      else if (Date.now() - started > KeyBus.IDLE_GRACE_MS) this.pump();
      else setTimeout(wait, 1);
    };
    setImmediate(wait);
  };

  /** Called after every commit of a component that listens to keys. */
  noteCommit(): void {
    this.commits++;
  }

  private commits = 0;
  static readonly IDLE_GRACE_MS = 30;
}

const BusContext = createContext<KeyBus | null>(null);

/** Feeds Ink's input into the bus; place once, inside Ink's render. */
export function KeyBusProvider({ bus, children }: { bus: KeyBus; children: React.ReactNode }) {
  useInput((input, key) => bus.push(input, key));
  return React.createElement(BusContext.Provider, { value: bus }, children);
}

export function useKeyBus(): KeyBus | null {
  return useContext(BusContext);
}

/** useInput, one keypress at a time, through the app's key queue. */
export function useKeys(
  handler: (input: string, key: Key) => void,
  options?: { isActive?: boolean; layer?: KeyLayer; text?: boolean },
): void {
  const bus = useContext(BusContext);
  const latest = useRef(handler);
  latest.current = handler;
  const active = options?.isActive !== false;
  useLayoutEffect(() => {
    bus?.noteCommit();
  });
  useLayoutEffect(() => {
    if (!bus || !active) return;
    return bus.register({ call: (i, k) => latest.current(i, k), layer: options?.layer ?? 'screen', text: !!options?.text });
  }, [bus, active, options?.layer, options?.text]);
  // Without a bus (a widget rendered alone in a test), plain Ink input.
  useInput(
    (input, key) => {
      for (const [i, k] of splitKeys(input, key)) {
        if (Array.from(i).length > 1 && !options?.text) for (const c of Array.from(i)) latest.current(...singleKey(c));
        else latest.current(i, k);
      }
    },
    { isActive: !bus && active },
  );
}
