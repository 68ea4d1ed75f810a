import { KEY_BINDINGS, keyLabel, type Command, type KeyName, type KeyPress } from '../../state/keymap.js';
import type { InputEvent } from './input.js';
import type { PlainKey } from '../../services/i18n/index.js';

// The key bus (no React): handlers registered by command, in layers. A key goes to the
// active registrations from the top layer down; the first handler that consumes it stops
// it. An overlay (help, palette, confirm, the lock) or a dialog (an open list, a prompt)
// is modal: the screen beneath hears nothing while it is open. The footer and the help
// are computed here from the same registrations, so a hint always has its handler.

/** From the top: overlay > dialog > focused widget > screen > global. */
export const LAYERS = ['overlay', 'dialog', 'widget', 'screen', 'global'] as const;
export type Layer = (typeof LAYERS)[number];

/** Returns false when it did not use the key (the next handler gets it). */
export type Handler = () => void | boolean;

export interface CommandHandler {
  readonly run: Handler;
  /** Off: neither runs nor shows (default on). */
  readonly enabled?: boolean;
  /** Shown in the footer (default: the table's `hint`). */
  readonly hint?: boolean;
  /** For a dangerous command: the question (default "<description> ?"), read when the key comes; null: no question now. */
  readonly confirm?: string | (() => string) | null;
  /** The footer/help text, when the table's description is too general here. */
  readonly description?: PlainKey;
  /** How the keys are shown, when it depends on the language ("o/y" in French, "y" in English). */
  readonly label?: string;
}

export type CommandMap = Partial<Record<Command, Handler | CommandHandler | undefined | false>>;

export interface RegistrationSpec {
  readonly layer: Layer;
  readonly active: boolean;
  readonly commands: CommandMap;
  /** Keys outside the table that it takes (a text field: the printable keys). */
  readonly capture?: (key: KeyPress) => boolean;
  readonly onKey?: (key: KeyPress) => void;
  /** A bracketed paste (a focused text field). */
  readonly onPaste?: (text: string) => void;
  /** Help text of what `capture` takes ("type text"). */
  readonly captureDescription?: string;
  /** Active even under an overlay (Ctrl-C). */
  readonly always?: boolean;
}

export interface Hint {
  readonly command: Command;
  readonly layer: Layer;
  /** The keys that reach it now (keys taken by a layer above are left out). */
  readonly keys: readonly KeyName[];
  readonly label: string;
  readonly description: PlainKey;
  readonly footer: boolean;
}

export interface Conflict {
  readonly key: KeyName;
  readonly commands: readonly [Command, Command];
  readonly layers: readonly [Layer, Layer];
}

interface Registration {
  readonly id: number;
  spec: RegistrationSpec;
}

const normalise = (h: Handler | CommandHandler): CommandHandler => (typeof h === 'function' ? { run: h } : h);

export interface BusOptions {
  /** Asks the user before a dangerous command runs. */
  readonly confirm?: (message: string, onYes: () => void) => void;
  /** Translates a description key. */
  readonly translate?: (key: string, params?: Record<string, string>) => string;
  /** A paste reached a field without the control characters it held: tell the user. */
  readonly pasteCleaned?: () => void;
}

export class KeyBus {
  private readonly registrations: Registration[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly queue: InputEvent[] = [];
  private running = false;
  private nextId = 1;
  private commits = 0;
  private versionValue = 0;
  /** When the user last pressed a key (the idle lock counts from it). */
  lastKeyAt = Date.now();
  /** Screens still reading the record their keys act on: keys wait (Ctrl-C aside). */
  private holds = 0;

  static readonly IDLE_GRACE_MS = 30;

  constructor(private readonly options: BusOptions = {}) {}

  /** Adds a registration; returns its id (update/unregister). */
  register(spec: RegistrationSpec): number {
    const id = this.nextId++;
    this.registrations.push({ id, spec });
    this.changed();
    return id;
  }

  update(id: number, spec: RegistrationSpec): void {
    const r = this.registrations.find((x) => x.id === id);
    if (!r) return;
    const before = signature(r.spec);
    r.spec = spec;
    if (signature(spec) !== before) this.changed();
  }

  unregister(id: number): void {
    const i = this.registrations.findIndex((x) => x.id === id);
    if (i >= 0) {
      this.registrations.splice(i, 1);
      this.changed();
    }
  }

  /** Changes whenever what is active (and so the footer) changes. */
  get version(): number {
    return this.versionValue;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private changed(): void {
    this.versionValue++;
    for (const l of [...this.listeners]) l();
  }

  /**
   * The registrations that hear keys now, in the order they hear them: by layer, and in a
   * layer the latest first. `underOverlays`: as if no overlay were open (the help draws
   * the keys of what is under it).
   */
  active(underOverlays = false): Registration[] {
    const on = this.registrations.filter((r) => r.spec.active && !(underOverlays && r.spec.layer === 'overlay' && !r.spec.always));
    const has = (layer: Layer) => on.some((r) => r.spec.layer === layer && !r.spec.always);
    const visible = has('overlay')
      ? on.filter((r) => r.spec.layer === 'overlay' || r.spec.always)
      : has('dialog')
        ? on.filter((r) => r.spec.layer === 'dialog' || r.spec.layer === 'global')
        : on;
    return visible
      .map((r, i) => ({ r, i }))
      .sort((a, b) => LAYERS.indexOf(a.r.spec.layer) - LAYERS.indexOf(b.r.spec.layer) || b.i - a.i)
      .map((x) => x.r);
  }

  /** Feeds one input event; events are handled one at a time, in order. */
  push(event: InputEvent): void {
    if (event.kind === 'key') this.lastKeyAt = Date.now();
    this.queue.push(event);
    if (!this.running) this.pump();
  }

  /**
   * Keys wait in the queue until the returned release is called: a form reading its
   * record takes what was typed meanwhile once it is there, not before (issue 14).
   * Ctrl-C and Esc (leave a screen that is slow to load) still go through at once.
   */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      // After the commit that released it: the keys reach that render's handlers.
      if (this.holds === 0)
        setImmediate(() => {
          if (!this.running && this.queue.length) this.pump();
        });
    };
  }

