import { describe, expect, it, vi } from 'vitest';
import { KeyBus, type RegistrationSpec } from '../../src/screens/keys/bus.js';
import { InputDecoder, normalisePaste, parseKeys } from '../../src/screens/keys/input.js';
import { KEY_BINDINGS, keyLabel, keyName, typesText, type KeyPress } from '../../src/state/keymap.js';

const names = (raw: string) => parseKeys(raw).map(keyName);
const key = (raw: string): KeyPress => parseKeys(raw)[0]!;

describe('keyName: terminal bytes → key names', () => {
  it('names arrows, paging, Home/End in the forms xterm, tmux and the Linux console send', () => {
    expect(names('\u001b[A')).toEqual(['up']);
    expect(names('\u001bOB')).toEqual(['down']);
    expect(names('\u001b[C')).toEqual(['right']);
    expect(names('\u001b[D')).toEqual(['left']);
    expect(names('\u001b[5~')).toEqual(['pageup']);
    expect(names('\u001b[6~')).toEqual(['pagedown']);
    for (const home of ['\u001b[H', '\u001bOH', '\u001b[1~', '\u001b[7~']) expect(names(home)).toEqual(['home']);
    for (const end of ['\u001b[F', '\u001bOF', '\u001b[4~', '\u001b[8~']) expect(names(end)).toEqual(['end']);
    expect(names('\u001b[2~')).toEqual(['insert']);
    expect(names('\u001b[3~')).toEqual(['delete']);
    expect(names('\u001b[Z')).toEqual(['shift-tab']);
  });

  it('names F1 both ways (Ink alone reports it as nothing)', () => {
    expect(names('\u001bOP')).toEqual(['f1']);
    expect(names('\u001b[11~')).toEqual(['f1']);
  });

  it('names control keys, Enter, Tab, Backspace (DEL and ^H), Esc and Alt', () => {
    expect(names('\u0013')).toEqual(['ctrl-s']);
    expect(names('\u0003')).toEqual(['ctrl-c']);
    expect(names('\r')).toEqual(['return']);
    expect(names('\t')).toEqual(['tab']);
    expect(names('\u007f')).toEqual(['backspace']);
    expect(names('\b')).toEqual(['backspace']);
    expect(names('\u001b')).toEqual(['escape']);
    expect(names('\u001bx')).toEqual(['meta-x']);
    expect(names('\u001b[1;5A')).toEqual(['ctrl-up']);
    expect(names('\u001b[1;2B')).toEqual(['shift-down']);
  });

  it('splits a run of keys typed ahead into single keys; letters keep their case and text', () => {
    expect(names('jjG')).toEqual(['j', 'j', 'G']);
    expect(names('a b')).toEqual(['a', 'space', 'b']);
    expect(names('é?')).toEqual(['é', '?']);
    expect(parseKeys('q\r')).toEqual([
      { name: 'q', text: 'q' },
      { name: 'return', text: '' },
    ]);
  });

  it('tells the keys that type text from those that do not', () => {
    expect(typesText(key('a'))).toBe(true);
    expect(typesText(key(' '))).toBe(true);
    expect(typesText(key('\r'))).toBe(false);
    expect(typesText(key('\u0013'))).toBe(false);
    expect(typesText(key('\u001b[A'))).toBe(false);
  });

  it('draws keys for people', () => {
    expect(keyLabel('ctrl-s')).toBe('Ctrl-S');
    expect(keyLabel('up')).toBe('↑');
    expect(keyLabel('pagedown')).toBe('PgDn');
    expect(keyLabel('f1')).toBe('F1');
    expect(keyLabel('escape')).toBe('Esc');
    expect(keyLabel('?')).toBe('?');
  });
});

describe('bracketed paste', () => {
  it('turns ESC[200~ … ESC[201~ into one paste event, newlines and all, across chunks', () => {
    const d = new InputDecoder();
    expect(d.push('\u001b[200~')).toEqual([]);
    expect(d.push('https://exa')).toEqual([]);
    expect(d.push('mple.com/cb?code=4/0A\r\nx')).toEqual([]);
    expect(d.push('\u001b[201~')).toEqual([{ kind: 'paste', text: 'https://example.com/cb?code=4/0A\nx' }]);
    // Keys after the paste are keys again.
    expect(d.push('jq')).toEqual([
      { kind: 'key', key: { name: 'j', text: 'j' } },
      { kind: 'key', key: { name: 'q', text: 'q' } },
    ]);
  });

  it('finds the markers inside a chunk, with keys before and after', () => {
    const d = new InputDecoder();
    expect(d.push('a\u001b[200~pasted\u001b[201~b')).toEqual([
      { kind: 'key', key: { name: 'a', text: 'a' } },
      { kind: 'paste', text: 'pasted' },
      { kind: 'key', key: { name: 'b', text: 'b' } },
    ]);
  });

  it('a run of characters without markers is typing, not a paste', () => {
    expect(new InputDecoder().push('admin').map((e) => e.kind)).toEqual(['key', 'key', 'key', 'key', 'key']);
  });

  it('keeps the text and drops control characters and escape sequences from a paste', () => {
    expect(normalisePaste('a\r\nb\rc\u001b[31md\u0007e\tf')).toBe('a\nb\ncd' + 'e\tf');
  });
});

