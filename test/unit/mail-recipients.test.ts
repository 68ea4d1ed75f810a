// To and Cc as people paste them from Outlook or Gmail: display names (accents, a comma in
// quotes), semicolons, line breaks, internationalised domains. The name reaches the header.
import { describe, expect, it } from 'vitest';
import { googleTestDb } from '../helpers/googleTestDb.js';
import { addressesOf, receivedMail } from '../helpers/mail.js';
import { runCli } from '../helpers/cli.js';
import { simEnv } from '../helpers/google.js';
import { listOutbox, retryMail, sendReport, validateRecipients } from '../../src/services/mail/index.js';
import { AppError } from '../../src/services/errors.js';
import { errorMessage } from '../../src/services/i18n/index.js';

function refusal(to: string[], cc: string[] = []): AppError {
  try {
    validateRecipients(to, cc);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('accepted');
}

describe('validateRecipients: what people paste', () => {
  it('keeps a display name with accents, and a quoted one holding a comma', () => {
    expect(validateRecipients(['Élise Côté <elise@example.com>']).to).toEqual(['Élise Côté <elise@example.com>']);
    expect(validateRecipients(['"Côté, Élise" <elise@example.com>; boss@example.com']).to).toEqual([
      '"Côté, Élise" <elise@example.com>',
      'boss@example.com',
    ]);
  });

  it('Outlook and Gmail lists: semicolons, commas, line breaks, bare addresses separated by spaces', () => {
    expect(validateRecipients(['Jean Roy <jroy@x.ca>; Marie Lévesque <ml@y.ca>']).to).toEqual([
      'Jean Roy <jroy@x.ca>',
      'Marie Lévesque <ml@y.ca>',
    ]);
    expect(validateRecipients(['a@x.com\nb@y.org\r\nc@z.ca']).to).toEqual(['a@x.com', 'b@y.org', 'c@z.ca']);
    expect(validateRecipients(['a@x.com b@y.org c@z.ca']).to).toEqual(['a@x.com', 'b@y.org', 'c@z.ca']);
    expect(validateRecipients(['Élise Côté <elise@example.com> boss@example.com']).to).toEqual([
      'Élise Côté <elise@example.com>',
      'boss@example.com',
    ]);
  });

  it('takes internationalised domains', () => {
    expect(validateRecipients(['Jean Müller <jean@bücher.de>', 'info@société.ca']).to).toEqual([
      'Jean Müller <jean@bücher.de>',
      'info@société.ca',
    ]);
  });

  it('drops duplicates by address (a Cc already in To too), names aside', () => {
    expect(validateRecipients(['Élise <elise@example.com>, ELISE@example.com'], ['elise@example.com, c@z.ca'])).toEqual({
      to: ['Élise <elise@example.com>'],
      cc: ['c@z.ca'],
    });
  });

  it('refuses an entry without an address, naming it as typed', () => {
    const e = refusal(['Élise Côté <elise@example.com>, Jean Roy']);
    expect(e).toMatchObject({ field: 'to', params: { address: 'Jean Roy' } });
    expect(errorMessage(e, 'fr')).toBe('Adresse de courriel invalide : « Jean Roy ».');
    expect(refusal(['a@x.com'], ['x@@y'])).toMatchObject({ field: 'cc', params: { address: 'x@@y' } });
    expect(refusal(['jean@bü cher.de']).key).toBe('mail.badAddress');
    expect(refusal([' ; , ']).key).toBe('mail.noRecipient');
  });
});

describe('sendReport and retry: the display name in the header', () => {
  const t = googleTestDb({ gmail: true, linked: true, ownTmp: true });

  it('sends to "Côté, Élise" <…>; boss@…, an IDN domain in Cc; a retry keeps the same recipients', async () => {
    const r = await sendReport(t.db, t.me, {
      google: t.google,
      code: 'CIE01',
      to: ['"Côté, Élise" <elise@example.com>; boss@example.com'],
      cc: ['Jean Müller <jean@bücher.de>'],
      tuning: { attempts: 1, baseDelayMs: 1, maxBackoffMs: 1 },
    });
    const mail = await receivedMail(t.sim);
    const to = addressesOf(mail.to);
    expect(to).toEqual([
      { name: 'Côté, Élise', address: 'elise@example.com' },
      { name: '', address: 'boss@example.com' },
    ]);
    expect(addressesOf(mail.cc)).toEqual([{ name: 'Jean Müller', address: 'jean@bücher.de' }]);
    // On the wire the header is 7-bit: the domain in punycode, the names RFC 2047-encoded.
    const raw = t.sim.received()[0]!.raw;
    const head = raw.subarray(0, raw.indexOf('\r\n\r\n')).toString('latin1');
    expect(head).toMatch(/^Cc: =\?UTF-8\?[QB]\?.*\?= <jean@xn--bcher-kva\.de>$/m);
    expect(/[^\x00-\x7f]/.test(head)).toBe(false);

    // The journal reads the list back whole (the comma inside the name splits nothing).
    const [entry] = await listOutbox(t.db, t.me);
    expect(entry!.to).toEqual(['"Côté, Élise" <elise@example.com>', 'boss@example.com']);
    await t.db('outbox').where({ id: r.outboxId }).update({ status: 'failed' });
    await retryMail(t.db, t.me, r.outboxId, { google: t.google, tuning: { attempts: 1, baseDelayMs: 1, maxBackoffMs: 1 } });
    const again = await receivedMail(t.sim, 1);
    expect(addressesOf(again.to)).toEqual(to);
  });

  it('report send --to/--cc take the same lists (a quoted name with a comma, an IDN domain)', async () => {
    const r = await runCli(
      t,
      'jtremblay',
      ['report', 'send', 'CIE01', '--to', '"Côté, Élise" <elise@example.com>; boss@example.com', '--cc', 'info@société.ca'],
      simEnv(t.sim),
    );
    expect(r.err).not.toContain('prextra-console:');
    expect(r.code).toBe(0);
    expect(r.out).toContain('"Côté, Élise" <elise@example.com>, boss@example.com');
    const mail = await receivedMail(t.sim);
    expect(addressesOf(mail.to).map((v) => v.name)).toEqual(['Côté, Élise', '']);
    expect(addressesOf(mail.cc).map((v) => v.address)).toEqual(['info@société.ca']);
  });
});
