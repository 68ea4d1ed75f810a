// Rapports on a long report (issue 11): once rendering has taken more than half a second,
// the screen says how far it is (rows read, page), then the result.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KEYS, consoleTestDb, renderConsole } from '../helpers/renderApp.js';
import { insertManyUsers } from '../helpers/manyUsers.js';

const tdb = consoleTestDb();
afterEach(() => {
  vi.restoreAllMocks();
});

describe('Rapports with a long report', () => {
  it('shows the rows read and the page while USR01 renders, then its pages', async () => {
    await insertManyUsers(tdb().db, 3000);
    const ui = await renderConsole(tdb().db, { as: 'admin', stack: [{ screen: 'menu' }, { screen: 'reports' }] });
    await ui.waitFor('USR01');
    // Each look at the clock is 300 ms later: the render is "long" whatever the machine.
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += 300));
    const before = ui.frames().length;
    await ui.press(KEYS.enter);
    await ui.waitFor(/PDF : 102 pages/, 20000);
    vi.restoreAllMocks();
    // The progress line may be replaced by the result before anyone looks: read every frame drawn.
    const progress = /USR01 : [\d\s\u00a0\u202f]+ lignes lues sur 3\s?034, page \d+ de 102/;
    const during = ui
      .frames()
      .slice(before)
      .filter((f) => progress.test(f));
    expect(during.length).toBeGreaterThan(0);
    expect(during[0]).not.toMatch(/PDF : 102 pages/);
  });
});
