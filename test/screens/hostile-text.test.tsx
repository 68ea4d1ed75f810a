// Issue 8, hole 5 on screen: a name or an address holding terminal escapes, stored before
// fields refused them (or by hand), is drawn as visible escapes in every table, field and
// message line, never sent raw to the administrator's terminal.
import { describe, expect, it } from 'vitest';
import { consoleTestDb, renderConsole, KEYS } from '../helpers/renderApp.js';
import { plantHostileUser } from '../helpers/hostile.js';

const tdb = consoleTestDb();
/** Bytes a terminal would obey, but the SGR colour codes Ink itself writes. */
const hostile = (frame: string) => /\u001b\]|\u001b\[2J|\u001bc|\u0007|[\u0080-\u009f]/.test(frame);

async function plant() {
  const db = tdb().db;
  await plantHostileUser(db, 'j\u009b2J@mtl.example.com');
  const admin = await db('users').where({ code: 'admin' }).first('id');
  const ts = new Date().toISOString();
  await db('outbox').insert({
    user_id: admin.id,
    to_addresses: 'pwn\u001bc@mtl.example.com',
    cc_addresses: '',
    subject: 'USR01 \u001b]0;pwned\u0007',
    body: '',
    report_code: 'USR01',
    status: 'failed',
    attempts: 1,
    created_at: ts,
    updated_at: ts,
  });
}

describe('hostile text is drawn escaped', () => {
  it('in the Utilisateurs list and the user form', async () => {
    await plant();
    const ui = await renderConsole(tdb().db, { as: 'admin', stack: [{ screen: 'menu' }, { screen: 'users' }] });
    const list = await ui.waitFor('Julie \\x1B');
    expect(hostile(list)).toBe(false);
    await ui.press('/');
    await ui.type('jtremblay');
    await ui.waitFor('Ligne 1/1 ·');
    await ui.press(KEYS.enter, KEYS.enter);
    const form = await ui.waitFor('\\x9B2J@mtl');
    expect(hostile(form)).toBe(false);
  });

  it('in the audit trail and the Journal des courriels', async () => {
    await plant();
    const audit = await renderConsole(tdb().db, { as: 'admin', stack: [{ screen: 'menu' }, { screen: 'audit' }] });
    const a = await audit.waitFor('\\x1B]0;pwned');
    expect(hostile(a)).toBe(false);
    audit.unmount();
    const outbox = await renderConsole(tdb().db, { as: 'admin', stack: [{ screen: 'menu' }, { screen: 'outbox' }] });
    const o = await outbox.waitFor('USR01 \\x1B]0;pwned');
    expect(hostile(o)).toBe(false);
  });
});

describe('a hostile paste into a field', () => {
  it('reaches the field without its escape sequences, and the status line says they were taken out', async () => {
    const ui = await renderConsole(tdb().db, {
      as: 'admin',
      stack: [{ screen: 'menu' }, { screen: 'users' }, { screen: 'userForm', params: { code: 'jtremblay' } }],
    });
    await ui.waitFor('Julie Tremblay');
    await ui.press(KEYS.tab, '\u0015'); // Nom, emptied (Ctrl-U)
    await ui.waitFor(/› Nom\s*\n/);
    await ui.press(`\u001b[200~Zoé \u001b]0;pwned\u0007\u001b[2J\u009b2JRoy\u001b[201~`);
    const f = await ui.waitFor('Zoé Roy');
    expect(f).not.toContain('pwned');
    expect(hostile(f)).toBe(false);
    expect(f).toContain('Le texte collé contenait des caractères de contrôle');
  });
});
