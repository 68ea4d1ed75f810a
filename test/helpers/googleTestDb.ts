// The set-up most Gmail tests share: a fresh test database, the Google simulator started
// for it (the real Google clients talk to it over HTTP), and the user who links and sends.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { startGoogleSimulator, type GoogleSimulator } from '../../src/sandbox/googleSimulator.js';
import type { Google } from '../../src/services/gmail/googleClient.js';
import type { Actor } from '../../src/services/rights.js';
import { loadUser, updateUser } from '../../src/services/users/index.js';
import { makeTestDb, type TestDb } from './db.js';
import { linkGmail, simGoogle, stopSandboxSimulators } from './google.js';

export interface GoogleTestDb extends TestDb {
  readonly sim: GoogleSimulator;
  /** How the services reach the simulator, as if it were the real Google (a test may point it elsewhere). */
  google: Google;
  /** jtremblay, the user the tests link and send as. */
  readonly me: Actor;
  /** Links `actor`'s Gmail through the consent page and the loopback answer (200). */
  link(actor?: Actor, google?: Google): Promise<void>;
  /** admin changes jtremblay's record (Utilisateurs › jtremblay, Ctrl-S); `opts` as updateUser takes them. */
  adminUpdatesMe(input: Parameters<typeof updateUser>[3], opts?: Parameters<typeof updateUser>[5]): Promise<void>;
}

export interface GoogleTestDbOptions {
  /** Everyone mails through Gmail (Types de courriels), as the vendor's procedure sets it. */
  readonly gmail?: boolean;
  /** jtremblay's Gmail is linked before each test (after `gmail` is set, when asked). */
  readonly linked?: boolean;
  /**
   * Temporary PDFs and messages go to a folder of the test's own (TMPDIR): other test files
   * render reports into the shared one at the same time.
   */
  readonly ownTmp?: boolean;
}

/**
 * Registers the beforeEach/afterEach of a Gmail test and returns the fixture; its fields
 * are getters, valid inside a test (each test gets a new database and simulator).
 */
export function googleTestDb(opts: GoogleTestDbOptions = {}): GoogleTestDb {
  let t: TestDb | undefined;
  let sim: GoogleSimulator | undefined;
  let google: Google | undefined;
  let me: Actor | undefined;
  const sharedTmp = os.tmpdir();
  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('googleTestDb: used outside a test');
    return v;
  };
  const fixture: GoogleTestDb = {
    get db() {
      return ready(t).db;
    },
    get dir() {
      return ready(t).dir;
    },
    get file() {
      return ready(t).file;
    },
    get sim() {
      return ready(sim);
    },
    get google() {
      return ready(google);
    },
    set google(g: Google) {
      google = g;
    },
    get me() {
      return ready(me);
    },
    actor: (code) => ready(t).actor(code),
    close: () => ready(t).close(),
    link: (actor = fixture.me, through = fixture.google) => linkGmail(fixture.db, actor, through),
    async adminUpdatesMe(input, opts) {
      const u = (await loadUser(fixture.db, 'jtremblay'))!;
      await updateUser(fixture.db, await fixture.actor('admin'), 'jtremblay', input, u.row_version, opts);
    },
  };
  beforeEach(async () => {
    t = await makeTestDb();
    if (opts.ownTmp) process.env.TMPDIR = mkdtempSync(path.join(sharedTmp, 'prx-mailtmp-'));
    sim = await startGoogleSimulator({ dataDir: t.dir });
    google = simGoogle(sim, t.dir);
    me = await t.actor('jtremblay');
    if (opts.gmail) await t.db('user_preferences').update({ mail_type: 'gmail' });
    if (opts.linked) await fixture.link();
  });
  afterEach(async () => {
    if (opts.ownTmp) {
      rmSync(os.tmpdir(), { recursive: true, force: true });
      process.env.TMPDIR = sharedTmp;
    }
    await sim?.close();
    await stopSandboxSimulators();
    await t?.close();
    t = sim = google = me = undefined;
  });
  return fixture;
}

/** Whether Google's token endpoint still honours `refreshToken` (a refresh grant answers 200). */
export async function googleAccepts(sim: GoogleSimulator, refreshToken: string): Promise<boolean> {
  const r = await fetch(sim.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: sim.clientId,
      client_secret: sim.clientSecret,
    }),
  });
  return r.status === 200;
}
