import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { KEYS, consoleTestDb, renderConsole } from '../helpers/renderApp.js';
import { approveConsent, openRedirect, simEnv, simGoogle, stopSandboxSimulators } from '../helpers/google.js';
import { startGoogleSimulator, type GoogleSimulator } from '../../src/sandbox/googleSimulator.js';
import { startLink } from '../../src/services/gmail/index.js';
import type { Actor } from '../../src/services/rights.js';
import type { Google } from '../../src/services/gmail/googleClient.js';

let google: Google;

const tdb = consoleTestDb();
let sim: GoogleSimulator;
let support: Actor;
beforeEach(async () => {
  sim = await startGoogleSimulator({ dataDir: tdb().dir });
  google = simGoogle(sim, tdb().dir, { PRX_NO_BROWSER: '1' });
  support = await tdb().actor('support');
  // Everyone here mails through Gmail (Types de courriels), as the vendor's procedure sets it.
  await tdb().db('user_preferences').update({ mail_type: 'gmail' });
});
afterEach(async () => {
  await stopSandboxSimulators();
  await sim.close();
});

async function link(): Promise<void> {
  const a = await startLink(tdb().db, support, { google });
  expect((await openRedirect(await approveConsent(a.url))).status).toBe(200);
  await a.result;
}

async function compose() {
  const ui = await renderConsole(tdb().db, {
    as: 'support',
    stack: [{ screen: 'menu' }, { screen: 'reports' }],
    env: simEnv(sim, { PRX_NO_BROWSER: '1' }),
    dataDir: tdb().dir,
  });
  await ui.waitFor('USR01');
  await ui.press('e');
  await ui.waitFor('Envoi — USR01 Liste des utilisateurs');
  await ui.waitFor(/\(\d+,\d Ko\)/, 15000);
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
    expect(sim.received()).toHaveLength(0);
    expect(await tdb().db('outbox').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('sends with Ctrl-S and shows the Gmail message id; the mail holds the PDF', async () => {
    await link();
    const ui = await compose();
    await ui.type('destinataire@example.com');
    await ui.press(KEYS.tab);
    await ui.type('copie@example.com');
    await ui.press(KEYS.ctrlS);
    const f = await ui.waitFor('Courriel envoyé — identifiant Gmail', 20000);
    const id = /identifiant Gmail (\S+)\./.exec(f)![1];
    expect(sim.received()).toHaveLength(1);
    const mail = await simpleParser(readFileSync(sim.received()[0]!.file));
    expect(mail.from?.text).toContain('prextra.dev@gmail.com');
    expect(mail.cc && !Array.isArray(mail.cc) ? mail.cc.text : '').toContain('copie@example.com');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.contentType).toBe('application/pdf');
    const row = await tdb().db('outbox').first('status', 'gmail_message_id');
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
    const mail = await simpleParser(readFileSync(sim.received()[0]!.file));
    expect(mail.attachments).toHaveLength(1);
  });
});

describe('Journal des courriels', () => {
  it('lists the mails with status and error, and r retries a failed one (never a sent one)', async () => {
    await link();
    sim.setFault('gmail', { status: 400, count: 1 });
    const { sendReport } = await import('../../src/services/mail/index.js');
    await sendReport(tdb().db, support, { google, code: 'CIE01', to: ['a@example.com'] }).catch(() => undefined);
    const ui = await renderConsole(tdb().db, {
      as: 'support',
      stack: [{ screen: 'menu' }, { screen: 'outbox' }],
      dataDir: tdb().dir,
      google,
    });
    const f = await ui.waitFor('Échec');
    expect(f).toContain('a@example.com');
    await ui.press('r');
    await ui.waitFor('Courriel renvoyé', 20000);
    await ui.waitFor('Envoyé');
    expect(sim.received()).toHaveLength(1);
    await ui.press('r');
    await ui.waitFor('Seul un courriel en échec peut être renvoyé.');
    expect(sim.received()).toHaveLength(1);
  });
});
