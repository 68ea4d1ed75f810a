import { describe, expect, it } from 'vitest';
import { validateRecipients } from '../../src/services/mail/recipients.js';
import {
  CATALOGS,
  LANGS,
  errorMessage,
  formatBytes,
  formatMessage,
  parseDate,
  translate,
  type MessageKey,
} from '../../src/services/i18n/index.js';
import type { Message } from '../../src/services/i18n/catalogue.js';

/** Every text of a message (each plural form), and the parameters it names. */
function texts(m: Message): string[] {
  return typeof m === 'string' ? [m] : Object.values(m.forms);
}
function params(m: Message): string[] {
  const names = new Set(texts(m).flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!)));
  if (typeof m !== 'string') names.add(m.count);
  return [...names].sort();
}

describe('messages', () => {
  it('walks every key: both languages, never the key itself, the same parameters, one feature file each', () => {
    const problems: string[] = [];
    const owner = new Map<string, string>();
    for (const [feature, catalog] of Object.entries(CATALOGS)) {
      const fr = catalog.fr as Record<string, Message>;
      const en = catalog.en as Record<string, Message>;
      for (const key of Object.keys(en)) if (!(key in fr)) problems.push(`${key}: English only (${feature})`);
      for (const key of Object.keys(fr)) {
        if (owner.has(key)) problems.push(`${key}: in ${owner.get(key)} and ${feature}`);
        owner.set(key, feature);
        if (!(key in en)) {
          problems.push(`${key}: no English`);
          continue;
        }
        for (const [lang, m] of [
          ['fr', fr[key]!],
          ['en', en[key]!],
        ] as const)
          for (const text of texts(m)) if (text.trim() === '' || text.trim() === key) problems.push(`${key}: ${lang} is «${text}»`);
        if (params(fr[key]!).join() !== params(en[key]!).join())
          problems.push(`${key}: parameters fr {${params(fr[key]!).join()}} en {${params(en[key]!).join()}}`);
        // Rendered with every parameter given, nothing of the template is left.
        const given = Object.fromEntries(params(fr[key]!).map((p) => [p, 2]));
        for (const lang of LANGS) {
          const out = formatMessage(lang, key as MessageKey, given);
          if (out === key || /\{\w+\}/.test(out)) problems.push(`${key}: ${lang} renders «${out}»`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

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
    expect(translate('fr', 'app.rows', { total: 1 })).toBe('1 ligne');
    expect(translate('fr', 'app.rows', { total: 34 })).toBe('34 lignes');
    expect(translate('en', 'app.rows', { total: 1 })).toBe('1 row');
    expect(translate('en', 'app.rows', { total: 0 })).toBe('0 rows');
    expect(translate('fr', 'lock.hint', { minutes: 5, code: 'admin' })).toContain('depuis 5 minutes.');
    expect(translate('en', 'lock.hint', { minutes: 1, code: 'admin' })).toContain('for 1 minute.');
  });

  it('parses and formats in the language it is given', () => {
    expect(parseDate('31/12/2027', 'fr')).toBe('2027-12-31');
    expect(parseDate('2027-12-31', 'en')).toBe('2027-12-31');
    expect(formatBytes(1536, 'fr')).toBe('1,5 Ko');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
  });
});
