// Found by trying the CLI as nmorin (qa): `users show` printed "Language  fr" while
// `users list` says "French": a stored code instead of its label. The text form shows
// every choice in the reader's words (--json keeps the stored values).
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { eachTestDb } from '../helpers/db.js';

const t = eachTestDb();

describe('users show, choices in words', () => {
  it('shows the language, CRM scale and Office version by their labels, in English and French', async () => {
    await t.db('users').where({ code: 'pcote' }).update({ language: 'fr', crm_calendar_scale: '30', office_version: '365' });
    const en = await runCli(t, 'admin', ['users', 'show', 'pcote'], { PRX_LANG: 'en' });
    await t.db('users').where({ code: 'admin' }).update({ language: 'en' });
    const inEnglish = await runCli(t, 'admin', ['users', 'show', 'pcote']);
    expect(en.code).toBe(0);
    expect(en.out).toMatch(/^Langue\s+Français$/m);
    expect(en.out).toMatch(/^Échelle calendrier CRM\s+30 minutes$/m);
    expect(en.out).toMatch(/^Version de Microsoft Office\s+Microsoft 365$/m);
    expect(inEnglish.out).toMatch(/^Language\s+French$/m);
    const json = JSON.parse((await runCli(t, 'admin', ['users', 'show', 'pcote', '--json'])).out);
    expect(json.language).toBe('fr');
  });
});

describe('users rights, its headers in words', () => {
  it('names the id column in the reader’s language, not "code"', async () => {
    const fr = await runCli(t, 'admin', ['users', 'rights', 'sroy']);
    const header = fr.out.split('\n')[0]!;
    expect(header).toMatch(/^Fonction\s+Niveau\s+Code à donner \(FUNCTION=LEVEL\)$/);
    await t.db('users').where({ code: 'admin' }).update({ language: 'en' });
    const en = await runCli(t, 'admin', ['users', 'rights', 'sroy']);
    expect(en.out.split('\n')[0]).toMatch(/^Function\s+Level\s+Code to give \(FUNCTION=LEVEL\)$/);
  });
});
