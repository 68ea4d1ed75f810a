// The language before anyone logs in (issue 9, Terminals): PRX_LANG, then the locale
// (LC_ALL, LC_MESSAGES, LANG: fr* or en*), French otherwise.
import { describe, expect, it } from 'vitest';
import { languageBeforeLogin } from '../../src/services/i18n/index.js';
import { runCli } from '../helpers/cli.js';
import { makeTestDb } from '../helpers/db.js';

describe('languageBeforeLogin', () => {
  it('PRX_LANG first, then the locale in POSIX order, French otherwise', () => {
    expect(languageBeforeLogin({})).toBe('fr');
    expect(languageBeforeLogin({ LANG: 'en_CA.UTF-8' })).toBe('en');
    expect(languageBeforeLogin({ LANG: 'fr_CA.UTF-8' })).toBe('fr');
    expect(languageBeforeLogin({ LANG: 'de_DE.UTF-8' })).toBe('fr');
    expect(languageBeforeLogin({ LANG: 'C.UTF-8' })).toBe('fr');
    expect(languageBeforeLogin({ LC_ALL: 'en_US.UTF-8', LANG: 'fr_CA.UTF-8' })).toBe('en');
    expect(languageBeforeLogin({ LC_ALL: '', LC_MESSAGES: 'en_GB', LANG: 'fr_CA' })).toBe('en');
    expect(languageBeforeLogin({ LC_ALL: 'C', LANG: 'en_US.UTF-8' })).toBe('fr');
    expect(languageBeforeLogin({ PRX_LANG: 'fr', LANG: 'en_US.UTF-8' })).toBe('fr');
    expect(languageBeforeLogin({ PRX_LANG: 'en', LANG: 'fr_CA.UTF-8' })).toBe('en');
  });

  it('the CLI speaks it before login: a wrong password in English under LANG=en_US', async () => {
    const t = await makeTestDb();
    try {
      const r = await runCli(t, null, ['users', 'list'], { PRX_USER: 'admin', PRX_PASSWORD: 'wrong', LANG: 'en_US.UTF-8' });
      expect(r.code).not.toBe(0);
      expect(r.err).toMatch(/^prextra-console: .*(password|Password)/);
      const fr = await runCli(t, null, ['users', 'list'], { PRX_USER: 'admin', PRX_PASSWORD: 'wrong', LANG: 'fr_CA.UTF-8' });
      expect(fr.err).toMatch(/mot de passe/);
    } finally {
      await t.close();
    }
  });
});
