// Where files go (issue 13): the demo database in the install folder only when it is
// writable, else under $XDG_DATA_HOME; the log under $XDG_STATE_HOME whatever the
// database (PostgreSQL too), rotated by size, secrets still redacted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultLogFile, demoDatabasePath } from '../../src/paths.js';
import { LOG_ROTATION, log } from '../../src/services/log.js';
import { secretKeySource } from '../../src/services/crypto.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'prx-paths-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo database', () => {
  it('stays in the install folder’s var/ when that can be written (a source checkout)', () => {
    const root = path.join(dir, 'checkout');
    mkdirSync(root);
    expect(demoDatabasePath({ XDG_DATA_HOME: path.join(dir, 'data') }, root)).toBe(path.join(root, 'var', 'demo.sqlite'));
  });

  it('goes to $XDG_DATA_HOME/prextra-console/demo/ when the install folder is not writable (a root-owned global install)', () => {
    const root = path.join(dir, 'usr', 'lib', 'node_modules', 'prextra-console');
    const readOnly = (d: string) => !d.startsWith(root);
    expect(demoDatabasePath({ XDG_DATA_HOME: path.join(dir, 'data') }, root, readOnly)).toBe(
      path.join(dir, 'data', 'prextra-console', 'demo', 'demo.sqlite'),
    );
    // Without XDG_DATA_HOME (or with a relative one, which the specification ignores): ~/.local/share.
    expect(demoDatabasePath({ HOME: path.join(dir, 'home'), XDG_DATA_HOME: 'relatif' }, root, readOnly)).toBe(
      path.join(dir, 'home', '.local', 'share', 'prextra-console', 'demo', 'demo.sqlite'),
    );
  });
});

describe('the secret key file', () => {
  it('is in $XDG_CONFIG_HOME/prextra-console, else under the run’s HOME (a relative XDG_CONFIG_HOME is ignored, as for the data and the log)', () => {
    const home = path.join(dir, 'home');
    expect(secretKeySource({ XDG_CONFIG_HOME: path.join(dir, 'cfg') })).toEqual({
      kind: 'config',
      path: path.join(dir, 'cfg', 'prextra-console', 'secret.key'),
    });
    expect(secretKeySource({ HOME: home, XDG_CONFIG_HOME: 'relatif' })).toEqual({
      kind: 'config',
      path: path.join(home, '.config', 'prextra-console', 'secret.key'),
    });
  });
});

/** Every folder above the project can be crossed by another user (needed to run it as one). */
function projectReachableByOthers(): boolean {
  for (let d = process.cwd(); ; d = path.dirname(d)) {
    if (!(statSync(d).mode & 0o001)) return false;
    if (d === path.dirname(d)) return true;
  }
}
const asRoot = process.getuid?.() === 0;
const hasSetpriv = asRoot && spawnSync('setpriv', ['--version']).status === 0;

describe.skipIf(asRoot && (!hasSetpriv || !projectReachableByOthers()))('the demo database of an install the user cannot write', () => {
  it('the built console run with --demo by another user creates it under $XDG_DATA_HOME, nothing in the install folder', () => {
    // A global install as root makes it: the package root-owned, read-only to the user.
    chmodSync(dir, 0o755);
    const pkg = path.join(dir, 'lib', 'node_modules', 'prextra-console');
    mkdirSync(path.join(pkg, 'dist'), { recursive: true });
    for (const f of ['cli.js', 'knex.js']) copyFileSync(path.join('dist', f), path.join(pkg, 'dist', f));
    copyFileSync('package.json', path.join(pkg, 'package.json'));
    for (const d of ['node_modules', 'db']) symlinkSync(path.resolve(d), path.join(pkg, d));
    const data = path.join(dir, 'data');
    const home = path.join(dir, 'home');
    mkdirSync(data);
    mkdirSync(home);
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      XDG_DATA_HOME: data,
      PRX_LOG: '/dev/null',
      PRX_CONFIG_DIR: path.join(home, 'config'),
    };
    const argv = [process.execPath, path.join(pkg, 'dist', 'cli.js'), '--demo', 'db', 'migrate'];
    let r;
    if (asRoot) {
      // root writes anywhere: the console runs as nobody, as a user of a global install would.
      for (const d of [data, home]) chownSync(d, 65534, 65534);
      r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', ...argv], { env, encoding: 'utf8' });
    } else {
      chmodSync(pkg, 0o555);
      r = spawnSync(argv[0]!, argv.slice(1), { env, encoding: 'utf8' });
      chmodSync(pkg, 0o755);
    }
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(path.join(data, 'prextra-console', 'demo', 'demo.sqlite'))).toBe(true);
    expect(existsSync(path.join(pkg, 'var'))).toBe(false);
    expect(execFileSync('find', [pkg, '-name', '*.sqlite*'], { encoding: 'utf8' })).toBe('');
  });
});

