import { describe, expect, it } from 'vitest';
import { KEYS } from '../helpers/renderApp.js';
import { mailScreens } from '../helpers/composeScreen.js';
import { receivedMail } from '../helpers/mail.js';
import { approveConsent } from '../helpers/google.js';

const t = mailScreens({ gmailFor: 'everyone' });

async function compose() {
  const ui = await t.compose();
  await ui.waitFor('Envoi — USR01 Liste des utilisateurs');
  return ui;
}

describe('Envoi (compose)', () => {
  it('prefills subject, message, signature and the attachment with its size; refuses a bad address beside the field', async () => {
    const ui = await compose();
    const f = ui.frame();
    expect(f).toContain('Liste des utilisateurs — Documentation Prextra');
    expect(f).toContain('Support CDID — support@cdid.com');
    expect(f).toMatch(/USR01-Liste des utilisateurs-\d{4}-\d{2}-\d{2}\.pdf/);
    await ui.type('pas-une-adresse');
    await ui.press(KEYS.ctrlS);
    // The refusal, not the address the test typed: the sentence on the message line, and
    // whole under the field (wrapped, never cut).
    const refused = await ui.waitFor('Adresse de courriel invalide : « pas-une-adresse ».');
    const lines = refused.split('\n');
    const field = lines.findIndex((l) => l.startsWith('› À'));
    expect(lines[field]).toMatch(/pas-une-adresse\s*$/);
    expect(lines[field + 1]!.trim()).toBe('Adresse de courriel invalide : « pas-une-adresse ».');
    expect(t.sim.received()).toHaveLength(0);
    expect(await t.db('outbox').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('sends with Ctrl-S and shows the Gmail message id; the mail holds the PDF', async () => {
    await t.link();
    const ui = await compose();
    await ui.type('destinataire@example.com');
    await ui.press(KEYS.tab);
    await ui.type('copie@example.com');
    await ui.press(KEYS.ctrlS);
    const f = await ui.waitFor('Courriel envoyé — identifiant Gmail', 20000);
    const id = /identifiant Gmail (\S+)\./.exec(f)![1];
    expect(t.sim.received()).toHaveLength(1);
    const mail = await receivedMail(t.sim);
    expect(mail.from?.text).toContain('prextra.dev@gmail.com');
    expect(mail.cc && !Array.isArray(mail.cc) ? mail.cc.text : '').toContain('copie@example.com');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.contentType).toBe('application/pdf');
    const row = await t.db('outbox').first('status', 'gmail_message_id');
    expect(row).toEqual({ status: 'sent', gmail_message_id: id });
  });

  it('without a link, links first through the paste box, then sends the mail with its attachment', async () => {
    const ui = await compose();
    await ui.type('destinataire@example.com');
    await ui.press(KEYS.ctrlS);
    const f = await ui.waitFor('Si votre navigateur', 15000);
    const lines = f.split('\n');
    const start = lines.findIndex((l) => l.includes('Ouvrez cette adresse'));
    const end = lines.findIndex((l, i) => i > start && l.includes('Si votre navigateur'));
    const url = lines
      .slice(start + 1, end)
      .map((l) => l.trim())
      .join('');
    await ui.type(await approveConsent(url));
    await ui.press(KEYS.enter);
    await ui.waitFor('Courriel envoyé', 20000);
    const mail = await receivedMail(t.sim);
    expect(mail.attachments).toHaveLength(1);
  });
});

describe('Journal des courriels', () => {
  it('lists the mails with status and error, and r retries a failed one (never a sent one)', async () => {
    await t.link();
    const ui = await t.journalAfterAFailedSend();
    const f = await ui.waitFor('Échec');
    expect(f).toContain('a@example.com');
    await ui.press('r');
    await ui.waitFor('Courriel renvoyé', 20000);
    await ui.waitFor('Envoyé');
    expect(t.sim.received()).toHaveLength(1);
    await ui.press('r');
    await ui.waitFor('Seul un courriel en échec peut être renvoyé.');
    expect(t.sim.received()).toHaveLength(1);
  });
});
