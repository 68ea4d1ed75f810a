// Envoi (compose) defects of issue 9: what people paste into To/Cc, errors that go once
// fixed, a second Ctrl-S that says why, the Types de courriels rule.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { KEYS, renderConsole } from '../helpers/renderApp.js';
import { mailScreens } from '../helpers/composeScreen.js';
import { addressesOf, receivedMail } from '../helpers/mail.js';
import { listDrafts, saveDraft } from '../../src/services/drafts.js';

// support mails through Gmail (Types de courriels), as the vendor's procedure sets it.
const t = mailScreens({ gmailFor: 'support' });

describe('Envoi: To and Cc take what people paste from Outlook or Gmail', () => {
  it('"Côté, Élise" <…>; boss@… in To and a display name in Cc: sent, the names in the header', async () => {
    await t.link();
    const ui = await t.compose();
    await ui.type('"Côté, Élise" <elise@example.com>; boss@example.com');
    await ui.press(KEYS.tab);
    await ui.type('Jean Roy <jroy@example.com>');
    await ui.press(KEYS.ctrlS);
    await ui.waitFor('Courriel envoyé — identifiant Gmail', 20000);
    const mail = await receivedMail(t.sim);
    expect(addressesOf(mail.to)).toEqual([
      { name: 'Côté, Élise', address: 'elise@example.com' },
      { name: '', address: 'boss@example.com' },
    ]);
    expect(addressesOf(mail.cc)).toEqual([{ name: 'Jean Roy', address: 'jroy@example.com' }]);
  });
});

describe('Envoi: messages that match what the user sees', () => {
  it('a fixed address loses its error: beside the field and on the message line', async () => {
    await t.link();
    const ui = await t.compose();
    await ui.type('pas-une-adresse');
    await ui.press(KEYS.ctrlS);
    await ui.waitFor('Adresse de courriel invalide : « pas-une-adresse ».');
    await ui.press(...Array<string>('pas-une-adresse'.length).fill(KEYS.backspace));
    await ui.type('bon@example.com');
    await ui.waitFor(/À\s+bon@example\.com/);
    expect(ui.frame()).not.toContain('invalide');
    await ui.press(KEYS.ctrlS);
    await ui.waitFor('Courriel envoyé — identifiant Gmail', 20000);
    expect(ui.frame()).not.toContain('invalide');
  });

  it('a second Ctrl-S says the mail has gone (and how to leave), and sends nothing more', async () => {
    await t.link();
    const ui = await t.compose();
    await ui.type('bon@example.com');
    await ui.press(KEYS.ctrlS);
    const f = await ui.waitFor('Courriel envoyé — identifiant Gmail', 20000);
    const id = /identifiant Gmail (\S+)\./.exec(f)![1]!;
    await ui.press(KEYS.ctrlS);
    await ui.waitFor(`Ce courriel est déjà envoyé (identifiant Gmail ${id})`);
    expect(t.sim.received()).toHaveLength(1);
  });

  it('To starts empty with the cursor in it, as the README says; subject and message are prefilled', async () => {
    const ui = await t.compose();
    const f = ui.frame();
    expect(f).toMatch(/› À\s*(│|$)/m);
    expect(f).toContain('Liste des utilisateurs — Documentation Prextra');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain('*To* starts empty, with the cursor in it');
  });
});

describe('Envoi at 80×24', () => {
  it('the hint under the form is whole, wrapped (where to paste addresses from), not cut', async () => {
    const ui = await renderConsole(t.db, {
      as: 'support',
      stack: [{ screen: 'menu' }, { screen: 'reports' }],
      env: t.env(),
      dataDir: t.dir,
      size: { columns: 80, rows: 24 },
    });
    await ui.waitFor('USR01');
    await ui.press('e');
    const f = (await ui.waitFor(/\(\d+,\d Ko\)/, 15000)).replace(/\s+/g, ' ');
    expect(f).toContain('Ctrl-S envoie depuis votre Gmail · Échap annule · collez les adresses comme dans Outlook ou Gmail');
  });
});

describe('Envoi: the Types de courriels rule', () => {
  it('a user whose Types de courriels is not Gmail is told so and where to change it; nothing is sent', async () => {
    await t.link();
    await t.db('user_preferences').where({ user_id: t.support.id }).update({ mail_type: 'aucun' });
    const ui = await t.compose();
    await ui.waitFor('Vos Types de courriels ne sont pas à Gmail');
    expect(ui.frame()).toContain('Préférences');
    await ui.type('bon@example.com');
    await ui.press(KEYS.ctrlS);
    await ui.waitFor(/rien n’a été envoyé/);
    expect(t.sim.received()).toHaveLength(0);
    expect(await t.db('outbox').count({ n: '*' }).first()).toEqual({ n: 0 });
  });
});

describe('Envoi: a message holding a control character', () => {
  it('is refused beside the Message field with one sentence; nothing is sent', async () => {
    await t.link();
    // A draft written before control characters were refused (or by hand) brings an escape sequence back.
    await saveDraft(t.db, t.support, {
      screen: 'compose',
      recordKey: 'USR01',
      params: { code: 'USR01' },
      content: { message: 'Bonjour \u001b]0;pwned\u0007\u001b[2J' },
    });
    const [draft] = await listDrafts(t.db, t.support);
    const ui = await renderConsole(t.db, {
      as: 'support',
      stack: [{ screen: 'menu' }, { screen: 'reports' }, { screen: 'compose', params: { code: 'USR01', draftId: draft!.id } }],
      env: t.env(),
      dataDir: t.dir,
    });
    await ui.waitFor('Brouillon repris');
    await ui.waitFor(/\(\d+,\d Ko\)/, 15000);
    await ui.type('bon@example.com');
    await ui.press(KEYS.ctrlS);
    const f = await ui.waitFor('Message : Caractère de contrôle refusé (\\x1B) : retapez le texte sans lui.', 20000);
    // Beside the field as well as on the message line, and the escape drawn, never obeyed.
    expect(f.split('Caractère de contrôle refusé').length - 1).toBe(2);
    expect(f).toContain('Bonjour \\x1B]0;pwned');
    expect(f).not.toContain('\u001b]0;');
    expect(t.sim.received()).toHaveLength(0);
    expect(await t.db('outbox').count({ n: '*' }).first()).toEqual({ n: 0 });
  });
});
