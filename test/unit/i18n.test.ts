import { describe, expect, it } from 'vitest';
import { validateRecipients } from '../../src/services/mail/recipients.js';
import { errorMessage, formatBytes, parseDate, t } from '../../src/services/i18n/index.js';

describe('messages', () => {
  it('never reads a user’s text as a message key: an address starting with @ is shown as typed', () => {
    let err: unknown;
    try {
      validateRecipients(['@field.code']);
    } catch (e) {
      err = e;
    }
    const fr = errorMessage(err, 'fr');
    expect(fr).toContain('@field.code');
    expect(fr).not.toContain('Code d’utilisateur');
    expect(errorMessage(err, 'en')).not.toContain('User code');
  });

  it('says “1 ligne” and “5 minutes”, not “1 lignes” or “5 minute(s)”', () => {
    expect(t('app.rows', { total: 1 }, 'fr')).toBe('1 ligne');
    expect(t('app.rows', { total: 34 }, 'fr')).toBe('34 lignes');
    expect(t('app.rows', { total: 1 }, 'en')).toBe('1 row');
    expect(t('app.rows', { total: 0 }, 'en')).toBe('0 rows');
    expect(t('lock.hint', { minutes: 5, code: 'admin' }, 'fr')).toContain('depuis 5 minutes.');
    expect(t('lock.hint', { minutes: 1, code: 'admin' }, 'en')).toContain('for 1 minute.');
  });

  it('parses and formats in the language it is given', () => {
    expect(parseDate('31/12/2027', 'fr')).toBe('2027-12-31');
    expect(parseDate('2027-12-31', 'en')).toBe('2027-12-31');
    expect(formatBytes(1536, 'fr')).toBe('1,5 Ko');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
  });
});
