import type { Key } from 'ink';

// The one key table: the footer hints and the `?` help are generated from it, and
// every screen asks it whether a keypress means a command.

export type KeyScope =
  'global' | 'list' | 'filter' | 'records' | 'form' | 'schedule' | 'rights' | 'reports' | 'outbox' | 'prefs' | 'compose';

export interface KeyBinding {
  readonly id: string;
  /** Key names as produced by keyName(): 'up', 'j', 'ctrl-s', 'shift-tab', 'escape'… */
  readonly keys: readonly string[];
  /** How the keys are shown: '↑/k'. */
  readonly label: string;
  /** i18n key of the description. */
  readonly description: string;
  readonly scope: KeyScope;
  /** Shown in the footer (the rest only in the help). */
  readonly hint?: boolean;
  /** Asks for confirmation before acting. */
  readonly dangerous?: boolean;
  /** How the keys are shown while a text field has the focus (printable keys then type). */
  readonly typingLabel?: string;
}

export const KEYMAP: readonly KeyBinding[] = [
  { id: 'help', keys: ['?', 'f1'], label: '?', typingLabel: 'F1', description: 'key.help', scope: 'global', hint: true },
  { id: 'palette', keys: [':'], label: ':', description: 'key.palette', scope: 'global', hint: true },
  { id: 'back', keys: ['escape'], label: 'Esc', description: 'key.back', scope: 'global', hint: true },
  { id: 'quit', keys: ['q'], label: 'q', description: 'key.quit', scope: 'global', hint: true, dangerous: true },
  { id: 'up', keys: ['up', 'k'], label: '↑/k', description: 'key.up', scope: 'list' },
  { id: 'down', keys: ['down', 'j'], label: '↓/j', description: 'key.down', scope: 'list' },
  { id: 'pageUp', keys: ['pageup', 'left', 'h'], label: 'PgUp/←', description: 'key.pageUp', scope: 'list' },
  { id: 'pageDown', keys: ['pagedown', 'right', 'l'], label: 'PgDn/→', description: 'key.pageDown', scope: 'list' },
  { id: 'first', keys: ['home', 'g'], label: 'Home/g', description: 'key.home', scope: 'list' },
  { id: 'last', keys: ['end', 'G'], label: 'End/G', description: 'key.end', scope: 'list' },
  { id: 'open', keys: ['return'], label: 'Enter', description: 'key.open', scope: 'list', hint: true },
  { id: 'filter', keys: ['/'], label: '/', description: 'key.filter', scope: 'filter', hint: true },
  { id: 'new', keys: ['n', 'insert'], label: 'n', description: 'key.new', scope: 'records', hint: true },
  { id: 'nextField', keys: ['tab', 'down'], label: 'Tab/↓', description: 'key.nextField', scope: 'form', hint: true },
  { id: 'prevField', keys: ['shift-tab', 'up'], label: 'S-Tab/↑', description: 'key.prevField', scope: 'form' },
  { id: 'toggle', keys: ['space'], label: 'Space', description: 'key.toggle', scope: 'form', hint: true },
  { id: 'save', keys: ['ctrl-s'], label: 'Ctrl-S', description: 'key.save', scope: 'form', hint: true },
  { id: 'schedule', keys: ['ctrl-t'], label: 'Ctrl-T', description: 'key.schedule', scope: 'form' },
  { id: 'rights', keys: ['ctrl-r'], label: 'Ctrl-R', description: 'key.rights', scope: 'form' },
  { id: 'unlock', keys: ['ctrl-k'], label: 'Ctrl-K', description: 'key.unlock', scope: 'form' },
  { id: 'userPrefs', keys: ['ctrl-p'], label: 'Ctrl-P', description: 'key.prefs', scope: 'form' },
  { id: 'addRange', keys: ['a', 'insert'], label: 'a', description: 'key.addRange', scope: 'schedule', hint: true },
  {
    id: 'deleteRange',
    keys: ['d', 'delete'],
    label: 'd/Del',
    description: 'key.deleteRange',
    scope: 'schedule',
    hint: true,
    dangerous: true,
  },
  { id: 'preview', keys: ['return'], label: 'Enter', description: 'key.preview', scope: 'reports', hint: true },
  { id: 'savePdf', keys: ['s'], label: 's', description: 'key.savePdf', scope: 'reports', hint: true },
  { id: 'mail', keys: ['e'], label: 'e', description: 'key.mail', scope: 'reports', hint: true },
  { id: 'retry', keys: ['r'], label: 'r', description: 'key.retry', scope: 'outbox', hint: true },
  { id: 'cycleLevel', keys: ['space', 'left', 'right'], label: 'Space/←/→', description: 'key.cycleLevel', scope: 'rights', hint: true },
];

/** Normalises an Ink keypress to one name: 'a', 'ctrl-s', 'up', 'shift-tab', 'space'… */
export function keyName(input: string, key: Key): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if ((key as Key & { home?: boolean }).home) return 'home';
  if ((key as Key & { end?: boolean }).end) return 'end';
  if (key.return) return 'return';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  if (key.backspace) return 'backspace';
  if (key.delete) return 'delete';
  if (key.ctrl && input) return `ctrl-${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  return input;
}

export function bindingFor(id: string): KeyBinding | undefined {
  return KEYMAP.find((b) => b.id === id);
}

/** True when the keypress is bound to command `id`. */
export function isKey(id: string, input: string, key: Key): boolean {
  const b = bindingFor(id);
  return !!b && b.keys.includes(keyName(input, key));
}

/** Whether a binding still works while a text field takes the printable keys. */
export function worksWhileTyping(b: KeyBinding): boolean {
  return b.keys.some((k) => k.length > 1);
}

export function bindingsFor(scopes: readonly KeyScope[]): KeyBinding[] {
  return KEYMAP.filter((b) => scopes.includes(b.scope));
}
