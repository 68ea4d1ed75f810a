// Reports at scale (issue 11): every report is read in keyset chunks (no OFFSET, no list
// of ids), so a million rows cost a million rows; the chunking loses and repeats nothing;
// a long render reports its progress. On SQLite and, with PRX_TEST_PG_URL, PostgreSQL.
import { describe, expect, it, vi } from 'vitest';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../helpers/cli.js';
import { slowProgress } from '../../src/services/progress.js';
import { eachTestDb, makeTestDb } from '../helpers/db.js';
import { ENGINES } from '../helpers/pgdb.js';
import { insertMails } from '../helpers/rows.js';
import { insertManyUsers } from '../helpers/manyUsers.js';
import { DEFINITIONS, type ReportQueryContext } from '../../src/services/reports/definitions.js';
import { renderReport, type RenderProgress } from '../../src/services/reports/index.js';
import { setUserRights } from '../../src/services/rights.js';
import { setSchedule } from '../../src/services/users/index.js';

describe.each(ENGINES)('reports read in keyset order on %s', (_name, make, skip) => {
  const t = eachTestDb(make, skip);

  async function allRows(ctx: ReportQueryContext, code: string, chunk: number): Promise<string[][]> {
    const out: string[][] = [];
    for await (const rows of DEFINITIONS[code]!.chunks(ctx, chunk)) out.push(...rows);
    return out;
  }

  it.skipIf(skip)('reads every report in small chunks exactly as in one, with no OFFSET and no list of ids', async () => {
    const admin = await t.actor('admin');
    await insertManyUsers(t.db, 60);
    // Schedules on both sides of chunk boundaries, several ranges on one day, rights, mails.
    for (const code of ['m00003', 'm00004', 'm00006', 'jtremblay']) {
      await setSchedule(t.db, admin, code, [
        { weekday: 1, start: '08:00', end: '12:00' },
        { weekday: 1, start: '13:00', end: '17:00' },
        { weekday: 3, start: '09:00', end: '11:00' },
      ]);
    }
    await setUserRights(t.db, admin, 'm00005', { 'systeme.maintenance.utilisateurs': 'lecture', 'rapports.USR01': 'lecture' });
    await insertMails(t.db, admin.id, 12);
    const ctx: ReportQueryContext = { db: t.db, actor: admin, lang: 'fr', allMail: true };
    const queries: string[] = [];
    t.db.on('query', (q: { sql: string }) => queries.push(q.sql));
    for (const code of Object.keys(DEFINITIONS)) {
      const whole = await allRows(ctx, code, 100_000);
      expect(whole.length, code).toBe(await DEFINITIONS[code]!.count(ctx));
      expect(await allRows(ctx, code, 7), code).toEqual(whole);
      expect(await allRows(ctx, code, 1), code).toEqual(whole);
    }
    expect(queries.filter((sql) => /\boffset\b/i.test(sql))).toEqual([]);
    expect(queries.filter((sql) => /\bin \(\?/i.test(sql))).toEqual([]);
    // USR03: a user's day with two ranges is one line; a user without ranges, one line too.
    const usr03 = await allRows(ctx, 'USR03', 5);
    expect(usr03.filter((r) => r[0] === 'm00004')).toEqual([
      ['m00004', expect.any(String), 'Lundi', '08:00–12:00, 13:00–17:00'],
      ['m00004', expect.any(String), 'Mercredi', '09:00–11:00'],
    ]);
    expect(usr03.filter((r) => r[0] === 'm00005')).toEqual([['m00005', expect.any(String), '', expect.any(String)]]);
  });

  it.skipIf(skip)('tells its progress page by page: rows read and page, up to the whole report', async () => {
    const admin = await t.actor('admin');
    await insertManyUsers(t.db, 100);
    const seen: RenderProgress[] = [];
    const sink = new PassThrough();
    sink.resume();
    const r = await renderReport(t.db, admin, 'USR01', { out: sink, onProgress: (p) => seen.push(p) });
    expect(r.pages).toBeGreaterThan(3);
    expect(seen.map((p) => p.page)).toEqual(Array.from({ length: r.pages }, (_, i) => i + 1));
    const rows = seen[0]!.rows;
    expect(seen.every((p) => p.rows === rows && p.pages === r.pages)).toBe(true);
    expect(seen.at(-1)!.read).toBe(rows);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.read).toBeGreaterThan(seen[i - 1]!.read);
  });
});

describe('progress of a long report', () => {
  it('shows nothing for half a second from the first update, then at most once per interval', () => {
    let now = 0;
    const shown: number[] = [];
    const update = slowProgress((p: number) => shown.push(p), { afterMs: 500, everyMs: 1000, clock: () => now });
    for (const [at, p] of [
      [100, 1],
      [599, 2],
      [700, 3],
      [1300, 4],
      [1800, 5],
      [2100, 6],
    ] as const) {
      now = at;
      update(p);
    }
    expect(shown).toEqual([3, 5]);
  });

  it('report render prints its progress on stderr when it takes longer than half a second', async () => {
    const t = await makeTestDb();
    try {
      await insertManyUsers(t.db, 500);
      // Each look at the clock is 300 ms later: the render is "slow" whatever the machine.
      let clock = 0;
      vi.spyOn(performance, 'now').mockImplementation(() => (clock += 300));
      const out = path.join(t.dir, 'usr01.pdf');
      const r = await runCli(t, 'admin', ['report', 'render', 'USR01', '--out', out]);
      vi.restoreAllMocks();
      expect(r.code).toBe(0);
      const lines = r.err.trim().split('\n');
      expect(lines.length).toBeGreaterThan(2);
      const pages = lines.map((line) => {
        const m = /^USR01 : [\d\s]+ lignes lues sur 534, page (\d+) de 18$/.exec(line);
        expect(m, line).not.toBeNull();
        return Number(m![1]);
      });
      expect(pages).toEqual([...pages].sort((a, b) => a - b));
      expect(r.out).toContain('18 pages');
    } finally {
      vi.restoreAllMocks();
      await t.close();
    }
  });
});
