// The one key table: command → keys → description. Screens and widgets register
// handlers by command (screens/keys.ts); the footer and the help are drawn from what is
// registered and active, so a hint cannot exist without its handler. Screens ask "is this
// the save command?", never "is this Ctrl-S?".

import type { PlainKey } from '../services/i18n/index.js';

/** A key as keyName() names it: 'a', 'A', '?', 'space', 'return', 'ctrl-s', 'shift-tab', 'f1'… */
export type KeyName = string;

export interface CommandSpec {
  /** Every key that runs the command; the first ones are shown (see `shown`). */
  readonly keys: readonly KeyName[];
  /** i18n key of the description (footer and help). */
  readonly description: PlainKey;
  /** Shown in the footer when active (all active commands are in the help). */
  readonly hint?: boolean;
  /** Asks for confirmation before acting (the handler may give the question). */
  readonly dangerous?: boolean;
  /** How many of `keys` the footer shows (default 1; the help shows them all). */
  readonly shown?: number;
}

export const KEY_BINDINGS = {
  // The shell.
  'app.help': { keys: ['?', 'f1'], description: 'key.help', hint: true },
  'app.palette': { keys: [':'], description: 'key.palette', hint: true },
  'app.quit': { keys: ['q'], description: 'key.quit', hint: true, dangerous: true },
  'app.abort': { keys: ['ctrl-c'], description: 'key.abort' },
  'app.exit': { keys: ['escape'], description: 'key.quit', hint: true, dangerous: true },
  'nav.back': { keys: ['escape'], description: 'key.back', hint: true },
  'flash.show': { keys: ['ctrl-o'], description: 'key.fullMessage', hint: true },
  // Lists (the list-cursor hook).
  'list.up': { keys: ['up', 'k'], description: 'key.up', shown: 2 },
  'list.down': { keys: ['down', 'j'], description: 'key.down', shown: 2 },
  'list.pageUp': { keys: ['pageup'], description: 'key.pageUp' },
  'list.pageDown': { keys: ['pagedown'], description: 'key.pageDown' },
  'list.first': { keys: ['home', 'g'], description: 'key.home', shown: 2 },
  'list.last': { keys: ['end', 'G'], description: 'key.end', shown: 2 },
  'list.open': { keys: ['return'], description: 'key.open', hint: true },
  'list.filter': { keys: ['/'], description: 'key.filter', hint: true },
  'list.sortNext': { keys: ['>'], description: 'key.sortNext', hint: true },
  'list.sortPrev': { keys: ['<'], description: 'key.sortPrev' },
  'list.new': { keys: ['n', 'insert'], description: 'key.new', hint: true },
  // The filter line of a list.
  'filter.done': { keys: ['return', 'down'], description: 'key.filterDone', hint: true },
  'filter.clear': { keys: ['escape'], description: 'key.filterClear', hint: true },
  // Forms (the focus-ring hook) and their widgets.
  'form.next': { keys: ['tab', 'down'], description: 'key.nextField', hint: true, shown: 2 },
  'form.prev': { keys: ['shift-tab', 'up'], description: 'key.prevField', shown: 2 },
  'form.save': { keys: ['ctrl-s'], description: 'key.save', hint: true },
  'field.submit': { keys: ['return'], description: 'key.nextField' },
  'field.toggle': { keys: ['space'], description: 'key.toggle', hint: true },
  'field.nextChoice': { keys: ['space', 'right'], description: 'key.nextChoice', hint: true, shown: 2 },
  'field.prevChoice': { keys: ['left'], description: 'key.prevChoice' },
  'field.openList': { keys: ['return'], description: 'key.openList', hint: true },
  'choice.up': { keys: ['up'], description: 'key.up' },
  'choice.down': { keys: ['down'], description: 'key.down' },
  'choice.pick': { keys: ['return'], description: 'key.pick', hint: true },
  'choice.cancel': { keys: ['escape'], description: 'key.cancel', hint: true },
  'checklist.up': { keys: ['up'], description: 'key.up' },
  'checklist.down': { keys: ['down'], description: 'key.down' },
  'checklist.toggle': { keys: ['space'], description: 'key.toggle', hint: true },
  'button.press': { keys: ['return'], description: 'key.press', hint: true },
  'button.prev': { keys: ['left'], description: 'key.prevButton' },
  'button.next': { keys: ['right'], description: 'key.nextButton' },
  // A focused text field (printable keys type; these edit).
  'text.left': { keys: ['left'], description: 'key.textLeft' },
  'text.right': { keys: ['right'], description: 'key.textRight' },
  'text.home': { keys: ['home', 'ctrl-a'], description: 'key.textHome', shown: 2 },
  'text.end': { keys: ['end', 'ctrl-e'], description: 'key.textEnd', shown: 2 },
  'text.backspace': { keys: ['backspace'], description: 'key.textBackspace' },
  'text.delete': { keys: ['delete', 'ctrl-d'], description: 'key.textDelete' },
  'text.clear': { keys: ['ctrl-u'], description: 'key.textClear' },
  'text.newline': { keys: ['return'], description: 'key.newline' },
  // The user form.
  'user.schedule': { keys: ['ctrl-t'], description: 'key.schedule', hint: true },
  'user.rights': { keys: ['ctrl-r'], description: 'key.rights', hint: true },
  'user.unlock': { keys: ['ctrl-k'], description: 'key.unlock', hint: true },
  'user.prefs': { keys: ['ctrl-p'], description: 'key.prefs' },
  // Horaire: Tab moves along the cells of a row, ↑/↓ between rows.
  'cell.next': { keys: ['tab'], description: 'key.nextCell', hint: true },
  'cell.prev': { keys: ['shift-tab'], description: 'key.prevCell' },
  'schedule.add': { keys: ['a', 'insert'], description: 'key.addRange', hint: true },
  'schedule.delete': { keys: ['d', 'delete'], description: 'key.deleteRange', hint: true },
  // Droits.
  'rights.next': { keys: ['space', 'right'], description: 'key.nextLevel', hint: true, shown: 2 },
  'rights.prev': { keys: ['left'], description: 'key.prevLevel' },
  // Rapports, Journal des courriels.
  'reports.preview': { keys: ['return'], description: 'key.preview', hint: true },
  'reports.savePdf': { keys: ['s'], description: 'key.savePdf', hint: true },
  'reports.mail': { keys: ['e'], description: 'key.mail', hint: true },
  'reports.focusPreview': { keys: ['tab'], description: 'key.focusPreview', hint: true },
  'outbox.retry': { keys: ['r'], description: 'key.retry', hint: true },
  'diagnostic.rerun': { keys: ['r'], description: 'diagnostic.rerun', hint: true },
  'config.clear': { keys: ['delete'], description: 'key.clearValue', hint: true, dangerous: true },
  // Overlays: the confirm line, the help, the palette.
  'confirm.yes': { keys: ['o', 'y', 'O', 'Y'], description: 'key.yes', hint: true, shown: 2 },
  'confirm.no': { keys: ['n', 'N', 'escape'], description: 'key.no', hint: true },
  'confirm.default': { keys: ['return'], description: 'key.confirmDefault' },
  'help.close': { keys: ['escape', '?', 'q'], description: 'key.close', hint: true, shown: 2 },
  'help.up': { keys: ['up', 'k'], description: 'key.scrollUp', hint: true },
  'help.down': { keys: ['down', 'j'], description: 'key.scrollDown', hint: true },
  'help.pageUp': { keys: ['pageup'], description: 'key.pageUp' },
  'help.pageDown': { keys: ['pagedown', 'space'], description: 'key.pageDown', hint: true },
  'palette.complete': { keys: ['tab'], description: 'key.complete', hint: true },
  'palette.up': { keys: ['up'], description: 'key.up' },
  'palette.down': { keys: ['down'], description: 'key.down' },
  'palette.run': { keys: ['return'], description: 'key.run', hint: true },
  'palette.close': { keys: ['escape'], description: 'key.close', hint: true },
  'lock.unlock': { keys: ['return'], description: 'key.unlockSession', hint: true },
} as const satisfies Record<string, CommandSpec>;

