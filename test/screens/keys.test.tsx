import { describe, expect, it } from 'vitest';
import { KEYS, consoleTestDb, focusOn, renderConsole, type RenderedConsole } from '../helpers/renderApp.js';
import { translator } from '../../src/services/i18n/index.js';

const t = translator('fr');

const tdb = consoleTestDb();

/**
 * What the footer draws is what works: every "key description" pair on the footer line is
 * an active handler on the key bus, and no key is bound to two commands at once.
 */
function checkKeys(ui: RenderedConsole, where: string): void {
  expect(ui.bus.conflicts(), `${where}: conflicts`).toEqual([]);
  const footer = ui.frame().split('\n').at(-1)!.trim();
  const active = new Set(ui.bus.hints().map((h) => `${h.label} ${t(h.description)}`));
  const drawn = footer.split(/\s{2,}/).filter(Boolean);
  expect(drawn.length, `${where}: footer «${footer}»`).toBeGreaterThan(0);
  for (const hint of drawn) expect(active, `${where}: «${hint}» has no active handler`).toContain(hint);
}

describe('every hint has its handler, no key means two things', () => {
  it('on the login screen, the menu, the lists and the user form with its routes', async () => {
    const ui = await renderConsole(tdb().db);
    await ui.waitFor('Code d’utilisateur');
    checkKeys(ui, 'login');
    await ui.type('admin');
    await ui.press(KEYS.enter);
    await ui.type('demo');
    await ui.press(KEYS.enter);
    await ui.waitFor('Gestion de système');
    checkKeys(ui, 'menu');
    await ui.press(KEYS.enter);
    await ui.waitFor('admin@doc.example.com');
    checkKeys(ui, 'users');
    await ui.press('/');
    await ui.waitFor(t('key.filterClear'));
    checkKeys(ui, 'users filter');
    await ui.press(KEYS.escape, KEYS.enter);
    await ui.waitFor(/› Code d’utilisateur/);
    checkKeys(ui, 'user form: code (read-only)');
    await ui.press(KEYS.tab);
    checkKeys(ui, 'user form: name');
    await focusOn(ui, /› Langue/);
    checkKeys(ui, 'user form: a select');
    await ui.press(KEYS.enter);
    await ui.waitFor('│Anglais');
    checkKeys(ui, 'user form: a select’s list');
    await ui.press(KEYS.escape);
    await ui.press('\u0014'); // Ctrl-T
    await ui.waitFor('Aucune plage');
    checkKeys(ui, 'schedule');
    await ui.press('a', KEYS.tab);
    checkKeys(ui, 'schedule: a time field');
    await ui.press(KEYS.escape);
    await ui.waitFor('Abandonner');
    checkKeys(ui, 'unsaved question');
    await ui.press('o');
    await ui.press('\u0012'); // Ctrl-R
    await ui.waitFor('Changer droits utilisateurs —');
    checkKeys(ui, 'rights');
    await ui.press(KEYS.escape);
    await ui.waitFor(/› Code d’utilisateur|Enregistrer/);
    await ui.press(':');
    await ui.waitFor(':companies');
    checkKeys(ui, 'palette');
    await ui.type('companies');
    await ui.press(KEYS.enter);
    await ui.waitFor('MTL');
    checkKeys(ui, 'companies');
    await ui.press(KEYS.enter);
    await ui.waitFor(t('screen.companyForm'));
    checkKeys(ui, 'company form');
    await ui.press(KEYS.escape);
    await ui.waitFor('MTL');
    await ui.press(':');
    await ui.waitFor(':menu');
    await ui.type('config');
    await ui.press(KEYS.enter);
    await ui.waitFor('UserMaintenanceShowFields');
    checkKeys(ui, 'config');
    await ui.press(KEYS.enter);
    await ui.waitFor(t('screen.configEdit'));
    checkKeys(ui, 'config: editing');
    await ui.press(KEYS.escape);
    await ui.waitForGone(t('screen.configEdit'));
    await ui.press('?');
    await ui.waitFor(t('app.help'));
    checkKeys(ui, 'help');
    await ui.press(KEYS.escape);
    for (const [cmd, marker] of [
      ['audit', t('audit.who')],
      ['outbox', t('outbox.col.status')],
      ['reports', 'USR01'],
      ['prefs', t('prefs.mailType')],
      ['password', t('field.current_password')],
    ] as const) {
      await ui.press(':');
      await ui.waitFor(':menu');
      await ui.type(cmd);
      await ui.press(KEYS.enter);
      await ui.waitFor(marker);
      checkKeys(ui, cmd);
    }
  });
});
