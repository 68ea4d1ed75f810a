import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { todayIso } from '../../src/services/time.js';
import { runCli } from '../helpers/cli.js';
import { eachTestDb } from '../helpers/db.js';

const t = eachTestDb();

/** Runs `prextra-console ARGS` as `user` (password demo) on the test database. */
const cli = (user: string, ...args: string[]) => runCli(t, user, args);

describe('prextra-console report', () => {
  it('report list --json gives the reports the user may print; without --json a table', async () => {
    const json = await cli('jtremblay', 'report', 'list', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual([
      { code: 'USR01', name: 'Liste des utilisateurs' },
      { code: 'CIE01', name: 'Liste des compagnies' },
    ]);
    const table = await cli('admin', 'report', 'list');
    expect(table.code).toBe(0);
    expect(table.out.split('\n')[0]).toMatch(/^Code\s+Rapport$/);
    expect(table.out).toMatch(/^MAIL01\s+Journal des courriels$/m);
  });

  it('report render writes the PDF and says where, how many pages and how big', async () => {
    const file = path.join(t.dir, 'usagers.pdf');
    const r = await cli('admin', 'report', 'render', 'usr01', '--company', 'QC', '--out', file);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      new RegExp(`^Rapport enregistré : ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(2 pages, \\d+,\\d Ko\\)\\.\\n$`),
    );
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');

    // --out DIR/: the standard file name inside it.
    const dir = path.join(t.dir, 'rapports');
    mkdirSync(dir);
    const inDir = await cli('jtremblay', 'report', 'render', 'CIE01', '--out', dir);
    expect(inDir.code).toBe(0);
    expect(readdirSync(dir)).toEqual([`CIE01-Liste des compagnies-${todayIso()}.pdf`]);
    expect(inDir.out).toContain('(1 page, ');
  });

  it('report render without --out writes CODE-Name-date.pdf in the current folder', async () => {
    const here = process.cwd();
    process.chdir(t.dir);
    try {
      const r = await cli('admin', 'report', 'render', 'CIE01');
      expect(r.code).toBe(0);
      expect(existsSync(path.join(t.dir, `CIE01-Liste des compagnies-${todayIso()}.pdf`))).toBe(true);
    } finally {
      process.chdir(here);
    }
  });

  it('refuses with one sentence and a non-zero exit: unknown report, unknown company, unwritable path, no right', async () => {
    const cases: Array<[string, string[], string]> = [
      [
        'admin',
        ['report', 'render', 'NOPE'],
        'prextra-console: Rapport inconnu « NOPE ». Rapports : USR01, USR02, USR03, CIE01, MAIL01.\n',
      ],
      [
        'admin',
        ['report', 'render', 'USR01', '--company', 'ZZZ', '--out', path.join(t.dir, 'x.pdf')],
        'prextra-console: Compagnie inconnue « ZZZ ».\n',
      ],
      [
        'admin',
        ['report', 'render', 'USR01', '--out', path.join(t.dir, 'absent', 'x.pdf')],
        `prextra-console: Impossible d’écrire le fichier « ${path.join(t.dir, 'absent', 'x.pdf')} » : le dossier n’existe pas.\n`,
      ],
      [
        'jtremblay',
        ['report', 'render', 'USR02', '--out', path.join(t.dir, 'x.pdf')],
        'prextra-console: Droit insuffisant : « Lecture » requis sur Rapports › Droits des utilisateurs.\n',
      ],
      ['admin', ['report', 'render'], 'prextra-console: Argument manquant : CODE.\n'],
    ];
    // Exit codes by class: not found 4, other 1, rights 3, usage 2.
    const codes = [4, 4, 1, 3, 2];
    for (const [i, [user, args, message]] of cases.entries()) {
      const r = await cli(user, ...args);
      expect(r.code, args.join(' ')).toBe(codes[i]);
      expect(r.err).toBe(message);
      expect(r.out).toBe('');
    }
    expect(existsSync(path.join(t.dir, 'x.pdf'))).toBe(false);
  });

  it('answers in the user’s language', async () => {
    const r = await cli('nmorin', 'report', 'render', 'USR01', '--out', path.join(t.dir, 'x.pdf'));
    expect(r.err).toBe('prextra-console: Insufficient right: "Read" needed on Reports › User list.\n');
  });
});