  /** Handles one event now; true when something used it. Tests call it directly. */
  dispatch(event: InputEvent): boolean {
    const regs = this.active();
    if (event.kind === 'paste') {
      const target = regs.find((r) => r.spec.onPaste);
      target?.spec.onPaste!(event.text);
      if (target && event.removed) this.options.pasteCleaned?.();
      return !!target;
    }
    const key = event.key;
    for (const r of regs) {
      for (const [command, h] of Object.entries(r.spec.commands) as Array<[Command, Handler | CommandHandler | undefined | false]>) {
        if (!h) continue;
        const handler = normalise(h);
        if (handler.enabled === false) continue;
        if (!(KEY_BINDINGS[command].keys as readonly string[]).includes(key.name)) continue;
        if (this.runCommand(command, handler) !== false) return true;
      }
      if (r.spec.capture?.(key)) {
        r.spec.onKey?.(key);
        return true;
      }
    }
    return false;
  }

  /** The registration whose capture gets `key` when no command above (or in it) binds it. */
  private captureOf(key: KeyPress): Registration | null {
    if (!key.text) return null;
    for (const r of this.active()) {
      for (const [command, h] of Object.entries(r.spec.commands) as Array<[Command, Handler | CommandHandler | undefined | false]>) {
        if (h && normalise(h).enabled !== false && (KEY_BINDINGS[command].keys as readonly string[]).includes(key.name)) return null;
      }
      if (r.spec.capture?.(key)) return r;
    }
    return null;
  }

  private runCommand(command: Command, handler: CommandHandler): void | boolean {
    const spec = KEY_BINDINGS[command] as { dangerous?: boolean; description: PlainKey };
    if (spec.dangerous && handler.confirm !== null && this.options.confirm) {
      const t = this.options.translate ?? ((k: string) => k);
      const asked = typeof handler.confirm === 'function' ? handler.confirm() : handler.confirm;
      const message = asked ?? t('app.confirmAction', { action: t(handler.description ?? spec.description) });
      this.options.confirm(message, () => void handler.run());
      return true;
    }
    return handler.run();
  }

  /** What the footer and the help show: every enabled command of the active registrations. */
  hints(underOverlays = false): Hint[] {
    const taken = new Set<KeyName>();
    const out: Hint[] = [];
    const seen = new Set<Command>();
    for (const r of this.active(underOverlays)) {
      const mine: KeyName[] = [];
      for (const [command, h] of Object.entries(r.spec.commands) as Array<[Command, Handler | CommandHandler | undefined | false]>) {
        if (!h) continue;
        const handler = normalise(h);
        if (handler.enabled === false) continue;
        const spec = KEY_BINDINGS[command] as { keys: readonly string[]; description: PlainKey; hint?: boolean; shown?: number };
        const keys = spec.keys.filter((k) => !taken.has(k) && !(r.spec.capture && r.spec.capture(probe(k))));
        mine.push(...keys);
        if (!keys.length || seen.has(command)) continue;
        seen.add(command);
        const shown = keys.slice(0, spec.keys.length === keys.length ? (spec.shown ?? 1) : 1);
        out.push({
          command,
          layer: r.spec.layer,
          keys,
          label: handler.label ?? shown.map(keyLabel).join('/'),
          description: handler.description ?? spec.description,
          footer: handler.hint ?? !!spec.hint,
        });
      }
      for (const k of mine) taken.add(k);
      // What a capture takes (a text field: letters, '?', 'q', space…) no longer reaches below.
      if (r.spec.capture) for (const k of PROBE_KEYS) if (r.spec.capture(probe(k))) taken.add(k);
    }
    return out;
  }

