// Gestion de système › Maintenance › Diagnostic (issue 13): the checks of `doctor` in the
// console, on its own database and Google settings, at 80×24; r checks again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleTestDb, paletteCommand, renderConsole, type RenderedConsole } from '../helpers/renderApp.js';
import { simEnv, stopSandboxSimulators } from '../helpers/google.js';
import { startGoogleSimulator, type GoogleSimulator } from '../../src/sandbox/googleSimulator.js';

const tdb = consoleTestDb();
const AT_80 = { columns: 80, rows: 24 };
let sim: GoogleSimulator;
beforeEach(async () => {
  sim = await startGoogleSimulator({ dataDir: tdb().dir });
});
afterEach(async () => {
  await sim.close().catch(() => undefined);
  await stopSandboxSimulators();
});

const env = () => simEnv(sim, { PRX_CONFIG_DIR: process.env.PRX_CONFIG_DIR });

async function diagnostic(): Promise<RenderedConsole> {
  return renderConsole(tdb().db, { as: 'admin', size: AT_80, env: env(), stack: [{ screen: 'menu' }, { screen: 'diagnostic' }] });
}

/** The frame fits the terminal: no line wider, no more lines than it has (Ink keeps the last free). */
function fits(frame: string, { columns, rows }: { columns: number; rows: number }): void {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows - 1);
  for (const l of lines) expect(Array.from(l).length, l).toBeLessThanOrEqual(columns);
}

const SUMMARY = /Tout est en ordre\.|À surveiller|Des vérifications ont échoué/;

describe('Diagnostic', () => {
  it('shows one line per check of doctor with its level, and fits 80×24', async () => {
    const ui = await diagnostic();
    const frame = await ui.waitFor(SUMMARY, 15_000);
    expect(frame).toContain('Gestion de système › Maintenance › Diagnostic');
    expect(frame).toContain('Tout est en ordre.');
    expect(frame).toMatch(/^Base de données +ok — \S+test\.sqlite joignable \(\d+ ms\)$/m);
    expect(frame).toMatch(/^Migrations +ok — à jour/m);
    expect(frame).toMatch(/^Client Google +ok — /m);
    expect(frame).toMatch(new RegExp(`^Google +ok — ${new URL(sim.baseUrl).host.replace(/\./g, '\\.')} : `, 'm'));
    expect(frame).toMatch(/^Horloge +ok — /m);
    expect(frame).toMatch(/^Journal des courriels +ok — /m);
    expect(frame.split('\n').at(-1)).toContain('r Vérifier de nouveau');
    fits(frame, AT_80);
  });

  it('r checks again, saying so: Google gone, its line fails with what to do', async () => {
    const ui = await diagnostic();
    await ui.waitFor('Tout est en ordre.', 15_000);
    const host = new URL(sim.baseUrl).host;
    await sim.close();
    const before = ui.frames().length;
    await ui.press('r');
    const frame = await ui.waitFor('Des vérifications ont échoué', 15_000);
    // While it checks, the screen says so (not the lines of the run before).
    expect(
      ui
        .frames()
        .slice(before)
        .some((f) => f.includes('Vérification en cours…') && !f.includes('Tout est en ordre.')),
    ).toBe(true);
    expect(frame).toMatch(new RegExp(`^Google +échec — ${host.replace(/\./g, '\\.')} : ECONNREFUSED`, 'm'));
    expect(frame).toMatch(/^ +À faire : Connexion impossible/m);
    fits(frame, AT_80);
  });

  it('is in the menu and the palette for whoever may see Configuration, not for a clerk', async () => {
    const admin = await renderConsole(tdb().db, { as: 'admin', size: AT_80, env: env() });
    const menu = await admin.waitFor('Diagnostic');
    fits(menu, AT_80);
    await paletteCommand(admin, 'diagnostic');
    await admin.waitFor(SUMMARY, 15_000);
    admin.unmount();

    const clerk = await renderConsole(tdb().db, { as: 'jtremblay', size: AT_80, env: env() });
    const clerkMenu = await clerk.waitFor('Préférences');
    expect(clerkMenu).not.toContain('Diagnostic');
  });
});