describe('the log', () => {
  it('defaults to $XDG_STATE_HOME/prextra-console/prextra-console.log; PRX_LOG wins', () => {
    expect(defaultLogFile({ XDG_STATE_HOME: '/var/tmp/etat' })).toBe('/var/tmp/etat/prextra-console/prextra-console.log');
    expect(defaultLogFile({ HOME: '/home/support' })).toBe('/home/support/.local/state/prextra-console/prextra-console.log');
    expect(defaultLogFile({ PRX_LOG: '/tmp/x.log', XDG_STATE_HOME: '/var/tmp/etat' })).toBe('/tmp/x.log');
  });

  it.skipIf(!process.env.PRX_TEST_PG_URL)('is written with PostgreSQL too, under $XDG_STATE_HOME, without the database password', () => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: dir,
      XDG_STATE_HOME: path.join(dir, 'state'),
      PRX_DB: process.env.PRX_TEST_PG_URL,
    };
    const r = spawnSync(process.execPath, ['dist/cli.js', 'db', 'status'], { env, encoding: 'utf8' });
    expect(r.status, r.stderr).not.toBeNull();
    const file = path.join(dir, 'state', 'prextra-console', 'prextra-console.log');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/ INFO db status \(\d+\.\d+\.\d+\) on postgres:\/\//);
    const password = new URL(process.env.PRX_TEST_PG_URL!).password;
    if (password) expect(text).not.toContain(`:${password}@`);
    expect(text).toContain(':***@');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('is rotated by size: 5 files of at most 5 MB, the oldest dropped; secrets still redacted', () => {
    const file = path.join(dir, 'state', 'prextra-console.log');
    const saved = process.env.PRX_LOG;
    process.env.PRX_LOG = file;
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      const chunk = 'x'.repeat(1024 * 1024);
      // 27 lines of a little over 1 MB: 4 a file, so the log rotated 6 times and dropped its oldest.
      for (let i = 0; i < 27; i++) log('info', `ligne ${i} refresh_token=1//secret-a-ne-pas-voir ${chunk}`);
    } finally {
      if (saved !== undefined) process.env.PRX_LOG = saved;
      else delete process.env.PRX_LOG;
    }
    const files = readdirSync(path.dirname(file)).sort();
    expect(files).toEqual([
      'prextra-console.log',
      'prextra-console.log.1',
      'prextra-console.log.2',
      'prextra-console.log.3',
      'prextra-console.log.4',
    ]);
    for (const f of files) expect(statSync(path.join(path.dirname(file), f)).size).toBeLessThanOrEqual(LOG_ROTATION.maxBytes);
    const newest = readFileSync(file, 'utf8');
    expect(newest).toContain('ligne 26 ');
    expect(readFileSync(`${file}.4`, 'utf8')).toMatch(/^\S+ INFO ligne 8 /);
    expect(newest).not.toContain('secret-a-ne-pas-voir');
    expect(existsSync(`${file}.5`)).toBe(false);
  });
});