  /**
   * One key bound to two different commands by active registrations in one layer, or by
   * the screen and the global keys: the user could not tell which one runs. (What has the
   * focus — a widget, a dialog, an overlay — takes the keys it declares, by design.) Empty
   * in a healthy state; tests walk the screens and check it.
   */
  conflicts(): Conflict[] {
    const regs = this.active();
    const out: Conflict[] = [];
    const owner = new Map<KeyName, { command: Command; layer: Layer }>();
    for (const r of regs) {
      for (const [command, h] of Object.entries(r.spec.commands) as Array<[Command, Handler | CommandHandler | undefined | false]>) {
        if (!h || normalise(h).enabled === false) continue;
        for (const k of KEY_BINDINGS[command].keys as readonly string[]) {
          const first = owner.get(k);
          if (!first) owner.set(k, { command, layer: r.spec.layer });
          else if (first.command !== command && (first.layer === r.spec.layer || !FOCUSED.has(first.layer)))
            out.push({ key: k, commands: [first.command, command], layers: [first.layer, r.spec.layer] });
        }
      }
    }
    return out;
  }

  private pump = (): void => {
    this.running = true;
    if (this.holds > 0) {
      // Held: only Ctrl-C and Esc jump the queue; the rest waits for release().
      const abort = this.queue.findIndex((e) => e.kind === 'key' && (e.key.name === 'ctrl-c' || e.key.name === 'escape'));
      if (abort < 0) {
        this.running = false;
        return;
      }
      this.queue.unshift(...this.queue.splice(abort, 1));
    }
    const next = this.queue.shift();
    if (!next) {
      this.running = false;
      return;
    }
    const before = this.commits;
    const rendersBefore = this.renders;
    try {
      // Keys typed ahead into a text field go in together: each reaches the same field as
      // it would one by one (nothing above binds them), without a render between them.
      const typing = next.kind === 'key' ? this.captureOf(next.key) : null;
      if (typing) {
        typing.spec.onKey?.((next as { key: KeyPress }).key);
        for (let e = this.queue[0]; e?.kind === 'key' && this.captureOf(e.key) === typing; e = this.queue[0]) {
          this.queue.shift();
          typing.spec.onKey?.(e.key);
        }
      } else this.dispatch(next);
    } finally {
      // React renders later, in its scheduler's own task: the next key waits for that
      // commit, so it reaches the field the previous key focused (typing ahead over a slow
      // link lands where the user meant). A key that changed nothing is followed after a
      // short grace period.
      // A render that has begun (React renders in its own task, queued before this wait)
      // is waited for to its commit, however slow the machine.
      const started = Date.now();
      const wait = (): void => {
        if (this.commits !== before) setImmediate(this.pump);
        else if (this.renders !== rendersBefore && Date.now() - started < KeyBus.RENDER_CAP_MS) setTimeout(wait, 1);
        else if (Date.now() - started > KeyBus.IDLE_GRACE_MS) this.pump();
        else setTimeout(wait, 1);
      };
      setImmediate(wait);
    }
  };

  /** Keys waiting in the queue (held ones included). Tests wait on it, not on a guessed delay. */
  get queued(): number {
    return this.queue.length;
  }

  /** A key being handled, or the bus waiting for the render it caused. */
  get busy(): boolean {
    return this.running;
  }

  /** Called after every commit of a component that listens to keys. */
  noteCommit(): void {
    this.commits++;
  }

  /** Called when a component that listens to keys renders (its commit is then on its way). */
  noteRender(): void {
    this.renders++;
  }

  private renders = 0;
  /** The longest a key waits for a render that has begun to commit. */
  static readonly RENDER_CAP_MS = 5000;
}

/** Layers that hold the focus: their keys win over the same keys below, by design. */
const FOCUSED: ReadonlySet<Layer> = new Set<Layer>(['overlay', 'dialog', 'widget']);

/** Printable keys a capture may take: checked to leave them out of the hints below it. */
const PROBE_KEYS: readonly KeyName[] = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789?:/<>!'.split(''), 'space'];
function probe(name: KeyName): KeyPress {
  if (name === 'space') return { name, text: ' ' };
  return { name, text: Array.from(name).length === 1 ? name : '' };
}

function signature(spec: RegistrationSpec): string {
  const cmds = Object.entries(spec.commands)
    .filter(([, h]) => h)
    .map(([c, h]) => {
      const n = normalise(h as Handler | CommandHandler);
      return `${c}:${n.enabled === false ? 0 : 1}:${n.hint ?? ''}:${n.description ?? ''}`;
    })
    .join(',');
  return `${spec.layer}|${spec.active}|${!!spec.capture}|${!!spec.onPaste}|${spec.captureDescription ?? ''}|${cmds}`;
}
