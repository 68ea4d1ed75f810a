// The text of a mail (issue 14, bad input): a message or subject holding a control
// character (an escape sequence pasted from a terminal) is refused before anything is
// recorded or sent, with one sentence naming the field; line breaks, CR LF and tabs go.
import { describe, expect, it } from 'vitest';
import { googleTestDb } from '../helpers/googleTestDb.js';
import { receivedMail } from '../helpers/mail.js';
import { rejection } from '../helpers/rejection.js';
import { sendReport, type SendReportInput } from '../../src/services/mail/index.js';
import { ValidationError } from '../../src/services/errors.js';
import { errorMessage } from '../../src/services/i18n/index.js';

const t = googleTestDb({ gmail: true, linked: true });

const send = (extra: Partial<SendReportInput>) =>
  sendReport(t.db, t.me, { google: t.google, code: 'USR01', to: ['destinataire@example.com'], ...extra });

const refusal = (p: Promise<unknown>) => rejection(p, ValidationError);

describe('the text of a mail', () => {
  it('a message with an escape sequence is refused, naming the field; nothing recorded, nothing sent', async () => {
    const e = await refusal(send({ message: 'Bonjour\n\u001b]0;pwned\u0007\u001b[2J voici le rapport' }));
    expect(Object.keys(e.fields)).toEqual(['message']);
    expect(errorMessage(e, 'fr')).toBe('Message : Caractère de contrôle refusé (\\x1B) : retapez le texte sans lui.');
    expect(errorMessage(e, 'en')).toBe('Message: Control character refused (\\x1B): type the text without it.');
    expect(await t.db('outbox').count({ n: '*' }).first()).toEqual({ n: 0 });
    expect(t.sim.received()).toHaveLength(0);
  });

  it('a subject with a control character is refused the same way', async () => {
    const e = await refusal(send({ subject: 'Rapport \u001b[31mrouge' }));
    expect(Object.keys(e.fields)).toEqual(['subject']);
    expect(errorMessage(e, 'fr')).toMatch(/^Objet : Caractère de contrôle refusé \(\\x1B\)/);
    expect(t.sim.received()).toHaveLength(0);
  });

  it('line breaks (LF, CR LF, CR) and tabs are text: the mail goes with them as line breaks', async () => {
    await send({ message: 'Ligne 1\r\nLigne 2\rLigne 3\n\tfin' });
    const mail = await receivedMail(t.sim);
    expect(mail.text).toContain('Ligne 1\nLigne 2\nLigne 3\n\tfin');
  });
});