/** A registration with handlers that record what ran. */
function reg(bus: KeyBus, spec: Partial<RegistrationSpec> & Pick<RegistrationSpec, 'commands'>): number {
  return bus.register({ layer: 'screen', active: true, ...spec });
}
const press = (bus: KeyBus, raw: string) => bus.dispatch({ kind: 'key', key: key(raw) });

describe('the key bus', () => {
  it('gives a key to the top layer first; the first handler that consumes it stops it', () => {
    const bus = new KeyBus();
    const ran: string[] = [];
    reg(bus, { layer: 'global', commands: { 'app.quit': { run: () => void ran.push('quit'), confirm: null } } });
    reg(bus, { layer: 'screen', commands: { 'list.down': () => void ran.push('screen down') } });
    reg(bus, { layer: 'widget', commands: { 'checklist.down': () => void ran.push('widget down') } });
    press(bus, '\u001b[B');
    expect(ran).toEqual(['widget down']);
    press(bus, 'j');
    expect(ran).toEqual(['widget down', 'screen down']);
  });

  it('passes a key on when a handler returns false', () => {
    const bus = new KeyBus();
    const ran: string[] = [];
    reg(bus, { layer: 'screen', commands: { 'list.down': () => void ran.push('screen') } });
    reg(bus, { layer: 'widget', commands: { 'checklist.down': () => false } });
    press(bus, '\u001b[B');
    expect(ran).toEqual(['screen']);
  });

  it('an open overlay is modal: the screen and the global keys hear nothing but Ctrl-C', () => {
    const bus = new KeyBus();
    const ran: string[] = [];
    reg(bus, { layer: 'global', commands: { 'app.help': () => void ran.push('help') } });
    reg(bus, { layer: 'global', always: true, commands: { 'app.abort': () => void ran.push('abort') } });
    reg(bus, { layer: 'screen', commands: { 'list.open': () => void ran.push('open') } });
    const dialog = reg(bus, { layer: 'overlay', commands: { 'confirm.no': () => void ran.push('no') } });
    expect(press(bus, '\r')).toBe(false);
    expect(press(bus, '?')).toBe(false);
    press(bus, 'n');
    press(bus, '\u0003');
    expect(ran).toEqual(['no', 'abort']);
    bus.unregister(dialog);
    press(bus, '\r');
    expect(ran).toEqual(['no', 'abort', 'open']);
  });

  it('an inactive registration hears nothing and shows nothing', () => {
    const bus = new KeyBus();
    const fn = vi.fn<() => void>();
    const id = reg(bus, { active: false, commands: { 'list.open': fn } });
    press(bus, '\r');
    expect(fn).not.toHaveBeenCalled();
    expect(bus.hints()).toEqual([]);
    bus.update(id, { layer: 'screen', active: true, commands: { 'list.open': fn } });
    press(bus, '\r');
    expect(fn).toHaveBeenCalledOnce();
    expect(bus.hints().map((h) => h.command)).toEqual(['list.open']);
  });

  it('a focused text field takes the printable keys: ? and q type, F1 still opens the help', () => {
    const bus = new KeyBus();
    const typed: string[] = [];
    const help = vi.fn<() => void>();
    reg(bus, { layer: 'global', commands: { 'app.help': help, 'app.quit': { run: vi.fn<() => void>(), confirm: null } } });
    reg(bus, { layer: 'widget', commands: {}, capture: typesText, onKey: (k) => void typed.push(k.text) });
    press(bus, '?');
    press(bus, 'q');
    expect(typed).toEqual(['?', 'q']);
    expect(help).not.toHaveBeenCalled();
    press(bus, '\u001bOP');
    expect(help).toHaveBeenCalledOnce();
    // The footer offers only what works: F1 for the help, no quit key.
    const hints = bus.hints();
    expect(hints.find((h) => h.command === 'app.help')?.label).toBe('F1');
    expect(hints.find((h) => h.command === 'app.quit')).toBeUndefined();
  });

  it('sends a paste to the focused text field only', () => {
    const bus = new KeyBus();
    const pasted = vi.fn<() => void>();
    reg(bus, { layer: 'screen', commands: { 'list.open': vi.fn<() => void>() } });
    expect(bus.dispatch({ kind: 'paste', text: 'x' })).toBe(false);
    reg(bus, { layer: 'widget', commands: {}, onPaste: pasted });
    bus.dispatch({ kind: 'paste', text: 'https://a.example/?code=1 2' });
    expect(pasted).toHaveBeenCalledWith('https://a.example/?code=1 2');
  });

  it('asks before a dangerous command, with the handler’s question', () => {
    const asked: string[] = [];
    const bus = new KeyBus({ confirm: (message, onYes) => (asked.push(message), onYes()), translate: (k) => k });
    const quit = vi.fn<() => void>();
    reg(bus, { layer: 'global', commands: { 'app.quit': { run: quit, confirm: 'Quitter la console ?' } } });
    press(bus, 'q');
    expect(asked).toEqual(['Quitter la console ?']);
    expect(quit).toHaveBeenCalledOnce();
    expect(KEY_BINDINGS['app.quit'].dangerous).toBe(true);
  });

  it('a disabled command neither runs nor shows', () => {
    const bus = new KeyBus();
    const open = vi.fn<() => void>();
    reg(bus, { commands: { 'list.open': { run: open, enabled: false }, 'list.new': false } });
    press(bus, '\r');
    press(bus, 'n');
    expect(open).not.toHaveBeenCalled();
    expect(bus.hints()).toEqual([]);
  });

  it('reports one key bound to two commands in one layer, or in two layers above which is no focused widget', () => {
    const bus = new KeyBus();
    reg(bus, { layer: 'screen', commands: { 'list.down': vi.fn<() => void>() } });
    expect(bus.conflicts()).toEqual([]);
    // ←/→ meaning both "page" and "change level" in one screen: the old defect.
    const rights = reg(bus, { layer: 'screen', commands: { 'rights.next': vi.fn<() => void>(), 'list.pageDown': vi.fn<() => void>() } });
    expect(bus.conflicts()).toEqual([]);
    bus.unregister(rights);
    reg(bus, { layer: 'screen', commands: { 'checklist.down': vi.fn<() => void>() } });
    expect(bus.conflicts()).toEqual([{ key: 'down', commands: ['checklist.down', 'list.down'], layers: ['screen', 'screen'] }]);
  });

  it('reports a screen key that a global key already means', () => {
    const bus = new KeyBus();
    reg(bus, { layer: 'global', commands: { 'app.quit': vi.fn<() => void>() } });
    reg(bus, { layer: 'screen', commands: { 'confirm.yes': vi.fn<() => void>() } });
    expect(bus.conflicts()).toEqual([]);
    reg(bus, { layer: 'screen', commands: { 'list.new': vi.fn<() => void>() } });
    reg(bus, { layer: 'global', commands: { 'confirm.no': vi.fn<() => void>() } });
    expect(bus.conflicts().map((c) => c.key)).toEqual(['n']);
  });

  it('lets the focused widget take a key the screen also binds (that is what focus is)', () => {
    const bus = new KeyBus();
    reg(bus, { layer: 'screen', commands: { 'list.open': vi.fn<() => void>() } });
    reg(bus, { layer: 'widget', commands: { 'field.openList': vi.fn<() => void>() } });
    expect(bus.conflicts()).toEqual([]);
    expect(bus.hints().map((h) => h.command)).toEqual(['field.openList']);
  });

  it('no command of the table binds one key twice within the commands a list or a form registers together', () => {
    const groups: Array<Array<keyof typeof KEY_BINDINGS>> = [
      [
        'list.up',
        'list.down',
        'list.pageUp',
        'list.pageDown',
        'list.first',
        'list.last',
        'list.open',
        'list.filter',
        'list.sortNext',
        'list.sortPrev',
        'list.new',
      ],
      ['form.next', 'form.prev', 'form.save', 'user.schedule', 'user.rights', 'user.unlock', 'user.prefs'],
      ['text.left', 'text.right', 'text.home', 'text.end', 'text.backspace', 'text.delete', 'text.clear', 'field.submit'],
      ['rights.next', 'rights.prev', 'form.save', 'list.up', 'list.down', 'list.pageUp', 'list.pageDown', 'list.first', 'list.last'],
      ['app.help', 'app.palette', 'app.quit', 'app.abort', 'nav.back', 'flash.show'],
    ];
    for (const g of groups) {
      const bus = new KeyBus();
      reg(bus, { commands: Object.fromEntries(g.map((c) => [c, vi.fn<() => void>()])) });
      expect(bus.conflicts(), g.join(',')).toEqual([]);
    }
  });
});

