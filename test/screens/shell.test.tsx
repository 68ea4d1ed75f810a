import { describe, expect, it, vi } from 'vitest';
import { KEYS, consoleTestDb, keyBytes, paletteCommand, renderConsole } from '../helpers/renderApp.js';
import type { Route } from '../../src/state/store.js';
import { translator } from '../../src/services/i18n/index.js';

const t = translator('fr');
import { setUserRights } from '../../src/services/rights.js';

const tdb = consoleTestDb();

describe('Connexion and menu', () => {
  it('refuses a wrong password with the reason, then logs in and shows the menu by rights', async () => {
    const ui = await renderConsole(tdb().db);
    await ui.waitFor('Code d’utilisateur');
    await ui.type('admin');
    await ui.press(KEYS.enter);
    await ui.type('mauvais');
    await ui.press(KEYS.enter);
    await ui.waitFor('Code d’utilisateur ou mot de passe invalide.');
    await ui.type('demo');
    await ui.press(KEYS.enter);
    const menu = await ui.waitFor('Utilisateurs');
    expect(menu).toContain('Gestion de système');
    expect(menu).toContain('Préférences');
    expect(menu).toContain('Administrateur système');
  });

  it('shows an inactive user why they cannot log in, once the password is right', async () => {
    const ui = await renderConsole(tdb().db);
    await ui.type('vouellet');
    await ui.press(KEYS.enter);
    await ui.type('demo');
    await ui.press(KEYS.enter);
    await ui.waitFor('Cet utilisateur n’est pas actif.');
  });

  it('shows a clerk only the options they have a right to', async () => {
    const ui = await renderConsole(tdb().db, { as: 'jtremblay' });
    const f = await ui.waitFor('Préférences');
    expect(f).not.toContain('Utilisateurs  :users');
    expect(f).not.toContain('Configuration');
    expect(f).toContain('Rapports');
  });

  it('speaks English to an English-speaking user', async () => {
    await setUserRights(tdb().db, await tdb().actor('admin'), 'nmorin', { 'systeme.maintenance.utilisateurs': 'lecture' });
    const ui = await renderConsole(tdb().db, { as: 'nmorin' });
    const f = await ui.waitFor('System management');
    expect(f).toContain('Users');
    expect(f).toContain('Preferences');
  });
});

describe('shell keys', () => {
  it('draws the help from the handlers active under it, each key with its description', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin' });
    await ui.waitFor('Utilisateurs');
    const active = ui.bus.hints();
    expect(active.length).toBeGreaterThan(3);
    await ui.press('?');
    const help = await ui.waitFor(t('app.help'));
    for (const h of active) expect(help).toContain(t(h.description));
    await ui.press(KEYS.escape);
    await ui.waitFor('Gestion de système');
  });

  it('footer hints come from the key table of the screen on top', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin' });
    await ui.waitFor('Utilisateurs');
    const footer = ui.frame().split('\n').slice(-1)[0]!;
    expect(footer).toContain(t('key.open'));
    expect(footer).toContain(t('key.quit'));
  });

  it('opens a screen from the : palette and refuses an unknown command', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin' });
    await ui.waitFor('Utilisateurs');
    await paletteCommand(ui, 'config');
    await ui.waitFor('UserMaintenanceShowFields');
    await paletteCommand(ui, 'nimporte');
    await ui.waitFor('Commande inconnue');
  });

  it('asks before quitting with q', async () => {
    const ui = await renderConsole(tdb().db, { as: 'admin' });
    await ui.waitFor('Utilisateurs');
    await ui.press('q');
    await ui.waitFor('Quitter la console ?');
    await ui.press('n');
    const kept = await ui.waitForGone('Quitter la console ?');
    expect(kept).toContain('Gestion de système');
    expect(ui.store.getState().quitting).toBe(false);
    await ui.press('q', 'o');
    await vi.waitFor(() => expect(ui.store.getState().quitting).toBe(true));
  });
});

describe('every footer hint does something', () => {
  // The key bus guarantees a hint has a handler; this checks the handler has an effect a
  // user can see: pressed on a freshly opened screen, each footer key changes the frame.
  const SCREENS: Array<{ name: string; as: string; stack: Route[]; ready: RegExp; setup?: () => Promise<void> }> = [
    { name: 'menu', as: 'admin', stack: [{ screen: 'menu' }], ready: /› Utilisateurs/ },
    { name: 'users', as: 'admin', stack: [{ screen: 'menu' }, { screen: 'users' }], ready: /Ligne \d+\/\d+ · Page/ },
    { name: 'reports', as: 'admin', stack: [{ screen: 'menu' }, { screen: 'reports' }], ready: /USR01/ },
    {
      name: 'user form',
      as: 'admin',
      stack: [{ screen: 'menu' }, { screen: 'users' }, { screen: 'userForm', params: { code: 'pcote' } }],
      ready: /^[ ›] Courriel\s+pcote@/m,
    },
    {
      name: 'user form, read-only',
      as: 'jtremblay',
      stack: [{ screen: 'menu' }, { screen: 'users' }, { screen: 'userForm', params: { code: 'pcote' } }],
      ready: /^[ ›] Courriel\s+pcote@/m,
      setup: async () => {
        await setUserRights(tdb().db, await tdb().actor('admin'), 'jtremblay', { 'systeme.maintenance.utilisateurs': 'lecture' });
      },
    },
  ];

  async function open(s: (typeof SCREENS)[number]) {
    const ui = await renderConsole(tdb().db, { as: s.as, stack: s.stack });
    await ui.waitFor(s.ready);
    return ui;
  }

  for (const s of SCREENS) {
    it(`on ${s.name}`, async () => {
      await s.setup?.();
      const first = await open(s);
      const hints = first.bus.hints().filter((h) => h.footer);
      first.unmount();
      expect(hints.length).toBeGreaterThan(2);
      const idle: string[] = [];
      for (const h of hints) {
        const ui = await open(s);
        const before = ui.frame();
        const stack = ui.store.getState().stack;
        await ui.press(keyBytes(h.keys[0]!));
        await ui
          .waitFor((f) => f !== before || ui.store.getState().stack !== stack, 5000)
          .catch(() => idle.push(`${h.label} ${t(h.description)}`));
        ui.unmount();
      }
      expect(idle, `hints that changed nothing on ${s.name}`).toEqual([]);
    });
  }
});
