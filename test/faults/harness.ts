// The fault-injection rig: the built console (dist/cli.js) run as a child process with
// the SQL fault preload (sqlFaults.cjs), against a copy of a database whose user already
// linked Gmail to the Google simulator running in the test process.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeTestDb, type TestDb } from '../helpers/db.js';
import { makePgTestDb } from '../helpers/pgdb.js';
import { linkGmail, simEnv, simGoogle, stopSandboxSimulators } from '../helpers/google.js';
import { startGoogleSimulator, type GoogleSimulator } from '../../src/sandbox/googleSimulator.js';
import type { Google } from '../../src/services/gmail/googleClient.js';

let google: Google;

export const CLI = path.resolve('dist/cli.js');
export const PRELOAD = pathToFileURL(path.resolve('test/faults/sqlFaults.mjs')).href;

export interface SqlFault {
  readonly log?: string;
  readonly at?: number;
  readonly action?: 'kill' | 'fail';
  readonly code?: string;
  readonly match?: string;
}

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly out: string;
  readonly err: string;
}

export interface Rig {
  readonly t: TestDb;
  readonly sim: GoogleSimulator;
  /**
   * A folder of its own holding a copy of the linked database (db.sqlite). On PostgreSQL
   * the folder only (the database is shared): `dbOf(dir)` says which.
   */
  copy(name: string): string;
  /** PRX_DB for the runs in `dir`. */
  dbOf(dir: string): string;
  /** `prextra-console ARGS` as jtremblay on the database in `dir`, with the fault preload. */
  cli(dir: string, args: readonly string[], fault?: SqlFault, extraEnv?: NodeJS.ProcessEnv): Promise<CliRun>;
  /** The same, with the child's pid at once. */
  spawn(dir: string, args: readonly string[], fault?: SqlFault, extraEnv?: NodeJS.ProcessEnv): { pid: number; done: Promise<CliRun> };
  close(): Promise<void>;
}

export async function linkedRig(user = 'jtremblay', engine: 'sqlite' | 'pg' = 'sqlite'): Promise<Rig> {
  const pg = engine === 'pg';
  const t = pg ? await makePgTestDb() : await makeTestDb();
  const sim = await startGoogleSimulator({ dataDir: t.dir });
  google = simGoogle(sim, t.dir);
  const me = await t.actor(user);
  await t.db('user_preferences').where({ user_id: me.id }).update({ mail_type: 'gmail' });
  await linkGmail(t.db, me, google);
  // Everything in the main file before it is copied.
  if (!pg) await t.db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
  const root = mkdtempSync(path.join(os.tmpdir(), 'prx-faults-'));
  const rig: Rig = {
    t,
    sim,
    copy(name) {
      const dir = path.join(root, name);
      mkdirSync(dir, { recursive: true });
      if (!pg) copyFileSync(t.file, path.join(dir, 'db.sqlite'));
      return dir;
    },
    dbOf: (dir) => (pg ? t.file : path.join(dir, 'db.sqlite')),
    cli(dir, args, fault, extraEnv = {}) {
      return rig.spawn(dir, args, fault, extraEnv).done;
    },
    spawn(dir, args, fault, extraEnv = {}) {
      let pid = 0;
      const done = new Promise<CliRun>((resolve) => {
        const child = spawn(process.execPath, ['--import', PRELOAD, CLI, ...args], {
          env: {
            ...simEnv(sim),
            PRX_DB: rig.dbOf(dir),
            PRX_CONFIG_DIR: path.join(t.dir, 'config'),
            PRX_USER: user,
            PRX_PASSWORD: 'demo',
            PRX_LOG: path.join(dir, 'prextra-console.log'),
            NODE_ENV: 'test',
            PRX_TEST_SCRYPT_LOG2N: process.env.PRX_TEST_SCRYPT_LOG2N ?? '12',
            PRX_TEST_SQL_FAULT: JSON.stringify(fault ?? {}),
            ...extraEnv,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('close', (code, signal) => resolve({ code, signal, out, err }));
        pid = child.pid!;
      });
      return { pid, done };
    },
    async close() {
      await sim.close();
      await stopSandboxSimulators();
      await t.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return rig;
}

/** The statements a dry run logged, in order. */
export function statements(logFile: string): string[] {
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(l.indexOf('\t') + 1));
}
