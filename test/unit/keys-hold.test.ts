// The key bus holds keys while a screen reads the record they act on (issue 14): they are
// handled, in order, once it is there; Ctrl-C and Esc do not wait.
import { describe, expect, it } from 'vitest';
import { KeyBus } from '../../src/screens/keys/bus.js';
import { parseKeys } from '../../src/screens/keys/input.js';

const push = (bus: KeyBus, raw: string) => {
  for (const key of parseKeys(raw)) bus.push({ kind: 'key', key });
};
/** Until the bus has handled every key it may handle now (held ones wait). */
const settled = async (bus: KeyBus) => {
  do await new Promise((r) => setTimeout(r, 1));
  while (bus.busy);
};

describe('KeyBus.hold', () => {
  it('keys wait while held and run in order after the release', async () => {
    const bus = new KeyBus();
    const ran: string[] = [];
    bus.register({
      layer: 'screen',
      active: true,
      commands: { 'list.down': () => void ran.push('down'), 'form.save': () => void ran.push('save') },
    });
    const release = bus.hold();
    push(bus, 'j\u0013j');
    await settled(bus);
    expect(ran).toEqual([]);
    release();
    await settled(bus);
    expect(ran).toEqual(['down', 'save', 'down']);
  });

  it('Ctrl-C and Esc go through at once; the held keys keep waiting', async () => {
    const bus = new KeyBus();
    const ran: string[] = [];
    bus.register({
      layer: 'screen',
      active: true,
      commands: { 'list.down': () => void ran.push('down'), 'nav.back': () => void ran.push('back') },
    });
    bus.register({ layer: 'global', active: true, always: true, commands: { 'app.abort': () => void ran.push('abort') } });
    const release = bus.hold();
    push(bus, 'j');
    bus.push({ kind: 'key', key: { name: 'escape', text: '' } });
    await settled(bus);
    push(bus, '\u0003');
    await settled(bus);
    expect(ran).toEqual(['back', 'abort']);
    release();
    await settled(bus);
    expect(ran).toEqual(['back', 'abort', 'down']);
  });
});
