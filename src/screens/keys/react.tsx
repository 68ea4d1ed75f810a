import React, { createContext, useContext, useEffect, useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import { useStdin } from 'ink';
import type { KeyPress } from '../../state/keymap.js';
import { KeyBus, type CommandMap, type Hint, type Layer, type RegistrationSpec } from './bus.js';
import { InputDecoder } from './input.js';

const BusContext = createContext<KeyBus | null>(null);
/** False under a hidden route (a screen under the one on top, or under "too small"). */
const ActiveContext = createContext(true);

/** Feeds the terminal's input into the bus; place once, inside Ink's render. */
export function KeyProvider({ bus, children }: { bus: KeyBus; children: React.ReactNode }) {
  const { setRawMode, internal_eventEmitter: events, isRawModeSupported } = useStdin();
  useEffect(() => {
    if (!isRawModeSupported) return;
    setRawMode(true);
    return () => setRawMode(false);
  }, [setRawMode, isRawModeSupported]);
  useEffect(() => {
    const decoder = new InputDecoder();
    const onInput = (raw: string) => {
      for (const event of decoder.push(raw)) bus.push(event);
    };
    events.on('input', onInput);
    return () => {
      events.off('input', onInput);
    };
  }, [events, bus]);
  return <BusContext.Provider value={bus}>{children}</BusContext.Provider>;
}

export function useKeyBus(): KeyBus | null {
  return useContext(BusContext);
}

/** Marks a subtree active or not (a hidden route's keys are off). */
export function KeyScope({ active, children }: { active: boolean; children: React.ReactNode }) {
  const parent = useContext(ActiveContext);
  return <ActiveContext.Provider value={parent && active}>{children}</ActiveContext.Provider>;
}

export function useScopeActive(): boolean {
  return useContext(ActiveContext);
}

export interface UseCommandsOptions {
  /** Default 'screen'. */
  readonly layer?: Layer;
  readonly active?: boolean;
  readonly capture?: (key: KeyPress) => boolean;
  readonly onKey?: (key: KeyPress) => void;
  readonly onPaste?: (text: string) => void;
  readonly captureDescription?: string;
  readonly always?: boolean;
}

/**
 * Registers handlers by command (see state/keymap.ts) in a layer. The handlers are the
 * latest render's; the footer redraws when the set of active commands changes.
 */
export function useCommands(commands: CommandMap, options: UseCommandsOptions = {}): void {
  const bus = useContext(BusContext);
  const scopeActive = useContext(ActiveContext);
  const { layer = 'screen', active = true, ...rest } = options;
  const spec: RegistrationSpec = { layer, active: active && scopeActive, commands, ...rest };
  // The bus holds the next key until this render has committed.
  bus?.noteRender();
  const latest = useRef(spec);
  const id = useRef<number | null>(null);
  // Declared first: on every commit the registration gets this render's handlers.
  useLayoutEffect(() => {
    latest.current = spec;
  });
  useLayoutEffect(() => {
    if (!bus) return;
    id.current = bus.register(latest.current);
    return () => {
      if (id.current !== null) bus.unregister(id.current);
      id.current = null;
    };
  }, [bus]);
  // Every commit: the latest handlers, and a note that React has caught up (the bus
  // waits for it before the next key).
  useLayoutEffect(() => {
    if (!bus || id.current === null) return;
    bus.update(id.current, latest.current);
    bus.noteCommit();
  });
}

/**
 * While `waiting` (the record the screen's keys act on is still being read), keys wait in
 * the queue; they are handled, in order, once it is there.
 */
export function useHoldKeys(waiting: boolean): void {
  const bus = useContext(BusContext);
  useLayoutEffect(() => (bus && waiting ? bus.hold() : undefined), [bus, waiting]);
}

/** The active hints; `underOverlays`: as if no overlay were open (the help draws what is under it). */
export function useHints(underOverlays = false): Hint[] {
  const bus = useContext(BusContext);
  useSyncExternalStore(
    (cb) => (bus ? bus.subscribe(cb) : () => undefined),
    () => bus?.version ?? 0,
  );
  return bus ? bus.hints(underOverlays) : [];
}

export type { KeyBus };