/** Every command id: a typo in a screen is a compile error. */
export type Command = keyof typeof KEY_BINDINGS;

export function spec(command: Command): CommandSpec {
  return KEY_BINDINGS[command];
}

/** A keypress, parsed from the terminal's bytes (screens/keys/input.ts). */
export interface KeyPress {
  /** See KeyName. */
  readonly name: KeyName;
  /** The text it types ('' for a key that types nothing: arrows, Ctrl-…, Enter). */
  readonly text: string;
}

/** The key's name: the bytes are parsed once, screens only compare names. */
export function keyName(key: KeyPress): KeyName {
  return key.name;
}

const LABELS: Record<string, string> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  return: 'Enter',
  escape: 'Esc',
  space: 'Space',
  tab: 'Tab',
  'shift-tab': 'S-Tab',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  insert: 'Ins',
  delete: 'Del',
  backspace: 'Bksp',
};

/** How a key is drawn in the footer and the help: 'ctrl-s' → 'Ctrl-S', 'up' → '↑'. */
export function keyLabel(name: KeyName): string {
  if (LABELS[name]) return LABELS[name]!;
  const m = /^(ctrl|meta|shift)-(.+)$/.exec(name);
  if (m) return `${m[1]![0]!.toUpperCase()}${m[1]!.slice(1)}-${m[2]!.length === 1 ? m[2]!.toUpperCase() : keyLabel(m[2]!)}`;
  if (/^f\d+$/.test(name)) return name.toUpperCase();
  return name;
}

/** Keys whose press types text into a focused field (they never reach commands then). */
export function typesText(key: KeyPress): boolean {
  return key.text !== '' && key.name !== 'return' && key.name !== 'tab';
}
