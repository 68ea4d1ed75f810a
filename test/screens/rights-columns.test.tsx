// Found by trying Droits at 80×24 (qa): the Niveau column kept 18 columns for labels of at
// most 16, and the function "Gestion de système › Maintenance › Changer droits
// utilisateurs" was cut ("…utilisate…") though it fits. Columns take what they need.
import { describe, expect, it } from 'vitest';
import { consoleTestDb, renderConsole } from '../helpers/renderApp.js';

const tdb = consoleTestDb();

describe('Droits at 80 columns', () => {
  it('shows every function’s whole name beside its level', async () => {
    const ui = await renderConsole(tdb().db, {
      as: 'admin',
      size: { columns: 80, rows: 24 },
      stack: [
        { screen: 'menu' },
        { screen: 'users' },
        { screen: 'userForm', params: { code: 'jtremblay' } },
        { screen: 'rights', params: { code: 'jtremblay' } },
      ],
    });
    const f = await ui.waitFor('MAIL01');
    expect(f).toMatch(/Gestion de système › Maintenance › Changer droits utilisateurs ‹ Aucun ›/);
    expect(f.split('\n').slice(2).join('\n')).not.toContain('…'); // the breadcrumb above may be cut
  });
});
