import React from 'react';
import { createRequire } from 'node:module';
import { afterEach } from 'vitest';
import { eachTestDb, type TestDb } from './db.js';
import { render } from 'ink-testing-library';
import { App } from '../../src/app.js';
import { Providers, createKeyBus, type ConsoleServices } from '../../src/screens/context.js';
import type { KeyBus } from '../../src/screens/keys/bus.js';
import { createAppStore, type AppStore, type Route, type SessionInfo } from '../../src/state/store.js';
import { themeFor } from '../../src/screens/theme.js';
import { systemClock } from '../../src/services/time.js';
import { createGoogle } from '../../src/runtime.js';
import type { Google } from '../../src/services/gmail/googleClient.js';
import type { Db } from '../../src/services/db.js';
import { loadUser } from '../../src/services/users/index.js';
import { actorOf } from '../../src/services/auth.js';

export const KEYS = {
  enter: '\r',
  escape: '\u001b',
  tab: '\t',
  shiftTab: '\u001b[Z',
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  pageUp: '\u001b[5~',
  pageDown: '\u001b[6~',
  home: '\u001b[H',
  end: '\u001b[F',
  f1: '\u001bOP',
  ctrlS: '\u0013',
  ctrlC: '\u0003',
  space: ' ',
  backspace: '\u007f',
};

const NAMED: Record<string, string> = {
  return: KEYS.enter,
  escape: KEYS.escape,
  tab: KEYS.tab,
  'shift-tab': KEYS.shiftTab,
  up: KEYS.up,
  down: KEYS.down,
  right: KEYS.right,
  left: KEYS.left,
  pageup: KEYS.pageUp,
  pagedown: KEYS.pageDown,
  home: KEYS.home,
  end: KEYS.end,
  f1: KEYS.f1,
  space: KEYS.space,
  backspace: KEYS.backspace,
  insert: '\u001b[2~',
  delete: '\u001b[3~',
};

/** What a terminal sends for a key of the key table ('ctrl-s', 'return', 'q'…). */
export function keyBytes(name: string): string {
  if (NAMED[name]) return NAMED[name];
  const ctrl = /^ctrl-([a-z])$/.exec(name);
  if (ctrl) return String.fromCharCode(ctrl[1]!.charCodeAt(0) - 96);
  if (Array.from(name).length === 1) return name;
  throw new Error(`no bytes known for the key ${name}`);
}

// React's scheduler, the one instance Ink's renderer queues its work in.
const scheduler = createRequire(import.meta.url)('scheduler') as {
  unstable_scheduleCallback(priority: number, callback: () => void): unknown;
  unstable_IdlePriority: number;
};

/** Resolves once React's scheduler has run every task queued before it (renders, effects). */
function reactIdle(): Promise<void> {
  return new Promise((res) => scheduler.unstable_scheduleCallback(scheduler.unstable_IdlePriority, () => res()));
}

export type FramePredicate = (frame: string) => boolean;

function matches(frame: string, what: string | RegExp | FramePredicate): boolean {
  if (typeof what === 'string') return frame.includes(what);
  if (what instanceof RegExp) return what.test(frame);
  return what(frame);
}

export interface RenderedConsole {
  readonly store: AppStore;
  /** The key bus: what is registered and active now (hints, conflicts). */
  readonly bus: KeyBus;
  /** Resizes the terminal (columns × rows) as a terminal emulator would: new size, then 'resize'. */
  resize(columns: number, rows: number): Promise<void>;
  frame(): string;
  press(...keys: string[]): Promise<void>;
  type(text: string): Promise<void>;
  /** Waits until the frame contains the text, matches the pattern, or satisfies the predicate. */
  waitFor(what: string | RegExp | FramePredicate, timeoutMs?: number): Promise<string>;
  /**
   * Waits until the frame no longer contains the text (or matches the pattern): the
   * condition to wait on before asserting that something has gone.
   */
  waitForGone(what: string | RegExp, timeoutMs?: number): Promise<string>;
  /**
   * Every frame drawn since the console was rendered, oldest first: what passed on the
   * screen between two looks (a progress line replaced by its result on a fast machine).
   */
  frames(): readonly string[];
  unmount(): void;
}

/** The user codes drawn in the users table, top to bottom (the first word of each row below the header). */
export const codesShown = (frame: string, codes: readonly string[]): string[] =>
  frame
    .split('\n')
    .slice(3)
    .map((l) => l.trim().split(/\s+/)[0]!)
    .filter((c) => codes.includes(c));

/** Runs `name` from the : palette (`:`, the name typed, Enter), as a user does. */
export async function paletteCommand(ui: RenderedConsole, name: string): Promise<void> {
  await ui.press(':');
  await ui.type(name);
  await ui.press(KEYS.enter);
}

/** Tab until the form's focus marker stands on `label` (each Tab waits for its frame). */
export async function focusOn(ui: RenderedConsole, label: RegExp): Promise<void> {
  for (let i = 0; i < 60 && !label.test(ui.frame()); i++) {
    const before = ui.frame();
    await ui.press(KEYS.tab);
    await ui.waitFor((f) => f !== before);
  }
  await ui.waitFor(label);
}

