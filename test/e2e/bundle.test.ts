// The bundled console (issue 12): dist/ is one entry that package.json's bin names, with
// its source maps and the license texts of what it bundles; the heavy packages (PDF,
// Google, MIME, other database drivers) are loaded only by the runs that use them.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { hasTmux, PROJECT_ROOT, runCli } from '../helpers/terminal.js';
import { eachTerminal } from '../helpers/eachTerminal.js';

const DIST = path.join(PROJECT_ROOT, 'dist');
const RECORDER = pathToFileURL(path.join(PROJECT_ROOT, 'test', 'e2e', 'fixtures', 'recordLoads.mjs')).href;
const HEAVY = [
  /pdfkit/,
  /@googleapis/,
  /google-auth-library/,
  /nodemailer/,
  /dist\/mime\.js/,
  /[\\/]node_modules[\\/]pg[\\/]|^require pg$/m,
];

const terminals = eachTerminal();

/** The modules a run loaded, as recorded by fixtures/recordLoads.mjs. */
function recorded(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

describe('dist/', () => {
  it('is one entry that bin names, with source maps and the license texts of the bundled packages', () => {
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin).toEqual({ 'prextra-console': 'dist/cli.js' });
    const files = readdirSync(DIST).sort();
    expect(files).toEqual(['THIRD-PARTY-LICENSES.txt', 'cli.js', 'cli.js.map', 'knex.js', 'knex.js.map', 'mime.js', 'mime.js.map']);
    expect(readFileSync(path.join(DIST, 'cli.js'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n[^]*\/\/# sourceMappingURL=cli\.js\.map\n$/);
    const licenses = readFileSync(path.join(DIST, 'THIRD-PARTY-LICENSES.txt'), 'utf8');
    for (const name of ['ink', 'react', 'react-reconciler', 'yoga-layout', 'zustand', 'knex', 'chalk'])
      expect(licenses).toMatch(new RegExp(`^${name}@\\d+\\.\\d+\\.\\d+ — MIT\\n\\n(MIT License|The MIT License|Copyright)`, 'm'));
    expect(licenses).toContain('Permission is hereby granted, free of charge');
    // dist/mime.js: nodemailer's MailComposer.
    expect(licenses).toMatch(/^nodemailer@\d+\.\d+\.\d+ — MIT-0\n\nCopyright/m);
  });
});

describe('node’s own modules', () => {
  it('network, TLS, DNS and child processes are not loaded by what every run does before its command', () => {
    // Printed at exit: the node modules this run loaded (not node's internal ones).
    const dump = `process.on('exit', () => process.stderr.write(process.moduleLoadList.filter((m) => m.startsWith('NativeModule ') && !m.includes('internal/')).map((m) => m.slice(13)).join(' ')))`;
    const r = spawnSync(
      process.execPath,
      ['--import', `data:text/javascript,${encodeURIComponent(dump)}`, path.join(DIST, 'cli.js'), '--version'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const loaded = r.stderr.trim().split(' ');
    expect(loaded).toContain('fs'); // the list is read
    for (const name of ['http', 'https', 'tls', 'dgram', 'child_process', 'dns/promises']) expect(loaded, name).not.toContain(name);
  });
});

describe.skipIf(!hasTmux())('heavy code loads only when used', () => {
  it('the console up to the menu loads SQLite and knex, not the PDF, Google, MIME or PostgreSQL packages', async () => {
    const dir = terminals.dir();
    const record = path.join(dir, 'loads.txt');
    const term = await terminals.start({ dir, env: { NODE_OPTIONS: `--import=${RECORDER}`, PRX_LOAD_RECORD: record, PRX_USER: 'admin' } });
    await term.waitFor('Mot de passe', 20_000);
    await term.type('demo');
    await term.press('Enter');
    await term.waitFor(/› Utilisateurs/, 20_000);
    const loads = recorded(record);
    // The recorder works: the database driver and knex's own file were loaded.
    expect(loads).toMatch(/^require sqlite3$/m);
    expect(loads).toMatch(/dist\/knex\.js$/m);
    for (const heavy of HEAVY) expect(loads).not.toMatch(heavy);
  });

  it('users list loads none of them; report render loads pdfkit', async () => {
    const dir = terminals.dir();
    const env = { NODE_OPTIONS: `--import=${RECORDER}`, PRX_USER: 'admin', PRX_PASSWORD: 'demo' };
    expect((await runCli(dir, ['db', 'seed', '--demo'])).code).toBe(0);
    const list = path.join(dir, 'list.txt');
    expect((await runCli(dir, ['users', 'list'], { ...env, PRX_LOAD_RECORD: list })).code).toBe(0);
    for (const heavy of HEAVY) expect(recorded(list)).not.toMatch(heavy);
    const render = path.join(dir, 'render.txt');
    const r = await runCli(dir, ['report', 'render', 'USR01', '--out', path.join(dir, 'usr01.pdf')], { ...env, PRX_LOAD_RECORD: render });
    expect(r.code, r.stderr).toBe(0);
    expect(recorded(render)).toMatch(/pdfkit/);
    expect(recorded(render)).not.toMatch(/@googleapis|google-auth-library|nodemailer/);
  });
});
