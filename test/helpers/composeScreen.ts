// The set-up the Envoi and Journal des courriels screen tests share: the console's test
// database (consoleTestDb), the Google simulator for it, and support, who mails through Gmail.
import { afterEach, beforeEach } from 'vitest';
import { startGoogleSimulator, type GoogleSimulator } from '../../src/sandbox/googleSimulator.js';
import type { Google } from '../../src/services/gmail/googleClient.js';
import type { Db } from '../../src/services/db.js';
import type { Actor } from '../../src/services/rights.js';
import { linkGmail, simEnv, simGoogle, stopSandboxSimulators } from './google.js';
import { consoleTestDb, renderConsole, type RenderedConsole } from './renderApp.js';

export interface MailScreens {
  readonly db: Db;
  readonly dir: string;
  readonly sim: GoogleSimulator;
  /** How the services reach the simulator, as if it were the real Google. */
  readonly google: Google;
  readonly support: Actor;
  /** The environment the console runs with: the simulator as Google, no browser. */
  env(): NodeJS.ProcessEnv;
  /** Links support's Gmail through the consent page and the loopback answer (200). */
  link(): Promise<void>;
  /** Rapports, then `e` on USR01: Envoi, once its attachment's size shows. */
  compose(as?: string): Promise<RenderedConsole>;
  /** A send Google refuses once (HTTP 400), then the Journal des courriels as support. */
  journalAfterAFailedSend(): Promise<RenderedConsole>;
}

/**
 * Registers the hooks and returns the fixture (getters, valid inside a test). `gmailFor`:
 * whose Types de courriels is Gmail, as the vendor's procedure sets it.
 */
export function mailScreens(opts: { gmailFor: 'support' | 'everyone'; linked?: boolean }): MailScreens {
  const tdb = consoleTestDb();
  let sim: GoogleSimulator | undefined;
  let google: Google | undefined;
  let support: Actor | undefined;
  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('mailScreens: used outside a test');
    return v;
  };
  const fixture: MailScreens = {
    get db() {
      return tdb().db;
    },
    get dir() {
      return tdb().dir;
    },
    get sim() {
      return ready(sim);
    },
    get google() {
      return ready(google);
    },
    get support() {
      return ready(support);
    },
    env: () => simEnv(fixture.sim, { PRX_NO_BROWSER: '1' }),
    link: () => linkGmail(fixture.db, fixture.support, fixture.google),
    async compose(as = 'support') {
      const ui = await renderConsole(fixture.db, {
        as,
        stack: [{ screen: 'menu' }, { screen: 'reports' }],
        env: fixture.env(),
        dataDir: fixture.dir,
      });
      await ui.waitFor('USR01');
      await ui.press('e');
      await ui.waitFor(/Envoi — USR01|Send — USR01/);
      await ui.waitFor(/\(\d+,\d Ko\)|\(\d+\.\d KB\)/, 15000);
      return ui;
    },
    async journalAfterAFailedSend() {
      fixture.sim.setFault('gmail', { status: 400, count: 1 });
      const { sendReport } = await import('../../src/services/mail/index.js');
      await sendReport(fixture.db, fixture.support, { google: fixture.google, code: 'CIE01', to: ['a@example.com'] }).catch(
        () => undefined,
      );
      return renderConsole(fixture.db, {
        as: 'support',
        stack: [{ screen: 'menu' }, { screen: 'outbox' }],
        dataDir: fixture.dir,
        google: fixture.google,
      });
    },
  };
  beforeEach(async () => {
    sim = await startGoogleSimulator({ dataDir: tdb().dir });
    google = simGoogle(sim, tdb().dir, { PRX_NO_BROWSER: '1' });
    support = await tdb().actor('support');
    const whose = tdb().db('user_preferences');
    await (opts.gmailFor === 'support' ? whose.where({ user_id: support.id }) : whose).update({ mail_type: 'gmail' });
    if (opts.linked) await fixture.link();
  });
  afterEach(async () => {
    await stopSandboxSimulators();
    await sim?.close();
    sim = google = support = undefined;
  });
  return fixture;
}