const mounted = new Set<RenderedConsole>();
/** The Google access of each console rendered (a sandbox one may have started a simulator). */
const googles = new Set<{ close(): Promise<void> }>();

/**
 * A fresh demo database for each test of the file, and every console rendered on it
 * unmounted after the test. Returns the current test's database.
 */
export function consoleTestDb(): () => TestDb {
  const t = eachTestDb();
  // Registered after eachTestDb's: runs before it (after-hooks run last-registered first),
  // so the consoles are gone before their database closes.
  afterEach(async () => {
    for (const ui of [...mounted]) ui.unmount();
    for (const g of [...googles]) await g.close();
    googles.clear();
  });
  return () => t;
}

/** Session info as the login screen builds it, for tests that start past the login. */
export async function sessionFor(db: Db, code: string): Promise<SessionInfo> {
  const u = (await loadUser(db, code))!;
  return {
    actor: actorOf(u),
    companyCode: u.default_company,
    companyName: null,
    pageLines: u.page_lines,
    sessionTimeoutMin: u.session_timeout_min,
  };
}

/** The whole console (header, screen, footer) in ink-testing-library, on a real database. */
export async function renderConsole(
  db: Db,
  opts: {
    stack?: Route[];
    as?: string;
    /** A session read beforehand (sessionFor): the console starts without reading the database. */
    session?: SessionInfo;
    env?: NodeJS.ProcessEnv;
    dataDir?: string;
    sandbox?: boolean;
    /** The terminal's size (default 100×24, ink-testing-library's width). */
    size?: { columns: number; rows: number };
    /** How the console reaches Google; from env/dataDir/sandbox (a simulator on first use) by default. */
    google?: Google;
  } = {},
): Promise<RenderedConsole> {
  const store = createAppStore({ stack: opts.stack ?? [{ screen: opts.as ? 'menu' : 'login' }], sandbox: opts.sandbox });
  if (opts.session) store.getState().setSession(opts.session);
  else if (opts.as) store.getState().setSession(await sessionFor(db, opts.as));
  const env = opts.env ?? {};
  const dataDir = opts.dataDir ?? '/tmp';
  let google = opts.google;
  if (!google) {
    const made = createGoogle(env, dataDir, !!opts.sandbox);
    googles.add(made);
    google = made;
  }
  const services: ConsoleServices = {
    db,
    env,
    google,
    dataDir,
    sandbox: !!opts.sandbox,
    lang: 'fr',
    theme: themeFor(env),
    clock: systemClock,
  };
  const bus = createKeyBus(store, services.lang);
  const r = render(
    <Providers services={services} store={store} bus={bus}>
      <App />
    </Providers>,
  );
  const setSize = (columns: number, rows: number) => {
    Object.defineProperty(r.stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(r.stdout, 'rows', { value: rows, configurable: true });
  };
  if (opts.size) {
    setSize(opts.size.columns, opts.size.rows);
    r.stdout.emit('resize');
  }
  const frame = () => r.lastFrame() ?? '';
  /**
   * Until the keys written so far are handled: Ink hands a lone Escape over on the next
   * turn of the event loop; the key bus takes the keys one at a time; React renders in
   * its scheduler's tasks, later under load (the bus's own wait for that render gives up
   * after a short grace). So: no key queued or being handled, and React's scheduler past
   * everything it had queued. Keys held for a form still reading its record are waited
   * for too (up to `timeoutMs`): what they do shows once it has loaded.
   */
  const handled = async (timeoutMs = 5000) => {
    await new Promise((res) => setImmediate(res));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      await reactIdle();
      if (!bus.busy && bus.queued === 0) return;
      await new Promise((res) => setTimeout(res, 1));
    }
  };
  const api: RenderedConsole = {
    store,
    bus,
    frame,
    async press(...keys) {
      // One write per key, as a terminal sends them (a run of bytes would be read as typed ahead).
      for (const k of keys) {
        r.stdin.write(k);
        await handled();
      }
    },
    async type(text) {
      r.stdin.write(text);
      await handled();
    },
    async waitFor(what, timeoutMs = 5000) {
      const start = Date.now();
      for (;;) {
        const f = frame();
        if (matches(f, what)) return f;
        if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${String(what)}. Last frame:\n${f}`);
        await new Promise((res) => setTimeout(res, 20));
      }
    },
    waitForGone(what, timeoutMs) {
      const gone = (f: string) => !matches(f, what);
      gone.toString = () => `${String(what)} to go`;
      return api.waitFor(gone, timeoutMs);
    },
    frames: () => r.frames,
    async resize(columns, rows) {
      setSize(columns, rows);
      r.stdout.emit('resize');
      await handled();
    },
    unmount: () => {
      mounted.delete(api);
      r.unmount();
    },
  };
  mounted.add(api);
  return api;
}
