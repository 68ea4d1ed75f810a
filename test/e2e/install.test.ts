// A PostgreSQL-only site (issue 13): the package from `npm pack`, installed into a temporary
// prefix with --omit=optional and no compiler on PATH, runs against PostgreSQL; asked for a
// SQLite file without the driver, it says how to install it in one sentence.
//
// Not `npm install --global`: npm installs optional dependencies of a global tarball install
// whatever --omit says (npm/cli#8284), and sqlite3 then compiles from source.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../helpers/terminal.js';
import { pgDatabaseUrl, withPgAdmin } from '../helpers/template.js';

const PG_URL = process.env.PRX_TEST_PG_URL ?? '';
const NPM_CLI = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');

let dir = '';
let dbName = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'prx-install-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (dbName) await withPgAdmin(PG_URL, (admin) => admin.raw('drop database if exists ?? with (force)', [dbName]));
});

describe.skipIf(!PG_URL || !existsSync(NPM_CLI))('installed from npm pack without optional dependencies', () => {
  it('works on PostgreSQL with no compiler, and names how to install the SQLite driver', async () => {
    // dist/ is the one globalSetup built: packed as it is (no prepare, no rebuild under other tests).
    const packed = JSON.parse(
      execFileSync(process.execPath, [NPM_CLI, 'pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
      }),
    ) as Array<{ filename: string }>;
    const tarball = path.join(dir, packed[0]!.filename);
    const prefix = path.join(dir, 'prefix');
    // PATH holds node alone: no make, no g++, no python, no shell: nothing may need building.
    const nodeOnly = path.join(dir, 'node-only');
    mkdirSync(nodeOnly);
    symlinkSync(process.execPath, path.join(nodeOnly, 'node'));
    const bare: Record<string, string> = { PATH: nodeOnly, HOME: process.env.HOME ?? os.homedir() };
    if (process.env.npm_config_cache) bare.npm_config_cache = process.env.npm_config_cache;
    const install = spawnSync(
      process.execPath,
      [NPM_CLI, 'install', '--prefix', prefix, '--omit=optional', '--prefer-offline', '--no-audit', '--no-fund', '--no-save', tarball],
      { env: bare, encoding: 'utf8', timeout: 240_000 },
    );
    expect(install.status, install.stderr).toBe(0);
    expect(readdirSync(path.join(prefix, 'node_modules'))).toContain('pg');
    expect(readdirSync(path.join(prefix, 'node_modules'))).not.toContain('sqlite3');
    const bin = path.join(prefix, 'node_modules', '.bin', 'prextra-console');

    dbName = `prx_install_${process.pid}`;
    await withPgAdmin(PG_URL, (admin) => admin.raw('create database ??', [dbName]));
    const env = {
      ...bare,
      PRX_DB: pgDatabaseUrl(PG_URL, dbName),
      PRX_CONFIG_DIR: path.join(dir, 'config'),
      PRX_LOG: path.join(dir, 'log'),
    };
    const migrate = spawnSync(bin, ['db', 'migrate'], { env: { ...env, PRX_ADMIN_PASSWORD: 'Installe-2026!' }, encoding: 'utf8' });
    expect(migrate.status, migrate.stderr).toBe(0);
    const list = spawnSync(bin, ['users', 'list', '--json'], {
      env: { ...env, PRX_USER: 'admin', PRX_PASSWORD: 'Installe-2026!' },
      encoding: 'utf8',
    });
    expect(list.status, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).map((u: { code: string }) => u.code)).toEqual(['admin']);

    const sqliteFile = path.join(dir, 'site.sqlite');
    const sqlite = spawnSync(bin, ['db', 'migrate'], { env: { ...env, PRX_DB: sqliteFile }, encoding: 'utf8' });
    expect(sqlite.status).toBe(1);
    expect(sqlite.stderr).toMatch(
      /^prextra-console: Le pilote SQLite n’est pas installé, donc .* ne peut pas être ouvert : installez-le avec « npm install sqlite3 »/,
    );
    expect(sqlite.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(sqliteFile)).toBe(false);
  }, 300_000);
});
