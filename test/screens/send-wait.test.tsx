// Envoi and the Journal des courriels while Google makes the send wait (issue 14, silent
// waits): the screen says why the try failed and in how many seconds the next one comes,
// counting down, then the result. Google is the simulator answering 429 with Retry-After.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEYS, consoleTestDb, renderConsole } from '../helpers/renderApp.js';
import { approveConsent, openRedirect, simEnv, simGoogle, stopSandboxSimulators } from '../helpers/google.js';
import { startGoogleSimulator, type GoogleSimulator } from '../../src/sandbox/googleSimulator.js';
import { startLink } from '../../src/services/gmail/index.js';
import type { Google } from '../../src/services/gmail/googleClient.js';
import type { Actor } from '../../src/services/rights.js';

const tdb = consoleTestDb();
let sim: GoogleSimulator;
let support: Actor;
let google: Google;
beforeEach(async () => {
  sim = await startGoogleSimulator({ dataDir: tdb().dir });
  google = simGoogle(sim, tdb().dir, { PRX_NO_BROWSER: '1' });
  support = await tdb().actor('support');
  await tdb().db('user_preferences').where({ user_id: support.id }).update({ mail_type: 'gmail' });
  const a = await startLink(tdb().db, support, { google });
  expect((await openRedirect(await approveConsent(a.url))).status).toBe(200);
  await a.result;
});
afterEach(async () => {
  await stopSandboxSimulators();
  await sim.close();
});

const WAIT = /Essai 1 sans réponse utilisable \(Gmail limite les envois, HTTP 429\) : nouvel essai dans (\d) s\./;

/** The seconds the frames drawn so far counted down through. */
const countdown = (frames: readonly string[]) =>
  [...new Set(frames.map((f) => WAIT.exec(f)?.[1]).filter((s) => s !== undefined))].map(Number);

/** Starts at Retry-After and goes down (a loaded machine may skip a second, never go up). */
function expectCountdownFrom(frames: readonly string[], seconds: number): void {
  const seen = countdown(frames);
  expect(seen[0]).toBe(seconds);
  expect(seen.length).toBeGreaterThan(1);
  expect([...seen].sort((a, b) => b - a)).toEqual(seen);
}

describe('a send that Google makes wait', () => {
  it('Envoi says why and counts down to the next try, then the mail goes', async () => {
    const ui = await renderConsole(tdb().db, {
      as: 'support',
      stack: [{ screen: 'menu' }, { screen: 'reports' }],
      env: simEnv(sim, { PRX_NO_BROWSER: '1' }),
      dataDir: tdb().dir,
    });
    await ui.waitFor('USR01');
    await ui.press('e');
    await ui.waitFor(/\(\d+,\d Ko\)/, 15000);
    sim.setFault('gmail', { status: 429, retryAfter: 3, count: 1 });
    await ui.type('bon@example.com');
    await ui.press(KEYS.ctrlS);
    await ui.waitFor(WAIT, 20000);
    await ui.waitFor('Courriel envoyé — identifiant Gmail', 20000);
    expectCountdownFrom(ui.frames(), 3);
    expect(sim.received()).toHaveLength(1);
  });

  it('the Journal’s r says why and counts down too, then the mail is sent', async () => {
    sim.setFault('gmail', { status: 400, count: 1 });
    const { sendReport } = await import('../../src/services/mail/index.js');
    await sendReport(tdb().db, support, { google, code: 'CIE01', to: ['a@example.com'] }).catch(() => undefined);
    const ui = await renderConsole(tdb().db, {
      as: 'support',
      stack: [{ screen: 'menu' }, { screen: 'outbox' }],
      dataDir: tdb().dir,
      google,
    });
    await ui.waitFor('Échec');
    sim.setFault('gmail', { status: 429, retryAfter: 2, count: 1 });
    await ui.press('r');
    await ui.waitFor(WAIT, 20000);
    await ui.waitFor('Courriel renvoyé', 20000);
    expectCountdownFrom(ui.frames(), 2);
    expect(sim.received()).toHaveLength(1);
  });
});
