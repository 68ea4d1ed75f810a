// Audit with a long trail (issue 11): the screen reads 500 entries, then the next older
// ones by position when the cursor reaches the end.
import { describe, it } from 'vitest';
import { consoleTestDb, renderConsole } from '../helpers/renderApp.js';
import { insertAuditEntries } from '../helpers/rows.js';

const tdb = consoleTestDb();

describe('Audit with a long trail', () => {
  it('reads older entries when the cursor reaches the end', async () => {
    await tdb().db('audit_log').delete();
    await insertAuditEntries(tdb().db, 1200, Date.UTC(2020, 0, 1));
    const ui = await renderConsole(tdb().db, { as: 'admin', stack: [{ screen: 'menu' }, { screen: 'audit' }] });
    await ui.waitFor('e1199');
    // The oldest entries are past the first 500: End twice reaches them, chunk after chunk.
    for (const oldest of ['e0700', 'e0200', 'e0000']) {
      await ui.press('G');
      await ui.waitFor(`Utilisateur ${oldest}`);
      await ui.waitFor(/^(?![\s\S]*Lecture des entrées plus anciennes)/);
    }
  });
});
