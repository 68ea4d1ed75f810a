// Issue 8, hole 10: a saved report is private (0600), written to a temporary file renamed
// into place, never through a symlink at the target, and never replaces a file unless the
// user said so (--force on the CLI; a confirm in Rapports, see test/screens).
import { describe, expect, it } from 'vitest';
import { lstatSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eachTestDb } from '../helpers/db.js';
import { runCli } from '../helpers/cli.js';
import { renderReport } from '../../src/services/reports/index.js';

const t = eachTestDb();

const isPdf = (file: string) => readFileSync(file).subarray(0, 5).toString() === '%PDF-';
const leftovers = () => readdirSync(t.dir).filter((f) => f.endsWith('.tmp'));

describe('report render --out', () => {
  it('writes a new file with mode 0600', async () => {
    const file = path.join(t.dir, 'usagers.pdf');
    const r = await runCli(t, 'admin', ['report', 'render', 'USR01', '--out', file]);
    expect(r.code, r.err).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(isPdf(file)).toBe(true);
    expect(leftovers()).toEqual([]);
  });

  it('does not replace an existing file without --force; with it, the new file is 0600', async () => {
    const file = path.join(t.dir, 'existant.pdf');
    writeFileSync(file, 'mon travail', { mode: 0o644 });
    const r = await runCli(t, 'admin', ['report', 'render', 'USR01', '--out', file]);
    expect(r.code).toBe(5);
    expect(r.err).toContain('existe déjà');
    expect(r.err).toContain('--force');
    expect(readFileSync(file, 'utf8')).toBe('mon travail');
    const forced = await runCli(t, 'admin', ['report', 'render', 'USR01', '--out', file, '--force']);
    expect(forced.code, forced.err).toBe(0);
    expect(isPdf(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(leftovers()).toEqual([]);
  });

  it('never writes through a symlink at the target', async () => {
    const victim = path.join(t.dir, 'victime.txt');
    writeFileSync(victim, 'à ne pas écraser', { mode: 0o644 });
    const link = path.join(t.dir, 'piege.pdf');
    symlinkSync(victim, link);
    expect((await runCli(t, 'admin', ['report', 'render', 'USR01', '--out', link])).code).toBe(5);
    expect(readFileSync(victim, 'utf8')).toBe('à ne pas écraser');
    // Even with --force, the link itself is replaced by the report; what it pointed to is untouched.
    const forced = await runCli(t, 'admin', ['report', 'render', 'USR01', '--out', link, '--force']);
    expect(forced.code, forced.err).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('à ne pas écraser');
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
    expect(isPdf(link)).toBe(true);
  });

  it('the service refuses to replace unless told to, whoever calls it', async () => {
    const file = path.join(t.dir, 'service.pdf');
    writeFileSync(file, 'x');
    const admin = await t.actor('admin');
    await expect(renderReport(t.db, admin, 'CIE01', { out: file })).rejects.toMatchObject({ key: 'report.exists' });
    expect(readFileSync(file, 'utf8')).toBe('x');
    await renderReport(t.db, admin, 'CIE01', { out: file, overwrite: true });
    expect(isPdf(file)).toBe(true);
  });
});
