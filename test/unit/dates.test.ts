// Dates as users type and read them: French JJ/MM/AAAA (ISO accepted too), English ISO;
// stored as YYYY-MM-DD whatever the language.
import { describe, expect, it } from 'vitest';
import { formatDate, parseDate } from '../../src/services/i18n/index.js';

describe('parseDate', () => {
  it('reads a French date day first, with /, . or - between, one or two digits', () => {
    expect(parseDate('31/12/2027', 'fr')).toBe('2027-12-31');
    expect(parseDate('31.12.2027', 'fr')).toBe('2027-12-31');
    expect(parseDate('31-12-2027', 'fr')).toBe('2027-12-31');
    expect(parseDate('1/2/2028', 'fr')).toBe('2028-02-01');
    expect(parseDate('  05/06/2027 ', 'fr')).toBe('2027-06-05');
  });

  it('reads ISO dates in both languages, and only ISO in English', () => {
    expect(parseDate('2027-12-31', 'fr')).toBe('2027-12-31');
    expect(parseDate('2027-12-31', 'en')).toBe('2027-12-31');
    expect(parseDate('2027-1-5', 'en')).toBe('2027-01-05');
    // 12/31/2027 or 31/12/2027 in English: the order is ambiguous, so neither is guessed.
    expect(parseDate('31/12/2027', 'en')).toBeNull();
    expect(parseDate('12/31/2027', 'en')).toBeNull();
  });

  it('refuses days that do not exist, months past 12, two-digit years and words', () => {
    for (const text of [
      '31/04/2027',
      '29/02/2027',
      '30/02/2028',
      '00/01/2027',
      '12/13/2027',
      '2027-13-01',
      '2027-00-10',
      '31/12/27',
      'demain',
      '',
      '2027/12/31',
    ])
      expect(parseDate(text, 'fr'), text).toBeNull();
    expect(parseDate('29/02/2028', 'fr')).toBe('2028-02-29');
    expect(parseDate('29/02/2000', 'fr')).toBe('2000-02-29');
    expect(parseDate('29/02/1900', 'fr')).toBeNull();
  });

  it('reads back what formatDate wrote, in each language', () => {
    for (const iso of ['2027-12-31', '2028-02-29', '2026-01-01'])
      for (const lang of ['fr', 'en'] as const) expect(parseDate(formatDate(iso, lang), lang), `${iso} ${lang}`).toBe(iso);
    expect(formatDate('2027-12-31', 'fr')).toBe('31/12/2027');
    expect(formatDate('2027-12-31', 'en')).toBe('2027-12-31');
  });
});
