// A refused field names itself in words, in the reader's language (issue 9): never
// `field.MaxAttachmentMB : …` or `field.range1 : …`; English punctuation in English.
import { describe, expect, it } from 'vitest';
import { eachTestDb } from '../helpers/db.js';
import { setConfig } from '../../src/services/config.js';
import { errorMessage } from '../../src/services/i18n/index.js';
import { setSchedule } from '../../src/services/users/index.js';

const t = eachTestDb();

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('accepted');
    },
    (e: unknown) => e,
  );

describe('errorMessage of a refused field', () => {
  it('a setting: its label, French and English', async () => {
    const e = await refusal(setConfig(t.db, await t.actor('admin'), 'MaxAttachmentMB', '99'));
    expect(errorMessage(e, 'fr')).toBe('Pièce jointe max. (Mo) : Nombre entier de 1 à 25.');
    expect(errorMessage(e, 'en')).toMatch(/^Max\. attachment \(MB\): /);
  });

  it('a schedule row: "Plage 2", not range1', async () => {
    const e = await refusal(
      setSchedule(t.db, await t.actor('admin'), 'jtremblay', [
        { weekday: 1, start: '08:00', end: '12:00' },
        { weekday: 2, start: '17:00', end: '08:00' },
      ]),
    );
    expect(errorMessage(e, 'fr')).toMatch(/^Plage 2 : /);
    expect(errorMessage(e, 'en')).toMatch(/^Range 2: /);
  });
});

describe('errorMessage of a refused right', () => {
  it('names every function and level in words, never its code', async () => {
    const { ForbiddenError } = await import('../../src/services/errors.js');
    const { allFunctions } = await import('../../src/services/rights.js');
    const { REPORTS } = await import('../../src/services/reports/catalog.js');
    for (const fn of allFunctions(REPORTS.map((r) => r.code)))
      for (const lang of ['fr', 'en'] as const) {
        const text = errorMessage(new ForbiddenError(fn, 'modification'), lang);
        expect(text).not.toContain(fn);
        expect(text).not.toMatch(/function\.|level\.|modification"|« modification/);
      }
    expect(errorMessage(new ForbiddenError('systeme.maintenance.utilisateurs', 'lecture'), 'en')).toBe(
      'Insufficient right: "Read" needed on System management › Maintenance › Users.',
    );
  });
});
