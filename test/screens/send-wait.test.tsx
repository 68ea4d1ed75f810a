// Envoi and the Journal des courriels while Google makes the send wait (issue 14, silent
// waits): the screen says why the try failed and in how many seconds the next one comes,
// counting down, then the result. Google is the simulator answering 429 with Retry-After.
import { describe, expect, it } from 'vitest';
import { KEYS, renderConsole } from '../helpers/renderApp.js';
import { mailScreens } from '../helpers/composeScreen.js';

const t = mailScreens({ gmailFor: 'support', linked: true });

const WAIT = /Essai 1 sans réponse utilisable \(Gmail limite les envois, HTTP 429\) : nouvel essai dans (\d) s\./;

/** The seconds the frames drawn so far counted down through (a sentence wrapped over lines read as one). */
const countdown = (frames: readonly string[]) =>
  [...new Set(frames.map((f) => WAIT.exec(f.replace(/\s+/g, ' '))?.[1]).filter((s) => s !== undefined))].map(Number);

/** Starts at Retry-After and goes down (a loaded machine may skip a second, never go up). */
function expectCountdownFrom(frames: readonly string[], seconds: number): void {
  const seen = countdown(frames);
  expect(seen[0]).toBe(seconds);
  expect(seen.length).toBeGreaterThan(1);
  expect([...seen].sort((a, b) => b - a)).toEqual(seen);
}

describe('a send that Google makes wait', () => {
  it('Envoi says why and counts down to the next try, then the mail goes', async () => {
    const ui = await t.compose();
    t.sim.setFault('gmail', { status: 429, retryAfter: 3, count: 1 });
    await ui.type('bon@example.com');
    await ui.press(KEYS.ctrlS);
    await ui.waitFor(WAIT, 20000);
    await ui.waitFor('Courriel envoyé — identifiant Gmail', 20000);
    expectCountdownFrom(ui.frames(), 3);
    expect(t.sim.received()).toHaveLength(1);
  });

  it('the Journal’s r says why and counts down too, then the mail is sent', async () => {
    const ui = await t.journalAfterAFailedSend();
    await ui.waitFor('Échec');
    t.sim.setFault('gmail', { status: 429, retryAfter: 2, count: 1 });
    await ui.press('r');
    await ui.waitFor(WAIT, 20000);
    await ui.waitFor('Courriel renvoyé', 20000);
    expectCountdownFrom(ui.frames(), 2);
    expect(t.sim.received()).toHaveLength(1);
  });

  it('a mail another process is sending: the Journal and the entry say why it waits and count down', async () => {
    t.sim.setFault('gmail', { status: 429, retryAfter: 4, count: 1 });
    const { sendReport } = await import('../../src/services/mail/index.js');
    let paused = false;
    const elsewhere = sendReport(t.db, t.support, {
      google: t.google,
      code: 'CIE01',
      to: ['a@example.com'],
      onProgress: (p) => {
        if (p.phase === 'upload' && p.state === 'retry') paused = true;
      },
    });
    // The pause noted in the row, as another process would leave it.
    for (let i = 0; i < 500 && !(paused && String((await t.db('outbox').first('last_error'))?.last_error).includes('retryAt')); i++)
      await new Promise((r) => setTimeout(r, 20));
    const ui = await renderConsole(t.db, {
      as: 'support',
      stack: [{ screen: 'menu' }, { screen: 'outbox' }],
      dataDir: t.dir,
      google: t.google,
    });
    await ui.waitFor(WAIT, 10000);
    expect(ui.frame()).toMatch(/CIE01\s+En cours/);
    await ui.press(KEYS.enter);
    await ui.waitFor(/En attente\s+Essai 1 sans réponse utilisable/);
    await elsewhere;
    expectCountdownFrom(ui.frames(), 4);
  });
});