describe('keys typed ahead', () => {
  it('reach the focused text field together, and stop at a key a command takes', async () => {
    const bus = new KeyBus();
    const got: string[] = [];
    reg(bus, {
      layer: 'widget',
      commands: { 'field.submit': () => void got.push('<submit>') },
      capture: typesText,
      onKey: (k) => void got.push(k.text),
    });
    for (const e of new InputDecoder().push('ab\rc')) bus.push(e);
    const start = Date.now();
    while (got.length < 4 && Date.now() - start < 5000) await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual(['a', 'b', '<submit>', 'c']);
  });
});

describe('a paste holding escape sequences', () => {
  it('loses each sequence whole (a window title, a clear screen, C1 controls), keeps the text, and says so', () => {
    expect(normalisePaste('Zoé \u001b]0;pwned\u0007\u001b[2J\u009b2JRoy')).toBe('Zoé Roy');
    expect(normalisePaste('a\u001bPq#0\u001b\\b\u001bcc')).toBe('abc');
    const d = new InputDecoder();
    expect(d.push('\u001b[200~Zoé \u001b]0;x\u0007Roy\u001b[201~')).toEqual([{ kind: 'paste', text: 'Zoé Roy', removed: true }]);
    expect(d.push('\u001b[200~a\r\nb\u001b[201~')).toEqual([{ kind: 'paste', text: 'a\nb' }]);
  });
});
